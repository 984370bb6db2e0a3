"""Trade promotion: fairs, market sessions, connection weeks and exhibitions, their booths and daily figures.

The figures the programme publishes ("Fair V: 5 days, 54,000 visits, 6.8 bn VND, +15% visits/day")
are computed from three kinds of records kept here: visits per event day (`DailyVisits`), sales per
booth per day (`BoothSale`, whole đồng) and agreements signed at the event (`EventAgreement`). Nothing
stores a total: every total in a report is a sum of these rows (see `reports.py`).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.policy import ScopePaths
from ocop.core.models import TimeStampedModel


class EventType(models.TextChoices):
    FAIR = "fair", _("Hội chợ")
    MARKET_SESSION = "market_session", _("Phiên chợ")
    CONNECTION_WEEK = "connection_week", _("Tuần kết nối tiêu dùng")
    EXHIBITION_HOME = "exhibition_home", _("Triển lãm, hội chợ trong nước")
    EXHIBITION_ABROAD = "exhibition_abroad", _("Triển lãm, hội chợ nước ngoài")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị (chưa công bố)")
    ANNOUNCED = "announced", _("Đã công bố")
    CLOSED = "closed", _("Đã chốt số liệu")
    CANCELLED = "cancelled", _("Đã huỷ")


def roman(number: int | None) -> str:
    """An edition number in Roman numerals, as the programme writes them: 5 → "V", 14 → "XIV"."""
    if not number or number < 1:
        return ""
    parts = []
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while number >= value:
            parts.append(letters)
            number -= value
    return "".join(parts)


class EventSeries(TimeStampedModel):
    """A recurring event with numbered editions, e.g. "Hội chợ OCOP Quảng Ninh" (I, II, … V)."""

    scope_paths = ScopePaths(province="province")
    change_roles = {Role.PROVINCIAL_OFFICER}

    name = models.CharField(_("tên chuỗi sự kiện"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    event_type = models.CharField(_("loại sự kiện"), max_length=32, choices=EventType.choices)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("tỉnh tổ chức"), on_delete=models.PROTECT, related_name="event_series"
    )
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("chuỗi sự kiện")
        verbose_name_plural = _("chuỗi sự kiện")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name"],
                name="promotion_series_name_unique",
                violation_error_message=_("Tỉnh đã có một chuỗi sự kiện cùng tên."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Event(TimeStampedModel):
    """One event. `province` is the organising province: it decides who organises and which booths are
    "in-province". The place is a commune of today's units at home, or a city and a country abroad."""

    scope_paths = ScopePaths(province="province")
    change_roles = {Role.PROVINCIAL_OFFICER}

    event_type = models.CharField(_("loại sự kiện"), max_length=32, choices=EventType.choices)
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("chuỗi sự kiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    edition = models.PositiveSmallIntegerField(_("lần thứ"), null=True, blank=True)
    name = models.CharField(_("tên sự kiện"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("tỉnh tổ chức"), on_delete=models.PROTECT, related_name="events"
    )
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("xã, phường (trong nước)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    city = models.CharField(_("thành phố (nước ngoài)"), max_length=100, blank=True)
    country = models.CharField(_("quốc gia (nước ngoài)"), max_length=100, blank=True)
    first_day = models.DateField(_("ngày khai mạc"))
    last_day = models.DateField(_("ngày bế mạc"))
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT)
    description = models.TextField(_("mô tả"), blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)
    name_folded = models.CharField(max_length=300, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("sự kiện xúc tiến thương mại")
        verbose_name_plural = _("sự kiện xúc tiến thương mại")
        ordering = ["-first_day", "name"]
        indexes = [models.Index(fields=["province", "first_day"])]
        constraints = [
            models.CheckConstraint(
                name="promotion_event_days_in_order",
                condition=Q(last_day__gte=F("first_day")),
                violation_error_message=_("Ngày bế mạc phải cùng ngày hoặc sau ngày khai mạc."),
            ),
            models.CheckConstraint(
                name="promotion_event_edition_needs_series",
                condition=Q(edition__isnull=True) | Q(series__isnull=False),
                violation_error_message=_("Chỉ sự kiện thuộc một chuỗi mới có số lần tổ chức."),
            ),
            models.CheckConstraint(
                name="promotion_event_place",
                condition=(
                    Q(event_type=EventType.EXHIBITION_ABROAD, commune__isnull=True) & ~Q(city="") & ~Q(country="")
                )
                | (~Q(event_type=EventType.EXHIBITION_ABROAD) & Q(commune__isnull=False)),
                violation_error_message=_(
                    "Sự kiện trong nước cần xã, phường tổ chức; sự kiện ở nước ngoài cần thành phố và quốc gia."
                ),
            ),
            models.UniqueConstraint(
                fields=["series", "edition"],
                name="promotion_event_edition_unique",
                violation_error_message=_("Chuỗi sự kiện này đã có lần tổ chức mang số này."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def days(self) -> int:
        """Number of event days, first and last included."""
        return (self.last_day - self.first_day).days + 1

    def day_list(self) -> list[datetime.date]:
        return [self.first_day + datetime.timedelta(days=offset) for offset in range(self.days)]

    def has_day(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day

    @property
    def edition_roman(self) -> str:
        return roman(self.edition)

    @property
    def is_abroad(self) -> bool:
        return self.event_type == EventType.EXHIBITION_ABROAD

    @property
    def accepts_figures(self) -> bool:
        return self.status in (EventStatus.DRAFT, EventStatus.ANNOUNCED)


class Booth(TimeStampedModel):
    """A booth at one event. The exhibitor is a registered producer, or an outside exhibitor (name and
    province). `exhibitor_province` is the producer's province when the booth was registered (so a
    2016 booth stays "in-province" if the producer moves later); in-province = same as the event's."""

    scope_paths = ScopePaths(province="event__province", producer="producer")
    change_roles = {Role.PROVINCIAL_OFFICER}

    event = models.ForeignKey(Event, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="booths")
    number = models.CharField(_("số gian hàng"), max_length=20)
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("chủ thể OCOP"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="booths",
    )
    exhibitor_name = models.CharField(_("tên đơn vị trưng bày"), max_length=255, blank=True)
    exhibitor_province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("tỉnh của đơn vị trưng bày"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    products = models.ManyToManyField(
        "products.Product", verbose_name=_("sản phẩm trưng bày"), blank=True, related_name="booths"
    )
    products_text = models.CharField(_("sản phẩm trưng bày (ngoài danh mục)"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("gian hàng")
        verbose_name_plural = _("gian hàng")
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"],
                name="promotion_booth_number_unique",
                violation_error_message=_("Sự kiện đã có gian hàng mang số này."),
            ),
            models.CheckConstraint(
                name="promotion_booth_has_exhibitor",
                condition=Q(producer__isnull=False) | ~Q(exhibitor_name=""),
                violation_error_message=_("Gian hàng cần một chủ thể OCOP hoặc tên đơn vị trưng bày."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.exhibitor}"

    @property
    def exhibitor(self) -> str:
        if self.producer is not None:
            return self.producer.legal_name
        return self.exhibitor_name

    @property
    def in_province(self) -> bool | None:
        """True/False when the exhibitor's province is known, None when it is not."""
        if self.exhibitor_province_id is None:
            return None
        return self.exhibitor_province_id == self.event.province_id


class DailyVisits(TimeStampedModel):
    """Visits counted on one event day (the organiser's count at the gates)."""

    scope_paths = ScopePaths(province="event__province")
    change_roles = {Role.PROVINCIAL_OFFICER}

    event = models.ForeignKey(Event, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="visits")
    day = models.DateField(_("ngày"))
    visits = models.PositiveIntegerField(_("lượt khách"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lượt khách trong ngày")
        verbose_name_plural = _("lượt khách theo ngày")
        ordering = ["event", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "day"],
                name="promotion_visits_one_per_day",
                violation_error_message=_("Ngày này của sự kiện đã có số lượt khách."),
            ),
            models.CheckConstraint(
                name="promotion_visits_not_negative",
                condition=Q(visits__gte=0),
                violation_error_message=_("Số lượt khách không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.day:%d/%m/%Y}: {self.visits}"


class BoothSale(TimeStampedModel):
    """A booth's sales on one event day, in whole đồng (VND has no smaller unit in use)."""

    scope_paths = ScopePaths(province="booth__event__province", producer="booth__producer")
    change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

    booth = models.ForeignKey(Booth, verbose_name=_("gian hàng"), on_delete=models.CASCADE, related_name="sales")
    day = models.DateField(_("ngày"))
    amount_vnd = models.PositiveBigIntegerField(_("doanh thu (đồng)"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("doanh thu gian hàng trong ngày")
        verbose_name_plural = _("doanh thu gian hàng theo ngày")
        ordering = ["booth", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["booth", "day"],
                name="promotion_sale_one_per_booth_day",
                violation_error_message=_("Gian hàng đã có doanh thu của ngày này."),
            ),
            models.CheckConstraint(
                name="promotion_sale_not_negative",
                condition=Q(amount_vnd__gte=0),
                violation_error_message=_("Doanh thu không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booth} {self.day:%d/%m/%Y}: {self.amount_vnd}"


class EventAgreementKind(models.TextChoices):
    CONTRACT = "contract", _("Hợp đồng")
    MEMORANDUM = "memorandum", _("Biên bản ghi nhớ")


class EventAgreement(TimeStampedModel):
    """A contract or memorandum signed at the event: its parties, value (if stated) and products."""

    scope_paths = ScopePaths(province="event__province", producer="producer")
    change_roles = {Role.PROVINCIAL_OFFICER}

    event = models.ForeignKey(Event, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=EventAgreementKind.choices)
    signed_on = models.DateField(_("ngày ký"))
    first_party = models.CharField(_("bên thứ nhất"), max_length=255)
    second_party = models.CharField(_("bên thứ hai"), max_length=255)
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("chủ thể OCOP liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_agreements",
    )
    value_vnd = models.PositiveBigIntegerField(_("giá trị (đồng)"), null=True, blank=True)
    products = models.ManyToManyField(
        "products.Product", verbose_name=_("sản phẩm"), blank=True, related_name="event_agreements"
    )
    products_text = models.CharField(_("sản phẩm (mô tả)"), max_length=500, blank=True)
    summary = models.TextField(_("nội dung chính"), blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("hợp đồng, biên bản ghi nhớ")
        verbose_name_plural = _("hợp đồng, biên bản ghi nhớ")
        ordering = ["event", "signed_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="promotion_agreement_value_not_negative",
                condition=Q(value_vnd__isnull=True) | Q(value_vnd__gte=0),
                violation_error_message=_("Giá trị hợp đồng không được âm."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.first_party} – {self.second_party}"


class FigureImportKind(models.TextChoices):
    SALES = "sales", _("Doanh thu gian hàng theo ngày")
    VISITS = "visits", _("Lượt khách theo ngày")


class FigureImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Đã tải lên, chờ kiểm tra")
    CHECKING = "checking", _("Đang kiểm tra")
    INVALID = "invalid", _("Có lỗi, chưa ghi")
    READY = "ready", _("Đã xem trước, chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận, chờ ghi")
    APPLYING = "applying", _("Đang ghi")
    APPLIED = "applied", _("Đã ghi")
    STALE = "stale", _("Số liệu đã thay đổi sau khi xem trước, chưa ghi")
    FAILED = "failed", _("Không ghi được")


class FigureImport(TimeStampedModel):
    """An Excel file of daily figures for one event: read, checked and previewed; written only on confirmation.

    `rows` holds the plan: for each data row the target (booth and day, or day), the new value, the value
    in the system when previewed (`before`) and the action (create / update / unchanged). Confirmation
    re-checks every `before` against the database and writes all rows or none.
    """

    # Only the organisers import figures: the officers who read the reports do not see the files.
    scope_paths = ScopePaths(province="event__province", roles=frozenset({Role.PROVINCIAL_OFFICER}))
    change_roles = {Role.PROVINCIAL_OFFICER}

    event = models.ForeignKey(Event, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="imports")
    kind = models.CharField(_("loại dữ liệu"), max_length=20, choices=FigureImportKind.choices)
    status = models.CharField(_("trạng thái"), max_length=20, choices=FigureImportStatus.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    original_name = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="figure-imports/%Y/%m/", max_length=255, blank=True)
    total_rows = models.PositiveIntegerField(_("số dòng dữ liệu"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    rows = models.JSONField(_("các dòng"), default=list)
    problems = models.JSONField(_("các lỗi"), default=list)
    to_create = models.PositiveIntegerField(_("sẽ thêm"), default=0)
    to_update = models.PositiveIntegerField(_("sẽ sửa"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    # Why the apply wrote nothing (it failed), in both languages.
    message_vi = models.TextField(_("thông báo (tiếng Việt)"), blank=True)
    message_en = models.TextField(_("thông báo (tiếng Anh)"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp nhập số liệu sự kiện")
        verbose_name_plural = _("tệp nhập số liệu sự kiện")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_kind_display()})"

    @property
    def is_running(self) -> bool:
        running = (FigureImportStatus.UPLOADED, FigureImportStatus.CHECKING, FigureImportStatus.CONFIRMED)
        return self.status in (*running, FigureImportStatus.APPLYING)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.processed_rows / self.total_rows)) if self.total_rows else 0
