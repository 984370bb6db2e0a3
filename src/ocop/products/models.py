"""OCOP products, their photos and the certification documents of producers and products.

The star is never typed in: it comes from the product's valid certificate (certificates app).
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.policy import ScopePaths
from ocop.core.formatting import localized
from ocop.core.models import TimeStampedModel
from ocop.core.validators import validate_gtin, validate_hs_code


class ProductStatus(models.TextChoices):
    IDEA = "idea", _("Ý tưởng")
    IN_PROGRAMME = "in_programme", _("Đang tham gia chương trình")
    CERTIFIED = "certified", _("Đã được công nhận")
    EXPIRED = "expired", _("Hết hạn công nhận")
    WITHDRAWN = "withdrawn", _("Đã rút khỏi chương trình")
    REVOKED = "revoked", _("Bị thu hồi công nhận")

    @classmethod
    def from_certificates(cls) -> set[str]:
        """The statuses that only the certificate services set: they follow the product's certificates."""
        return {cls.CERTIFIED, cls.EXPIRED, cls.REVOKED}


class NetContentUnit(models.TextChoices):
    GRAM = "g", _("g")
    KILOGRAM = "kg", _("kg")
    MILLILITRE = "ml", _("ml")
    LITRE = "l", _("lít")
    PIECE = "piece", _("cái, chiếc")
    PACK = "pack", _("gói, hộp")
    SET = "set", _("bộ")
    OTHER = "other", _("khác")


class Product(TimeStampedModel):
    scope_paths = ScopePaths(province="producer__commune__province", commune="producer__commune", producer="producer")
    change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products"
    )
    # The record's identity across installations (docs/exchange.md): never reused, never shown as a number.
    exchange_id = models.UUIDField(_("mã trao đổi"), unique=True, default=uuid.uuid4, editable=False)
    name_vi = models.CharField(_("tên sản phẩm (tiếng Việt)"), max_length=255)
    name_en = models.CharField(_("tên sản phẩm (tiếng Anh)"), max_length=255, blank=True)
    product_set = models.ForeignKey(
        "criteria.ProductSet",
        verbose_name=_("bộ sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    description_vi = models.TextField(_("mô tả (tiếng Việt)"), blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh)"), blank=True)
    story_vi = models.TextField(_("câu chuyện sản phẩm (tiếng Việt)"), blank=True)
    story_en = models.TextField(_("câu chuyện sản phẩm (tiếng Anh)"), blank=True)
    ingredients = models.TextField(_("thành phần"), blank=True)
    net_content = models.DecimalField(
        _("khối lượng, thể tích tịnh"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    net_content_unit = models.CharField(_("đơn vị"), max_length=10, choices=NetContentUnit.choices, blank=True)
    packaging = models.CharField(_("quy cách đóng gói"), max_length=255, blank=True)
    shelf_life_days = models.PositiveIntegerField(_("hạn sử dụng (ngày)"), null=True, blank=True)
    price_min_vnd = models.PositiveBigIntegerField(_("giá thấp nhất (đồng)"), null=True, blank=True)
    price_max_vnd = models.PositiveBigIntegerField(_("giá cao nhất (đồng)"), null=True, blank=True)
    gtin = models.CharField(_("mã GTIN (mã vạch)"), max_length=14, blank=True, validators=[validate_gtin])
    hs_code = models.CharField(_("mã HS"), max_length=10, blank=True, validators=[validate_hs_code])
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ProductStatus.choices, default=ProductStatus.IN_PROGRAMME
    )
    name_folded = models.CharField(max_length=600, db_index=True, editable=False, default="")
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)
    archived_at = models.DateTimeField(_("lưu trữ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["name_vi"]
        constraints = [
            models.UniqueConstraint(
                fields=["gtin"],
                condition=~Q(gtin=""),
                name="product_gtin_unique",
                violation_error_message=_("Mã GTIN này đã được dùng cho một sản phẩm khác."),
            ),
            models.UniqueConstraint(fields=["producer", "name_vi"], name="product_name_unique_per_producer"),
            models.CheckConstraint(
                name="product_price_range_ordered",
                condition=Q(price_min_vnd__isnull=True)
                | Q(price_max_vnd__isnull=True)
                | Q(price_min_vnd__lte=models.F("price_max_vnd")),
                violation_error_message=_("Giá thấp nhất không được lớn hơn giá cao nhất."),
            ),
            models.CheckConstraint(
                name="product_net_content_has_unit",
                condition=Q(net_content__isnull=True) | ~Q(net_content_unit=""),
                violation_error_message=_("Khối lượng tịnh cần có đơn vị."),
            ),
        ]

    def __str__(self) -> str:
        return localized(self)


class ProductPhoto(TimeStampedModel):
    scope_paths = ScopePaths(
        province="product__producer__commune__province",
        commune="product__producer__commune",
        producer="product__producer",
    )
    change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to="products/photos/%Y/%m/")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class DocumentKind(models.TextChoices):
    FOOD_SAFETY_FACILITY = "food_safety_facility", _("Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm")
    QUALITY_DECLARATION = "quality_declaration", _("Bản tự công bố, công bố chất lượng sản phẩm")
    TEST_REPORT = "test_report", _("Phiếu kết quả kiểm nghiệm")
    VIETGAP = "vietgap", _("VietGAP")
    GLOBALGAP = "globalgap", _("GlobalG.A.P.")
    ORGANIC = "organic", _("Chứng nhận hữu cơ")
    HACCP = "haccp", _("HACCP")
    ISO_22000 = "iso_22000", _("ISO 22000")
    HALAL = "halal", _("Halal")
    TRADEMARK = "trademark", _("Giấy chứng nhận đăng ký nhãn hiệu")
    GEOGRAPHICAL_INDICATION = "geographical_indication", _("Quyền sử dụng chỉ dẫn địa lý")
    OTHER = "other", _("Khác")


class CertificationDocument(TimeStampedModel):
    """A certificate or document held by a producer, or by one of its products."""

    scope_paths = ScopePaths(province="producer__commune__province", commune="producer__commune", producer="producer")
    change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="documents"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("loại giấy tờ"), max_length=32, choices=DocumentKind.choices)
    number = models.CharField(_("số hiệu"), max_length=100, blank=True)
    issuer = models.CharField(_("cơ quan cấp"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hạn"), null=True, blank=True)
    file = models.FileField(_("tệp đính kèm"), upload_to="documents/%Y/%m/", blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("giấy chứng nhận, hồ sơ")
        verbose_name_plural = _("giấy chứng nhận, hồ sơ")
        ordering = ["kind", "-issued_on"]
        constraints = [
            models.CheckConstraint(
                name="document_expiry_after_issue",
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
