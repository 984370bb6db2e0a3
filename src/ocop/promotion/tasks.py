"""Jobs of the promotion app: each takes a primary key and calls one service. Safe to run twice."""

from celery import shared_task


@shared_task(name="ocop.promotion.figure_import_check")
def figure_import_check_task(job_id: int) -> str:
    from ocop.promotion.importing import figure_import_check

    return figure_import_check(job_id=job_id).status


@shared_task(name="ocop.promotion.figure_import_apply")
def figure_import_apply_task(job_id: int) -> str:
    from ocop.promotion.importing import figure_import_apply

    return figure_import_apply(job_id=job_id).status
