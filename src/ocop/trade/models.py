"""Distribution and export: agreements, e-commerce listings, sales points, export readiness, inquiries.

Reference data are rows, not code: the e-commerce platforms (Platform), the target markets (Market)
and each market's checklist (Requirement). A requirement is met by any one of: an unexpired
certification document of one of its kinds (products.CertificationDocument), an unexpired export
credential of one of its kinds (ExportCredential, owned here, for papers the registry does not list
yet), or a product field that is filled in (see readiness.PRODUCT_FIELDS). Readiness is never typed
in: readiness.py computes it from those records for a given day.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.policy import Named, ScopePaths
from ocop.core.formatting import in_language, localized
from ocop.core.models import TimeStampedModel

PRODUCT_SCOPE = ScopePaths(
    province="product__producer__commune__province", commune="product__producer__commune", producer="product__producer"
)


# ---------------------------------------------------------------------------------------------
# Agreements with retail chains, distributors, Vietnam Post, importers
# ---------------------------------------------------------------------------------------------


class PartnerKind(models.TextChoices):
    RETAIL_CHAIN = "retail_chain", _("Chuỗi bán lẻ, siêu thị")
    DISTRIBUTOR = "distributor", _("Nhà phân phối")
    POSTAL = "postal", _("Bưu chính")
    ECOMMERCE = "ecommerce", _("Sàn thương mại điện tử")
    IMPORTER = "importer", _("Nhà nhập khẩu")
    OTHER = "other", _("Khác")


class Partner(TimeStampedModel):
    """The other side of an agreement: a retail chain, a distributor, Vietnam Post, an importer."""

    name = models.CharField(_("tên đối tác"), max_length=255, unique=True)
    kind = models.CharField(_("loại đối tác"), max_length=20, choices=PartnerKind.choices)
    country = models.CharField(_("quốc gia"), max_length=100, default="Việt Nam")
    website = models.URLField(_("trang web"), blank=True)
    name_folded = models.CharField(max_length=300, db_index=True, editable=False, default="")
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("đối tác phân phối")
        verbose_name_plural = _("đối tác phân phối")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DistributionAgreementKind(models.TextChoices):
    MEMORANDUM = "memorandum", _("Biên bản ghi nhớ hợp tác")
    DISTRIBUTION_CONTRACT = "distribution_contract", _("Hợp đồng phân phối")
    SUPPLY_CONTRACT = "supply_contract", _("Hợp đồng cung ứng")


class DistributionAgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Đang đàm phán")
    ACTIVE = "active", _("Đang thực hiện")
    EXPIRED = "expired", _("Hết hạn")
    TERMINATED = "terminated", _("Đã chấm dứt")


class DistributionAgreement(TimeStampedModel):
    """A memorandum or contract between the province's side (a department or a producer) and a partner."""

    # The office of the province, the central office and the producer it names; not the council or the commune.
    scope_paths = ScopePaths(
        province="province",
        producer="producer",
        roles=frozenset({Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER, Role.PRODUCER}),
    )
    change_roles = {Role.PROVINCIAL_OFFICER}

    province = models.ForeignKey(
        "geo.Province", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="trade_agreements"
    )
    kind = models.CharField(_("loại thoả thuận"), max_length=32, choices=DistributionAgreementKind.choices)
    title = models.CharField(_("tên thoả thuận"), max_length=300)
    number = models.CharField(_("số hiệu"), max_length=100, blank=True)
    department = models.CharField(
        _("cơ quan ký phía tỉnh"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Sở Công Thương tỉnh Quảng Ninh. Để trống nếu bên ký là một chủ thể OCOP."),
    )
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("chủ thể ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trade_agreements",
    )
    partner = models.ForeignKey(Partner, verbose_name=_("đối tác"), on_delete=models.PROTECT, related_name="agreements")
    signed_on = models.DateField(_("ngày ký"))
    ends_on = models.DateField(_("ngày hết hạn"), null=True, blank=True)
    value_vnd = models.PositiveBigIntegerField(_("giá trị (đồng)"), null=True, blank=True)
    scope_note = models.TextField(_("phạm vi, nội dung chính"), blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=DistributionAgreementStatus.choices,
        default=DistributionAgreementStatus.ACTIVE,
    )
    products = models.ManyToManyField(
        "products.Product", verbose_name=_("sản phẩm áp dụng"), blank=True, related_name="trade_agreements"
    )
    document = models.FileField(_("văn bản"), upload_to="trade/agreements/%Y/", blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("thoả thuận phân phối")
        verbose_name_plural = _("thoả thuận phân phối")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="trade_agreement_dates_ordered",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("signed_on")),
                violation_error_message=_("Ngày hết hạn không được trước ngày ký."),
            ),
            models.CheckConstraint(
                name="trade_agreement_has_local_party",
                condition=~Q(department="") | Q(producer__isnull=False),
                violation_error_message=_("Cần ghi cơ quan ký phía tỉnh hoặc chọn chủ thể ký."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def effective_status(self, today=None) -> str:
        """The status as of `today`: an active agreement past its end date counts as expired."""
        today = today or timezone.localdate()
        if self.status == DistributionAgreementStatus.ACTIVE and self.ends_on is not None and self.ends_on < today:
            return DistributionAgreementStatus.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        return str(DistributionAgreementStatus(self.effective_status()).label)


# ---------------------------------------------------------------------------------------------
# E-commerce listings
# ---------------------------------------------------------------------------------------------


class Platform(TimeStampedModel):
    """An e-commerce platform (Postmart, Voso, Tiki…) or the producer's own shop (no domain)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    domain = models.CharField(
        _("tên miền"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: postmart.vn. Để trống cho cửa hàng riêng của chủ thể (mọi tên miền)."),
    )
    counts_for_national_target = models.BooleanField(
        _("tính vào mục tiêu quốc gia"),
        default=False,
        help_text=_("Mục tiêu 2022: mọi sản phẩm từ 3 sao lên sàn Postmart hoặc Voso."),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("sàn thương mại điện tử")
        verbose_name_plural = _("sàn thương mại điện tử")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ListingStatus(models.TextChoices):
    ACTIVE = "active", _("Đang bán")
    PAUSED = "paused", _("Tạm ngừng")
    REMOVED = "removed", _("Đã gỡ")


class Listing(TimeStampedModel):
    """A product offered on one platform at one address."""

    scope_paths = PRODUCT_SCOPE
    change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="listings"
    )
    platform = models.ForeignKey(Platform, verbose_name=_("sàn"), on_delete=models.PROTECT, related_name="listings")
    url = models.URLField(_("đường dẫn"), max_length=500)
    listed_since = models.DateField(_("bán từ ngày"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ListingStatus.choices, default=ListingStatus.ACTIVE
    )
    notes = models.CharField(_("ghi chú"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("gian hàng thương mại điện tử")
        verbose_name_plural = _("gian hàng thương mại điện tử")
        ordering = ["platform__position", "platform__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "platform", "url"],
                name="trade_listing_unique_url",
                violation_error_message=_("Sản phẩm đã có gian hàng với đường dẫn này trên sàn này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} – {self.platform}"


# ---------------------------------------------------------------------------------------------
# Sales points
# ---------------------------------------------------------------------------------------------


class SalesPointKind(models.TextChoices):
    OCOP_SHOP = "ocop_shop", _("Cửa hàng OCOP")
    SHOWROOM = "showroom", _("Trung tâm trưng bày, giới thiệu sản phẩm")
    OTHER = "other", _("Điểm bán khác")


class SalesPoint(TimeStampedModel):
    """An OCOP shop or showroom: where a person can see and buy the products."""

    scope_paths = ScopePaths(province="commune__province", commune="commune")
    change_roles = {Role.PROVINCIAL_OFFICER}
    public_view = True

    name = models.CharField(_("tên điểm bán"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=SalesPointKind.choices, default=SalesPointKind.OCOP_SHOP)
    address = models.CharField(_("địa chỉ"), max_length=255)
    commune = models.ForeignKey(
        "geo.Commune", verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="sales_points"
    )
    operator = models.CharField(_("đơn vị vận hành"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    opening_hours = models.CharField(_("giờ mở cửa"), max_length=200, blank=True)
    products = models.ManyToManyField(
        "products.Product", verbose_name=_("sản phẩm bày bán"), blank=True, related_name="sales_points"
    )
    active = models.BooleanField(_("đang hoạt động"), default=True)
    name_folded = models.CharField(max_length=600, db_index=True, editable=False, default="")
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("điểm bán sản phẩm OCOP")
        verbose_name_plural = _("điểm bán sản phẩm OCOP")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name"],
                name="trade_sales_point_unique_name",
                violation_error_message=_("Xã, phường này đã có điểm bán cùng tên."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------------------------------------
# Export readiness
# ---------------------------------------------------------------------------------------------


class Market(TimeStampedModel):
    """A target export market: a country or a bloc (EU)."""

    code = models.SlugField(_("mã"), max_length=10, unique=True, help_text=_("Ví dụ: jp, cn, eu, us."))
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=100)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thị trường xuất khẩu")
        verbose_name_plural = _("thị trường xuất khẩu")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return in_language(self.name_vi, self.name_en)


class CredentialKind(models.TextChoices):
    """Export papers that products.DocumentKind does not list (yet); same codes if it adds them."""

    GACC_REGISTRATION = "gacc_registration", _("Mã đăng ký cơ sở với Hải quan Trung Quốc (GACC)")
    FDA_REGISTRATION = "fda_registration", _("Đăng ký cơ sở thực phẩm với FDA Hoa Kỳ")
    FACILITY_REGISTRATION = "facility_registration", _("Đăng ký cơ sở với cơ quan nước nhập khẩu")
    HEALTH_CERTIFICATE = "health_certificate", _("Giấy chứng nhận y tế, vệ sinh (Health Certificate)")
    PHYTOSANITARY_CERTIFICATE = "phytosanitary_certificate", _("Giấy chứng nhận kiểm dịch thực vật")
    CERTIFICATE_OF_ORIGIN = "certificate_of_origin", _("Giấy chứng nhận xuất xứ (C/O)")
    MARKET_LABEL = "market_label", _("Nhãn (nhãn phụ) bằng ngôn ngữ nước nhập khẩu")
    OTHER = "other", _("Khác")


class Requirement(TimeStampedModel):
    """One line of a market's checklist. Met by any listed document kind, credential kind or field."""

    market = models.ForeignKey(
        Market, verbose_name=_("thị trường"), on_delete=models.CASCADE, related_name="requirements"
    )
    code = models.SlugField(_("mã"), max_length=40)
    name_vi = models.CharField(_("yêu cầu (tiếng Việt)"), max_length=255)
    name_en = models.CharField(_("yêu cầu (tiếng Anh)"), max_length=255)
    document_kinds = models.JSONField(
        _("loại giấy chứng nhận đáp ứng"),
        default=list,
        blank=True,
        help_text=_("Mã loại trong sổ đăng ký, ví dụ haccp."),
    )
    credential_kinds = models.JSONField(_("loại giấy tờ xuất khẩu đáp ứng"), default=list, blank=True)
    product_field = models.CharField(_("trường thông tin sản phẩm đáp ứng"), max_length=40, blank=True)
    product_groups = models.JSONField(
        _("chỉ áp dụng cho nhóm sản phẩm"),
        default=list,
        blank=True,
        help_text=_("Mã nhóm theo bộ tiêu chí (thuc-pham, do-uong…). Để trống: áp dụng cho mọi sản phẩm."),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    notes = models.TextField(_("ghi chú, căn cứ"), blank=True)

    class Meta:
        verbose_name = _("yêu cầu xuất khẩu")
        verbose_name_plural = _("yêu cầu xuất khẩu")
        ordering = ["market", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["market", "code"],
                name="trade_requirement_unique_code",
                violation_error_message=_("Thị trường này đã có yêu cầu cùng mã."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.market.code}: {localized(self)}"

    def clean(self):
        from ocop.trade.readiness import requirement_problems

        problems = requirement_problems(self)
        if problems:
            from django.core.exceptions import ValidationError

            raise ValidationError(problems)


class ExportCredential(TimeStampedModel):
    """An export paper held by a producer (facility-wide) or for one product; optionally for one market."""

    scope_paths = ScopePaths(province="producer__commune__province", commune="producer__commune", producer="producer")
    change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="export_credentials"
    )
    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="export_credentials",
        help_text=_("Để trống nếu giấy tờ áp dụng cho cả cơ sở (mọi sản phẩm của chủ thể)."),
    )
    market = models.ForeignKey(
        Market,
        verbose_name=_("thị trường"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credentials",
        help_text=_("Để trống nếu giấy tờ dùng được cho mọi thị trường."),
    )
    kind = models.CharField(_("loại giấy tờ"), max_length=40, choices=CredentialKind.choices)
    number = models.CharField(_("số hiệu"), max_length=100, blank=True)
    issuer = models.CharField(_("cơ quan cấp"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hạn"), null=True, blank=True)
    file = models.FileField(_("tệp đính kèm"), upload_to="trade/credentials/%Y/", blank=True)
    notes = models.CharField(_("ghi chú"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("giấy tờ xuất khẩu")
        verbose_name_plural = _("giấy tờ xuất khẩu")
        ordering = ["kind", "-issued_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="trade_credential_expiry_after_issue",
                condition=Q(issued_on__isnull=True)
                | Q(expires_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                violation_error_message=_("Ngày hết hạn phải sau ngày cấp."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()

    def is_expired(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on < today


class Incoterm(models.TextChoices):
    """Incoterms® 2020."""

    EXW = "EXW", "EXW"
    FCA = "FCA", "FCA"
    CPT = "CPT", "CPT"
    CIP = "CIP", "CIP"
    DAP = "DAP", "DAP"
    DPU = "DPU", "DPU"
    DDP = "DDP", "DDP"
    FAS = "FAS", "FAS"
    FOB = "FOB", "FOB"
    CFR = "CFR", "CFR"
    CIF = "CIF", "CIF"


class ExportProfile(TimeStampedModel):
    """What an importer asks besides papers: capacity, minimum order, lead time, Incoterms offered."""

    scope_paths = PRODUCT_SCOPE
    change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

    product = models.OneToOneField(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="export_profile"
    )
    capacity_per_month = models.DecimalField(
        _("năng lực cung ứng mỗi tháng"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    capacity_unit = models.CharField(
        _("đơn vị năng lực"), max_length=30, blank=True, help_text=_("Ví dụ: kg, hộp, chai.")
    )
    min_order_quantity = models.DecimalField(
        _("lượng đặt hàng tối thiểu"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    min_order_unit = models.CharField(_("đơn vị đặt hàng"), max_length=30, blank=True)
    lead_time_days = models.PositiveSmallIntegerField(
        _("thời gian giao hàng (ngày)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    incoterms = models.CharField(
        _("điều kiện giao hàng (Incoterms) chào bán"),
        max_length=60,
        blank=True,
        help_text=_("Các mã Incoterms cách nhau bằng dấu phẩy, ví dụ: EXW,FOB,CIF."),
    )
    port_of_loading = models.CharField(_("cảng, cửa khẩu xuất hàng"), max_length=150, blank=True)
    notes = models.TextField(_("ghi chú cho nhà nhập khẩu"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ xuất khẩu của sản phẩm")
        verbose_name_plural = _("hồ sơ xuất khẩu của sản phẩm")
        constraints = [
            models.CheckConstraint(
                name="trade_profile_capacity_has_unit",
                condition=Q(capacity_per_month__isnull=True) | ~Q(capacity_unit=""),
                violation_error_message=_("Năng lực cung ứng cần có đơn vị."),
            ),
            models.CheckConstraint(
                name="trade_profile_moq_has_unit",
                condition=Q(min_order_quantity__isnull=True) | ~Q(min_order_unit=""),
                violation_error_message=_("Lượng đặt hàng tối thiểu cần có đơn vị."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.product)

    @property
    def incoterm_list(self) -> list[str]:
        return [code for code in self.incoterms.split(",") if code]


# ---------------------------------------------------------------------------------------------
# Buyer inquiries
# ---------------------------------------------------------------------------------------------


class InquiryStatus(models.TextChoices):
    NEW = "new", _("Mới")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã đóng")


class Inquiry(TimeStampedModel):
    """A buyer's request about one product, with a thread of messages."""

    # Producers their own products', the provincial office its province's, a buyer what it sent.
    scope_paths = ScopePaths(
        province=PRODUCT_SCOPE.province,
        commune=PRODUCT_SCOPE.commune,
        producer=PRODUCT_SCOPE.producer,
        roles=frozenset({Role.PRODUCER, Role.PROVINCIAL_OFFICER, Role.BUYER}),
        personal={Role.BUYER: (Named("buyer"),)},
    )
    change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="inquiries"
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người mua"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trade_inquiries",
    )
    company = models.CharField(_("công ty"), max_length=200)
    contact_name = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    country = models.CharField(_("quốc gia"), max_length=100)
    email = models.EmailField(_("thư điện tử"), max_length=254)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    quantity = models.CharField(_("số lượng"), max_length=100, help_text=_("Ví dụ: 500 kg mỗi tháng."))
    target_market = models.ForeignKey(
        Market,
        verbose_name=_("thị trường đích"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    incoterm = models.CharField(_("điều kiện giao hàng (Incoterm)"), max_length=3, choices=Incoterm.choices, blank=True)
    message = models.TextField(_("nội dung"), max_length=4000)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    status = models.CharField(_("trạng thái"), max_length=20, choices=InquiryStatus.choices, default=InquiryStatus.NEW)
    notified_at = models.DateTimeField(_("đã báo tin lúc"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("yêu cầu của người mua")
        verbose_name_plural = _("yêu cầu của người mua")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="trade_inquiry_status")]

    def __str__(self) -> str:
        return f"{self.company} – {self.product}"


class MessageSide(models.TextChoices):
    BUYER = "buyer", _("Người mua")
    PRODUCER = "producer", _("Chủ thể")
    OFFICE = "office", _("Văn phòng OCOP")


class InquiryMessage(TimeStampedModel):
    """A reply in an inquiry's thread (the buyer's first message is the inquiry itself)."""

    inquiry = models.ForeignKey(Inquiry, verbose_name=_("yêu cầu"), on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    side = models.CharField(_("bên"), max_length=20, choices=MessageSide.choices)
    body = models.TextField(_("nội dung"), max_length=4000)
    notified_at = models.DateTimeField(_("đã báo tin lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tin nhắn")
        verbose_name_plural = _("tin nhắn")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.body[:60]}"
