"""A file built outside the request: an export or report a user asked for, its progress and its result."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Xong")
    FAILED = "failed", _("Lỗi")
    EXPIRED = "expired", _("Đã hết hạn")


def result_path(job: "Job", filename: str) -> str:
    # A folder of its own, not guessable: the stored name keeps the file name the user sees.
    return f"jobs/{uuid.uuid4().hex}/{filename}"


class Job(models.Model):
    """`kind` names a builder in settings.OCOP_JOB_KINDS; `params` is what the page asked for (the
    builder checks it again against the user, in the worker). The result file is private: only the
    user who asked downloads it (ocop.jobs.views.job_download), and the media view serves it to nobody."""

    kind = models.CharField(_("loại"), max_length=60)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("người yêu cầu")
    )
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("đã xong"), default=0)
    total = models.PositiveIntegerField(_("tổng"), default=0)
    error_vi = models.TextField(_("lỗi (tiếng Việt)"), blank=True)
    error_en = models.TextField(_("lỗi (tiếng Anh)"), blank=True)
    result = models.FileField(_("tệp kết quả"), upload_to=result_path, max_length=300, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tác vụ tạo tệp")
        verbose_name_plural = _("tác vụ tạo tệp")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"]), models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                name="jobs_job_done_within_total",
                violation_error_message=_("Số phần đã xong không được vượt quá tổng."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
