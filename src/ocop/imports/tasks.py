"""Jobs of the import: each takes the job's primary key and calls one service. Safe to retry."""

from celery import shared_task


@shared_task(name="ocop.imports.validate")
def import_job_validate_task(job_id: int) -> str:
    from ocop.imports.services import import_job_validate

    return import_job_validate(job_id=job_id).status


@shared_task(name="ocop.imports.apply")
def import_job_apply_task(job_id: int) -> str:
    from ocop.imports.services import import_job_apply

    return import_job_apply(job_id=job_id).status
