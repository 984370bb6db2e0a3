"""Writes of the import: create a job from an upload, validate it, confirm it, apply it.

Nothing reaches the registry before `import_job_apply`, which re-validates the file against the
database as it is then and writes every row in one transaction, or nothing.
"""

import io
import logging
from collections.abc import Callable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.policy import get_visible_or_404, require_change
from ocop.core.background import rows_progress_save, rows_total_save, status_claim
from ocop.core.errors import DomainError
from ocop.core.outbox import outbox_enqueue
from ocop.core.services import audit_record
from ocop.imports import conf
from ocop.imports.certificates import CertificateValidator
from ocop.imports.columns import COLUMNS
from ocop.imports.models import ImportJob, ImportKind, ImportStatus
from ocop.imports.permissions import require_importer
from ocop.imports.problems import (
    MESSAGE_APPLY_FAILED,
    MESSAGE_CHANGED_SINCE_PREVIEW,
    MESSAGE_PROBLEMS_AT_APPLY,
    ImportFileError,
    bilingual,
)
from ocop.imports.producers import ProducerValidator
from ocop.imports.products import ProductValidator
from ocop.imports.readers import check_upload, read_sheet, upload_check
from ocop.imports.validation import CREATE, UNCHANGED, UPDATE, Plan
from ocop.imports.writers import StalePlan, plan_write

logger = logging.getLogger(__name__)
VALIDATORS: dict[str, type[ProducerValidator] | type[ProductValidator] | type[CertificateValidator]] = {
    ImportKind.PRODUCERS: ProducerValidator,
    ImportKind.PRODUCTS: ProductValidator,
    ImportKind.CERTIFICATES: CertificateValidator,
}


def _validator(job: ImportJob) -> ProducerValidator | ProductValidator | CertificateValidator:
    if job.kind == ImportKind.CERTIFICATES:  # who may record which star depends on the uploader
        return CertificateValidator(province=job.province, actor=job.created_by)
    return VALIDATORS[job.kind](province=job.province)


def job_progress_save(job_id: int, processed: int) -> None:
    """One UPDATE of the job's counter, committed at once, so the progress bar moves."""
    rows_progress_save(ImportJob, job_id, processed)


@transaction.atomic
def import_job_create(*, actor: User | None, kind: str, upload: UploadedFile) -> ImportJob:
    """Store the upload as a job and queue its validation. A file refused outright raises ImportFileError."""
    province = require_importer(actor)
    if kind not in ImportKind.values:
        raise DomainError(_("Loại dữ liệu “%(kind)s” không hợp lệ.") % {"kind": kind}, field="kind")
    name = upload_check(upload)
    size = upload.size or 0
    job = ImportJob(kind=kind, created_by=actor, province=province, original_name=name[:255], file_size=size)
    job.file.save(get_valid_filename(name)[-100:], upload, save=False)
    job.save()
    audit_record(actor=actor, action="import_job.upload", target=job, after={"kind": kind, "file": name})
    from ocop.imports.tasks import import_job_validate_task

    outbox_enqueue(import_job_validate_task, job.pk)
    return job


def _plan(job: ImportJob, *, progress: Callable[[int], None]) -> Plan:
    """Read and validate the job's file against the database as it is now. Writes only the job's counters."""
    with job.file.open("rb") as handle:
        data = handle.read()
    check_upload(name=job.original_name, size=len(data), head=data[:8])
    sheet = read_sheet(io.BytesIO(data), name=job.original_name, columns=COLUMNS[job.kind])
    total = len(sheet.rows)
    rows_total_save(ImportJob, job.pk, total)
    validator = _validator(job)
    every = conf.progress_every()
    for index, (row, values) in enumerate(sheet.rows, start=1):
        validator.check(row, values)
        if index % every == 0:
            progress(index)
    progress(total)
    plan = validator.finish()
    plan.problems = sorted(sheet.problems + plan.problems, key=lambda p: p["row"] or 0)
    return plan


def _store_plan(job: ImportJob, plan: Plan) -> None:
    job.problems = plan.problems
    job.problem_count = len(plan.problems)
    job.to_create = plan.count(CREATE)
    job.to_update = plan.count(UPDATE)
    job.unchanged = plan.count(UNCHANGED)
    job.preview = plan.preview(conf.preview_limit())
    job.plan_fingerprint = plan.fingerprint()
    job.status = ImportStatus.INVALID if plan.problems else ImportStatus.READY
    job.validated_at = timezone.now()


def _store_file_error(job: ImportJob, error: ImportFileError) -> None:
    job.status = ImportStatus.INVALID
    job.problems = error.problems
    job.problem_count = len(error.problems)
    job.message_vi, job.message_en = error.message_vi, error.message_en
    job.to_create = job.to_update = job.unchanged = 0
    job.preview = {}
    job.plan_fingerprint = ""


def _claim(job_id: int, *, from_status: set[str], to_status: str) -> ImportJob | None:
    """Move the job to `to_status` if it is in one of `from_status`; None if another worker has it."""
    queryset = ImportJob.objects.select_related("province", "confirmed_by")
    return status_claim(queryset, job_id, from_status=from_status, to_status=to_status)


def import_job_validate(*, job_id: int) -> ImportJob:
    """Validate every row of the file and store the preview and the problems. Writes nothing else."""
    job = _claim(
        job_id, from_status={ImportStatus.UPLOADED, ImportStatus.VALIDATING}, to_status=ImportStatus.VALIDATING
    )
    if job is None:
        return ImportJob.objects.get(pk=job_id)
    try:
        plan = _plan(job, progress=lambda count: job_progress_save(job.pk, count))
    except ImportFileError as error:
        _store_file_error(job, error)
    else:
        _store_plan(job, plan)
    job.total_rows, job.processed_rows = ImportJob.objects.values_list("total_rows", "processed_rows").get(pk=job.pk)
    job.save()
    return job


@transaction.atomic
def import_job_confirm(*, actor: User | None, job_id: int) -> ImportJob:
    """The officer accepts the preview: queue the apply. Only a clean job (status ready) can be confirmed."""
    require_importer(actor)
    job = get_visible_or_404(actor, ImportJob.objects.select_for_update(), pk=job_id)
    require_change(actor, job)
    if job.status != ImportStatus.READY:
        raise DomainError(_("Chỉ xác nhận được tệp đã kiểm tra xong và không có lỗi."), field="status")
    job.status = ImportStatus.CONFIRMED
    job.confirmed_by = actor
    job.confirmed_at = timezone.now()
    job.message_vi = job.message_en = ""
    job.save()
    audit_record(actor=actor, action="import_job.confirm", target=job, after={"status": job.status})
    from ocop.imports.tasks import import_job_apply_task

    outbox_enqueue(import_job_apply_task, job.pk)
    return job


def import_job_apply(*, job_id: int) -> ImportJob:
    """Re-validate against today's database, then write everything in one transaction — or nothing."""
    job = _claim(job_id, from_status={ImportStatus.CONFIRMED}, to_status=ImportStatus.APPLYING)
    if job is None:
        return ImportJob.objects.get(pk=job_id)
    try:
        plan = _plan(job, progress=lambda count: job_progress_save(job.pk, count))
    except ImportFileError as error:
        _store_file_error(job, error)
        return _finish(job)
    if plan.problems:
        _store_plan(job, plan)
        job.message_vi, job.message_en = bilingual(MESSAGE_PROBLEMS_AT_APPLY)
        return _finish(job)
    if plan.fingerprint() != job.plan_fingerprint:
        _store_plan(job, plan)
        job.message_vi, job.message_en = bilingual(MESSAGE_CHANGED_SINCE_PREVIEW)
        return _finish(job)
    try:
        with transaction.atomic():
            created, updated = plan_write(plan=plan, actor=job.confirmed_by, job_id=job.pk)
            audit_record(
                actor=job.confirmed_by,
                action="import_job.apply",
                target=job,
                after={"created": created, "updated": updated, "unchanged": plan.count(UNCHANGED)},
            )
    except StalePlan:
        return _revalidate_after_stale(job)
    except Exception as error:
        logger.exception("import job %s failed", job.pk)
        job.status = ImportStatus.FAILED
        job.message_vi, job.message_en = bilingual(MESSAGE_APPLY_FAILED, {"error": error.__class__.__name__})
        return _finish(job)
    job.status = ImportStatus.DONE
    job.applied_created, job.applied_updated = created, updated
    return _finish(job)


def _revalidate_after_stale(job: ImportJob) -> ImportJob:
    try:
        plan = _plan(job, progress=lambda count: job_progress_save(job.pk, count))
    except ImportFileError as error:
        _store_file_error(job, error)
    else:
        _store_plan(job, plan)
    job.message_vi, job.message_en = bilingual(MESSAGE_CHANGED_SINCE_PREVIEW)
    return _finish(job)


def _finish(job: ImportJob) -> ImportJob:
    job.total_rows, job.processed_rows = ImportJob.objects.values_list("total_rows", "processed_rows").get(pk=job.pk)
    job.finished_at = timezone.now()
    job.save()
    return job
