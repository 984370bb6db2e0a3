"""Serialized QR stamps: a run of stamps for one lot of a certified product, and what scans of them show.

A run is stored as a range, not as N rows: stamp number `index` (1…quantity) of run `run_id` has the
serial `<run id>-<index>`, so serials are unique by construction (the run's primary key) and a run of
100,000 stamps is one INSERT. A per-stamp row (`StampState`) is materialised only when a stamp is first
scanned, by one `INSERT … ON CONFLICT … DO UPDATE … RETURNING` that also counts later scans, so two
simultaneous scans are both counted. Voided stamps are ranges too (`StampVoid`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.policy import ScopePaths
from ocop.core.models import TimeStampedModel

MAX_RUN_QUANTITY = 100_000
# Who sees runs, scans and reports (an administrator always does): not council members, not buyers.
STAMP_ROLES = frozenset({Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER})


class RunStatus(models.TextChoices):
    REQUESTED = "requested", _("Đã yêu cầu")
    READY = "ready", _("Sẵn sàng in")


class StampRun(TimeStampedModel):
    """One lot of a certified product and the stamps printed for it (serials `<id>-1` … `<id>-<quantity>`)."""

    scope_paths = ScopePaths(
        province="certificate__producer__commune__province",
        commune="certificate__producer__commune",
        producer="certificate__producer",
        roles=STAMP_ROLES,
    )
    change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

    certificate = models.ForeignKey(
        "certificates.Certificate", verbose_name=_("giấy chứng nhận"), on_delete=models.PROTECT, related_name="+"
    )
    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="stamp_runs"
    )
    lot_number = models.CharField(_("số lô"), max_length=20)
    production_date = models.DateField(_("ngày sản xuất"))
    best_before = models.DateField(_("hạn sử dụng"))
    quantity = models.PositiveIntegerField(_("số tem"))
    notes = models.TextField(_("thông tin sản xuất"), blank=True)
    evidence = models.FileField(_("tệp kèm theo"), upload_to="stamps/evidence/%Y/", max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=RunStatus.choices, default=RunStatus.READY)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("đợt tem")
        verbose_name_plural = _("đợt tem")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1, quantity__lte=MAX_RUN_QUANTITY),
                name="stamps_run_quantity",
                violation_error_message=_("Số tem của một đợt phải từ 1 đến 100.000."),
            ),
            models.CheckConstraint(
                condition=Q(best_before__gte=F("production_date")),
                name="stamps_run_dates_ordered",
                violation_error_message=_("Hạn sử dụng không được trước ngày sản xuất."),
            ),
            models.UniqueConstraint(
                fields=["product", "lot_number"],
                name="stamps_run_lot_unique",
                violation_error_message=_("Sản phẩm này đã có đợt tem cho số lô này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lot_number} ({self.quantity})"

    def serial(self, index: int) -> str:
        return f"{self.pk}-{index}"

    @property
    def first_serial(self) -> str:
        return self.serial(1)

    @property
    def last_serial(self) -> str:
        return self.serial(self.quantity)


class StampVoid(TimeStampedModel):
    """Stamps `first_index` … `last_index` of a run are void (lost, misprinted, destroyed)."""

    run = models.ForeignKey(StampRun, verbose_name=_("đợt tem"), on_delete=models.CASCADE, related_name="voids")
    first_index = models.PositiveIntegerField(_("từ tem số"))
    last_index = models.PositiveIntegerField(_("đến tem số"))
    reason = models.CharField(_("lý do"), max_length=300)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người huỷ"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("khoảng tem huỷ")
        verbose_name_plural = _("khoảng tem huỷ")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_index__gte=1, last_index__gte=F("first_index")),
                name="stamps_void_range_ordered",
                violation_error_message=_("Khoảng tem huỷ phải bắt đầu từ 1 và từ nhỏ đến lớn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.first_index}–{self.last_index}"


class StampState(models.Model):
    """A stamp that has been scanned at least once: how many times, and when first and last."""

    run = models.ForeignKey(StampRun, on_delete=models.CASCADE, related_name="states")
    index = models.PositiveIntegerField()
    scan_count = models.PositiveIntegerField(default=0)
    first_scanned_at = models.DateTimeField()
    last_scanned_at = models.DateTimeField()

    class Meta:
        verbose_name = _("tem đã quét")
        verbose_name_plural = _("tem đã quét")
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="stamps_state_unique_serial")]

    def __str__(self) -> str:
        return f"{self.run_id}-{self.index}: {self.scan_count}"


class AgentClass(models.TextChoices):
    PHONE = "phone", _("Điện thoại")
    COMPUTER = "computer", _("Máy tính")
    SCANNER = "scanner", _("Máy quét / ứng dụng")
    OTHER = "other", _("Khác")


class StampScan(models.Model):
    """One scan: no address, no identifier of the visitor; a truncated network and, if consented, a
    location rounded to 0.1° (about 11 km)."""

    run = models.ForeignKey(StampRun, on_delete=models.CASCADE, related_name="scans")
    index = models.PositiveIntegerField()
    scanned_at = models.DateTimeField(db_index=True)
    network = models.CharField(_("mạng (đã cắt bớt)"), max_length=50, blank=True)
    region = models.CharField(_("vùng"), max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    longitude = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    agent = models.CharField(_("loại thiết bị"), max_length=10, choices=AgentClass.choices, default=AgentClass.OTHER)
    scan_number = models.PositiveIntegerField(_("lần quét thứ"))

    class Meta:
        verbose_name = _("lượt quét tem")
        verbose_name_plural = _("lượt quét tem")
        indexes = [models.Index(fields=["run", "index", "scanned_at"], name="stamps_scan_serial_time")]
        # One row per scan number of a stamp: a batch of scans written twice (ocop.stamps.counter) is
        # written once.
        constraints = [models.UniqueConstraint(fields=["run", "index", "scan_number"], name="stamps_scan_number_once")]

    def __str__(self) -> str:
        return f"{self.run_id}-{self.index} #{self.scan_number}"


class ReportStatus(models.TextChoices):
    NEW = "new", _("Mới")
    HANDLED = "handled", _("Đã xử lý")


class StampReport(TimeStampedModel):
    """A consumer's report that a stamp looked wrong, routed to the provincial office."""

    scope_paths = ScopePaths(
        province="run__certificate__producer__commune__province",
        commune="run__certificate__producer__commune",
        producer="run__certificate__producer",
        roles=STAMP_ROLES,
    )
    change_roles = {Role.PROVINCIAL_OFFICER}

    run = models.ForeignKey(StampRun, verbose_name=_("đợt tem"), on_delete=models.CASCADE, related_name="reports")
    index = models.PositiveIntegerField(_("tem số"))
    place = models.CharField(_("nơi mua"), max_length=200)
    message = models.TextField(_("nội dung"), max_length=2000, blank=True)
    photo = models.ImageField(_("ảnh"), upload_to="stamps/reports/%Y/", max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NEW)
    handled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notified_at = models.DateTimeField(_("đã báo lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo tem nghi giả")
        verbose_name_plural = _("báo cáo tem nghi giả")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.run_id}-{self.index}: {self.place}"


class StampSuspicion(models.Model):
    """A stamp that became "may have been copied": one row per stamp, written by the scan that first
    found it so (INSERT … ON CONFLICT DO NOTHING), so its alert goes out once however many scans follow."""

    run = models.ForeignKey(StampRun, verbose_name=_("đợt tem"), on_delete=models.CASCADE, related_name="suspicions")
    index = models.PositiveIntegerField(_("tem số"))
    suspected_at = models.DateTimeField(_("nghi từ lúc"), db_index=True)
    scan_count = models.PositiveIntegerField(_("số lần quét khi bị nghi"))
    too_many = models.BooleanField(_("quét quá ngưỡng"), default=False)
    far_apart = models.BooleanField(_("quét ở nơi cách xa nhau"), default=False)
    notified_at = models.DateTimeField(_("đã báo lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tem nghi bị sao chép")
        verbose_name_plural = _("tem nghi bị sao chép")
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="stamps_suspicion_unique_serial")]

    def __str__(self) -> str:
        return f"{self.run_id}-{self.index}"
