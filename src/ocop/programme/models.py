"""Programme: phases, indicators (as data), targets, reported statistics, funding, sales reports.

What is computed and what is published are kept apart. A computed figure is never stored as a
fact: it is an indicator's computation run over the records (see `registry.py` and
`computations.py`). A published figure (a newspaper, a provincial report) is a `ReportedStatistic`
with its date and source, shown beside the computed one and never added to it.

Sales are reported by producers per product, per period (a month or a quarter) and per channel.
Two summary tables (`SalesSummary`, `SalesYearSummary`) hold the sums the dashboards read; every
write of a sales line or of a booth-sales reconciliation updates them in the same transaction,
and `services.sales_summary_rebuild()` recomputes them from the raw rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.policy import ScopePaths
from ocop.core.formatting import localized
from ocop.core.models import TimeStampedModel


class Unit(models.TextChoices):
    VND = "vnd", _("đồng")
    COUNT = "count", _("số lượng")
    PERCENT = "percent", _("%")
    VISITS = "visits", _("lượt khách")


class Phase(TimeStampedModel):
    """A programme phase (giai đoạn), e.g. 2017–2020. Phases are whole calendar years."""

    code = models.SlugField(_("mã"), max_length=20, unique=True)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=200)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("từ năm"))
    last_year = models.PositiveSmallIntegerField(_("đến năm"))

    class Meta:
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["first_year"]
        constraints = [
            models.CheckConstraint(
                name="programme_phase_years_ordered",
                condition=Q(last_year__gte=F("first_year")),
                violation_error_message=_("Năm kết thúc phải bằng hoặc sau năm bắt đầu."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_year}–{self.last_year}"


class Indicator(TimeStampedModel):
    """An indicator as data: what it is called, its unit, which registered computation gives its
    value and by what it may be broken down. The computation key names a function registered with
    `@indicator(key)` in computations.py."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=255)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=255)
    description_vi = models.TextField(_("cách tính (tiếng Việt)"), blank=True)
    description_en = models.TextField(_("cách tính (tiếng Anh)"), blank=True)
    unit = models.CharField(_("đơn vị"), max_length=10, choices=Unit.choices)
    computation = models.CharField(_("phép tính"), max_length=60)
    parameters = models.JSONField(_("tham số"), default=dict, blank=True)
    breakdowns = models.JSONField(_("chiều phân tích"), default=list, blank=True)
    paced = models.BooleanField(
        _("đánh giá theo tiến độ thời gian"),
        default=True,
        help_text=_(
            "Có: giá trị tăng dần trong giai đoạn, so tiến độ với phần thời gian đã qua. "
            "Không (ví dụ một tỷ lệ): phải đạt mục tiêu ở mọi thời điểm."
        ),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return localized(self)


class Target(TimeStampedModel):
    """A target for one indicator in one phase and place (province; commune optional; none = national)."""

    scope_paths = ScopePaths(province="province", commune="commune")
    change_roles = {Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER}

    phase = models.ForeignKey(Phase, verbose_name=_("giai đoạn"), on_delete=models.PROTECT, related_name="targets")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="targets"
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        "geo.Commune", verbose_name=_("xã, phường"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("mục tiêu"), max_digits=20, decimal_places=2)
    source = models.CharField(_("căn cứ"), max_length=300, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["phase", "indicator__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "indicator", "province", "commune"],
                name="programme_target_unique",
                violation_error_message=_("Giai đoạn này đã có mục tiêu cho chỉ tiêu và địa bàn này."),
            ),
            models.UniqueConstraint(
                fields=["phase", "indicator", "province"],
                condition=Q(commune__isnull=True),
                name="programme_target_unique_province",
                violation_error_message=_("Giai đoạn này đã có mục tiêu cho chỉ tiêu và địa bàn này."),
            ),
            models.UniqueConstraint(
                fields=["phase", "indicator"],
                condition=Q(province__isnull=True) & Q(commune__isnull=True),
                name="programme_target_unique_national",
                violation_error_message=_("Giai đoạn này đã có mục tiêu toàn quốc cho chỉ tiêu này."),
            ),
            models.CheckConstraint(
                name="programme_target_positive",
                condition=Q(value__gt=0),
                violation_error_message=_("Mục tiêu phải lớn hơn 0."),
            ),
            models.CheckConstraint(
                name="programme_target_commune_needs_province",
                condition=Q(commune__isnull=True) | Q(province__isnull=False),
                violation_error_message=_("Mục tiêu của xã cần ghi cả tỉnh."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase} · {self.indicator} · {self.value}"


class ReportedStatistic(TimeStampedModel):
    """A figure published by someone else (value, date, source). Shown beside the computed figure,
    never mixed into it. `breakdown` narrows it, e.g. {"star": 4}."""

    scope_paths = ScopePaths(province="province")
    change_roles = {Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER}

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="reported"
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    breakdown = models.JSONField(_("phạm vi"), default=dict, blank=True)
    value = models.DecimalField(_("giá trị công bố"), max_digits=20, decimal_places=2)
    as_of = models.DateField(_("số liệu tính đến ngày"))
    source = models.CharField(_("nguồn"), max_length=300)
    source_url = models.URLField(_("đường dẫn nguồn"), blank=True)
    published_on = models.DateField(_("ngày công bố"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("số liệu công bố")
        verbose_name_plural = _("số liệu công bố")
        ordering = ["indicator", "as_of", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "province", "as_of", "source", "breakdown"],
                name="programme_reported_unique",
                violation_error_message=_("Số liệu này (chỉ tiêu, ngày, nguồn) đã được ghi."),
            ),
            models.CheckConstraint(
                name="programme_reported_not_negative",
                condition=Q(value__gte=0),
                violation_error_message=_("Số liệu công bố không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.as_of:%d/%m/%Y}: {self.value} ({self.source})"


class FundingSource(models.TextChoices):
    COMMUNITY = "community", _("Cộng đồng (người dân, doanh nghiệp, hợp tác xã)")
    STATE_BUDGET = "state_budget", _("Ngân sách nhà nước")
    CREDIT = "credit", _("Vốn tín dụng")
    OTHER = "other", _("Nguồn khác")


class Funding(TimeStampedModel):
    """Money mobilised for the programme in one year and place, by source."""

    scope_paths = ScopePaths(province="province", commune="commune")
    change_roles = {Role.PROVINCIAL_OFFICER}

    province = models.ForeignKey("geo.Province", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey(
        "geo.Commune", verbose_name=_("xã, phường"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    source = models.CharField(_("nguồn vốn"), max_length=20, choices=FundingSource.choices)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    description = models.CharField(_("nội dung"), max_length=300, blank=True)
    document = models.CharField(_("chứng từ, văn bản"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("nguồn kinh phí")
        verbose_name_plural = _("nguồn kinh phí")
        ordering = ["-year", "source"]
        indexes = [models.Index(fields=["province", "year"])]

    def __str__(self) -> str:
        return f"{self.year} {self.get_source_display()}: {self.amount_vnd}"


class InvestmentSelection(TimeStampedModel):
    """A product selected in a phase for focused investment (the first step of the star funnel)."""

    scope_paths = ScopePaths(
        province="product__producer__commune__province",
        commune="product__producer__commune",
        producer="product__producer",
    )
    change_roles = {Role.PROVINCIAL_OFFICER}

    phase = models.ForeignKey(Phase, verbose_name=_("giai đoạn"), on_delete=models.PROTECT, related_name="selections")
    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="investment_selections"
    )
    selected_on = models.DateField(_("ngày lựa chọn"))
    decision = models.CharField(_("văn bản lựa chọn"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("sản phẩm được chọn đầu tư")
        verbose_name_plural = _("sản phẩm được chọn đầu tư")
        ordering = ["phase", "selected_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "product"],
                name="programme_selection_unique",
                violation_error_message=_("Sản phẩm đã được chọn đầu tư trong giai đoạn này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.phase}: {self.product}"


class Channel(models.TextChoices):
    FAIRS_EVENTS = "fairs_events", _("Hội chợ, sự kiện")
    RETAIL_CHAINS = "retail_chains", _("Chuỗi bán lẻ, siêu thị")
    ECOMMERCE = "ecommerce", _("Thương mại điện tử")
    EXPORT = "export", _("Xuất khẩu")
    DIRECT_OTHER = "direct_other", _("Bán trực tiếp và kênh khác")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")


class SalesOrigin(models.TextChoices):
    ENTERED = "entered", _("Nhập trên hệ thống")
    IMPORTED = "imported", _("Nhập từ Excel")
    DEMO = "demo", _("Dữ liệu minh hoạ")


class SalesLine(TimeStampedModel):
    """A producer's sales of one product in one period and channel, in whole đồng.

    The place, producer type and product group are written when the line is saved (a snapshot),
    so a year's sales stay where they were made if a producer moves later (a correction of the
    line takes the producer's current place).
    """

    # The sales page's roles: the producer, the commune, the provincial and central offices; not the council.
    scope_paths = ScopePaths(
        province="province",
        commune="commune",
        producer="producer",
        roles=frozenset({Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER}),
    )
    change_roles = {Role.PRODUCER, Role.PROVINCIAL_OFFICER}

    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="sales_lines"
    )
    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="sales_lines"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=10, choices=PeriodKind.choices)
    period = models.PositiveSmallIntegerField(_("tháng hoặc quý"))
    quarter = models.PositiveSmallIntegerField(_("quý"), editable=False)
    channel = models.CharField(_("kênh bán hàng"), max_length=20, choices=Channel.choices)
    amount_vnd = models.PositiveBigIntegerField(_("doanh thu (đồng)"))
    origin = models.CharField(_("nguồn nhập"), max_length=10, choices=SalesOrigin.choices, default=SalesOrigin.ENTERED)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Snapshot of the dimensions, written by the service.
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+", editable=False)
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="+", editable=False)
    producer_type = models.CharField(max_length=32, editable=False)
    product_group = models.ForeignKey(
        "criteria.ProductGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("dòng doanh số")
        verbose_name_plural = _("doanh số bán hàng")
        ordering = ["-year", "-quarter", "-period", "product__name_vi", "channel"]
        indexes = [
            models.Index(fields=["province", "year"], name="programme_sales_prov_year"),
            models.Index(fields=["producer", "year", "quarter"], name="programme_sales_producer_q"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "year", "period_kind", "period", "channel"],
                name="programme_sales_line_unique",
                violation_error_message=_("Sản phẩm đã có doanh số của kỳ và kênh này; hãy sửa dòng đã có."),
            ),
            models.CheckConstraint(
                name="programme_sales_period_range",
                condition=(Q(period_kind="month") & Q(period__gte=1) & Q(period__lte=12))
                | (Q(period_kind="quarter") & Q(period__gte=1) & Q(period__lte=4)),
                violation_error_message=_("Tháng phải từ 1 đến 12, quý từ 1 đến 4."),
            ),
            models.CheckConstraint(
                name="programme_sales_year_range",
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                violation_error_message=_("Năm phải từ 2000 đến 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.period_label} {self.get_channel_display()}: {self.amount_vnd}"

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.MONTH:
            return f"{self.period:02d}/{self.year}"
        return f"Q{self.period}/{self.year}"


class BoothSalesReconciliation(models.Model):
    """Booth sales recorded at events (promotion) against the producer's own "fairs and events" figure,
    per producer and quarter. The part of booth sales the producer did not declare (`counted_vnd` =
    max(0, booth − declared)) is counted as OCOP sales; booth sales are never counted twice."""

    scope_paths = ScopePaths(province="province", commune="commune", producer="producer")

    producer = models.ForeignKey("producers.Producer", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"))
    booth_vnd = models.PositiveBigIntegerField(_("doanh thu gian hàng ghi nhận tại sự kiện (đồng)"))
    declared_vnd = models.PositiveBigIntegerField(_("chủ thể tự báo cáo kênh hội chợ, sự kiện (đồng)"))
    counted_vnd = models.PositiveBigIntegerField(_("phần bổ sung được tính (đồng)"))
    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="+")
    producer_type = models.CharField(max_length=32)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đối chiếu doanh thu gian hàng")
        verbose_name_plural = _("đối chiếu doanh thu gian hàng")
        constraints = [
            models.UniqueConstraint(fields=["producer", "year", "quarter"], name="programme_booth_reco_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.producer_id} Q{self.quarter}/{self.year}: +{self.counted_vnd}"


class SalesSummary(models.Model):
    """Sum of counted sales per year, place, producer type, product group and channel."""

    year = models.PositiveSmallIntegerField()
    province = models.ForeignKey("geo.Province", on_delete=models.CASCADE, related_name="+")
    commune = models.ForeignKey("geo.Commune", on_delete=models.CASCADE, related_name="+")
    producer_type = models.CharField(max_length=32)
    product_group = models.ForeignKey(
        "criteria.ProductGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    amount_vnd = models.BigIntegerField(default=0)
    lines = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("tổng hợp doanh số")
        verbose_name_plural = _("tổng hợp doanh số")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "province", "commune", "producer_type", "product_group", "channel"],
                name="programme_sales_summary_key",
            ),
            models.UniqueConstraint(
                fields=["year", "province", "commune", "producer_type", "channel"],
                condition=Q(product_group__isnull=True),
                name="programme_sales_summary_key_nogroup",
            ),
        ]
        indexes = [models.Index(fields=["province", "year"], name="programme_summary_prov_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.province_id}/{self.commune_id} {self.channel}: {self.amount_vnd}"


class SalesYearSummary(models.Model):
    """Sum of counted sales per year, province and channel: what the overview reads."""

    year = models.PositiveSmallIntegerField()
    province = models.ForeignKey("geo.Province", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    amount_vnd = models.BigIntegerField(default=0)
    lines = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("tổng hợp doanh số theo năm")
        verbose_name_plural = _("tổng hợp doanh số theo năm")
        constraints = [
            models.UniqueConstraint(fields=["year", "province", "channel"], name="programme_year_summary_key"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.province_id} {self.channel}: {self.amount_vnd}"


class SalesImport(TimeStampedModel):
    """An uploaded sales workbook: checked and previewed by the worker, written (by the worker, all rows
    or none) only once the uploader confirms."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Đã tải lên, chờ kiểm tra")
        CHECKING = "checking", _("Đang kiểm tra")
        PREVIEWED = "previewed", _("Đã kiểm tra, chờ xác nhận")
        REFUSED = "refused", _("Có lỗi, không ghi")
        CONFIRMED = "confirmed", _("Đã xác nhận, chờ ghi")
        APPLYING = "applying", _("Đang ghi")
        APPLIED = "applied", _("Đã ghi")
        FAILED = "failed", _("Không ghi được")

    original_name = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="sales-imports/%Y/%m/", max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices)
    total_rows = models.PositiveIntegerField(_("số dòng dữ liệu"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    rows = models.JSONField(_("các dòng hợp lệ"), default=list, blank=True)
    problems = models.JSONField(_("lỗi"), default=list, blank=True)
    # Why the apply wrote nothing (changed since the preview, failed), in both languages.
    message_vi = models.TextField(_("thông báo (tiếng Việt)"), blank=True)
    message_en = models.TextField(_("thông báo (tiếng Anh)"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    applied_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)
    applied_count = models.PositiveIntegerField(_("số dòng đã ghi"), default=0)

    class Meta:
        verbose_name = _("tệp doanh số")
        verbose_name_plural = _("tệp doanh số")
        ordering = ["-created_at"]

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.CHECKING, self.Status.CONFIRMED, self.Status.APPLYING)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.processed_rows / self.total_rows)) if self.total_rows else 0

    def __str__(self) -> str:
        return self.original_name


class CertifiedSpanKind(models.TextChoices):
    AT_LEAST = "at_least", _("từ hạng sao trở lên")
    EXACT = "exact", _("đúng hạng sao")
    FIRST = "first", _("lần công nhận đầu tiên")


class CertifiedSpan(models.Model):
    """The days a product holds a certificate in force, merged per product (`ocop.programme.spans`):
    what the overview counts products in force and new products from. Rewritten for a product in
    the transaction of every certificate write (hook products.changed); the place is the
    producer's current commune, read through `producer` at query time."""

    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="+")
    producer = models.ForeignKey("producers.Producer", on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=10, choices=CertifiedSpanKind.choices)
    stars = models.PositiveSmallIntegerField()
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        verbose_name = _("khoảng thời gian sản phẩm được công nhận")
        verbose_name_plural = _("khoảng thời gian sản phẩm được công nhận")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "producer", "kind", "stars", "first_day"], name="programme_certified_span_key"
            ),
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="programme_certified_span_ordered"),
        ]
        # Index-only counts: the nation's spans by kind and star, a place's by its producers.
        indexes = [
            models.Index(fields=["kind", "stars", "first_day", "last_day", "producer"], name="programme_span_covering"),
            models.Index(fields=["producer", "kind", "stars", "first_day", "last_day"], name="programme_span_place"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.kind} ★{self.stars}: {self.first_day}–{self.last_day}"
