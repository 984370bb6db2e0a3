"""An Excel import job: one uploaded file, its validation, its preview and its application."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.policy import ScopePaths
from ocop.core.models import TimeStampedModel


class ImportKind(models.TextChoices):
    PRODUCERS = "producers", _("Chủ thể OCOP")
    PRODUCTS = "products", _("Sản phẩm")
    CERTIFICATES = "certificates", _("Giấy chứng nhận lịch sử")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Đã tải lên")
    VALIDATING = "validating", _("Đang kiểm tra")
    READY = "ready", _("Sẵn sàng ghi")
    INVALID = "invalid", _("Có lỗi")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    APPLYING = "applying", _("Đang ghi")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Không ghi được")

    @classmethod
    def running(cls) -> set[str]:
        return {cls.UPLOADED, cls.VALIDATING, cls.CONFIRMED, cls.APPLYING}


class ImportJob(TimeStampedModel):
    """Nothing reaches the registry before `status` goes ready → confirmed → applying → done."""

    # Only the provincial office imports and exports (imports.permissions), so only it sees a job and its history.
    scope_paths = ScopePaths(province="province", roles=frozenset({Role.PROVINCIAL_OFFICER}))
    change_roles = {Role.PROVINCIAL_OFFICER}

    kind = models.CharField(_("loại dữ liệu"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="import_jobs"
    )
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/", max_length=255)
    file_size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    total_rows = models.PositiveIntegerField(_("số dòng dữ liệu"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    to_create = models.PositiveIntegerField(_("số bản ghi sẽ tạo"), default=0)
    to_update = models.PositiveIntegerField(_("số bản ghi sẽ cập nhật"), default=0)
    unchanged = models.PositiveIntegerField(_("số bản ghi không đổi"), default=0)
    # [{"row", "column", "value", "message_vi", "message_en"}], every problem found
    problems = models.JSONField(_("lỗi"), default=list, blank=True)
    problem_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    # {"limit", "create": [...], "update": [...], "unchanged": [...]}: the first rows of each action
    preview = models.JSONField(_("xem trước"), default=dict, blank=True)
    # Hash of the planned changes at preview time; apply refuses when the plan differs.
    plan_fingerprint = models.CharField(max_length=64, blank=True)
    # A job-level message (why the apply was refused or failed), in both languages.
    message_vi = models.TextField(_("thông báo (tiếng Việt)"), blank=True)
    message_en = models.TextField(_("thông báo (tiếng Anh)"), blank=True)
    applied_created = models.PositiveIntegerField(_("đã tạo"), default=0)
    applied_updated = models.PositiveIntegerField(_("đã cập nhật"), default=0)
    validated_at = models.DateTimeField(_("kiểm tra xong lúc"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập Excel")
        verbose_name_plural = _("các lần nhập Excel")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="import_job_status_valid",
                condition=models.Q(status__in=[choice.value for choice in ImportStatus]),
            ),
            models.CheckConstraint(
                name="import_job_kind_valid", condition=models.Q(kind__in=["producers", "products", "certificates"])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in ImportStatus.running()

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
