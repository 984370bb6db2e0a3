"""Writes of the jobs app: create a job (and queue it through the outbox), run it, expire old results."""

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.models import User
from ocop.core.errors import DomainError
from ocop.core.outbox import outbox_enqueue
from ocop.jobs.kinds import builder_for, known_kinds
from ocop.jobs.models import Job, JobStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger("ocop.jobs")


def job_create(*, actor: User, kind: str, params: dict[str, Any]) -> Job:
    """The request's part: one row and one outbox entry in one transaction; the file is built after
    the commit (inline without a broker, by a worker otherwise; a broker that is down delays it)."""
    if kind not in known_kinds():
        raise DomainError(_("Không có loại tệp này."), field="kind")
    from ocop.jobs.tasks import job_run_task

    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, requested_by=actor, params=params, language=translation.get_language() or "vi"
        )
        outbox_enqueue(job_run_task, job.pk)
    return job


def _both_languages(message: "StrOrPromise | None") -> tuple[str, str]:
    """The failure as the user reads it, in Vietnamese and English (a lazy message is rendered in each)."""
    texts = []
    for language in ("vi", "en"):
        with translation.override(language):
            texts.append(str(message or _("Không tạo được tệp. Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị viên.")))
    return texts[0], texts[1]


def job_run(*, job_id: int) -> Job:
    """The worker's part: build the file and store it. Safe to run twice: a job already done or
    failed is left as it is. Any exception ends the job `failed` with a message, never raised."""
    claimed = Job.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    if not claimed:
        return job

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job_id).update(done=min(done, total), total=total)

    try:
        with translation.override(job.language):  # the file in the language of the page that asked
            built = builder_for(job.kind)(job.requested_by, job.params, progress)
    except Exception as error:
        message: StrOrPromise | None = error.message if isinstance(error, DomainError) else None
        if isinstance(error, (PermissionDenied, Http404)):
            message = gettext_lazy("Bạn không còn quyền xem dữ liệu của tệp này.")
        if message is None:
            logger.exception("job %s (%s) failed", job_id, job.kind, extra={"job": job_id, "kind": job.kind})
        job.error_vi, job.error_en = _both_languages(message)
        job.status = JobStatus.FAILED
        job.finished_at = timezone.now()
        job.save(update_fields=["error_vi", "error_en", "status", "finished_at"])
        return job
    job.refresh_from_db(fields=["done", "total"])
    job.result.save(built.filename, ContentFile(built.content), save=False)
    now = timezone.now()
    job.filename = built.filename
    job.status = JobStatus.DONE
    job.done = job.total = max(job.total, 1)
    job.finished_at = now
    job.expires_at = now + timedelta(hours=settings.OCOP_JOB_RESULT_HOURS)
    job.save(update_fields=["result", "filename", "status", "done", "total", "finished_at", "expires_at"])
    return job


def jobs_expire(*, now: datetime | None = None) -> int:
    """Remove the result files whose expiry has passed; the rows stay, marked expired. Returns how many."""
    now = now or timezone.now()
    count = 0
    for job in Job.objects.filter(status=JobStatus.DONE, expires_at__lte=now):
        if job.result:
            job.result.delete(save=False)
        job.status = JobStatus.EXPIRED
        job.save(update_fields=["result", "status"])
        count += 1
    return count
