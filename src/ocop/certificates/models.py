"""OCOP certificates: the record of a recognition decision, its number, validity and fate.

A certificate carries the decision data itself (number and date of the decision, authority, signer)
so that products certified before the platform existed can be recorded too. The product's current
star is never stored on the product: it is the star of its valid, unexpired, unrevoked certificate
(see selectors.current_certificate).

Rules that differ by period or province are rows, not code: who may issue which star at which
authority level (IssuingRule), the legal grounds for revocation (RevocationGround), the number
format of a province (NumberingScheme) and the per-(province, year) counter (NumberCounter).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.policy import ScopePaths
from ocop.core.formatting import localized
from ocop.core.models import TimeStampedModel

VALIDITY_MONTHS = 36
EXPIRY_NOTICE_DAYS = 30
DEFAULT_NUMBER_PATTERN = "{province}-{commune}-{sequence:04d}-{year}"


class AuthorityLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Trung ương")
    DISTRICT = "district", _("Cấp huyện (trước 7/2025)")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")
    SUPERSEDED = "superseded", _("Đã được thay thế")


class IssuingRule(models.Model):
    """Which role may issue (and revoke) which stars at which authority level."""

    authority_level = models.CharField(_("cấp công nhận"), max_length=20, choices=AuthorityLevel.choices)
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    min_stars = models.PositiveSmallIntegerField(_("từ hạng sao"))
    max_stars = models.PositiveSmallIntegerField(_("đến hạng sao"))
    decided_before = models.DateField(
        _("chỉ áp dụng cho quyết định trước ngày"),
        null=True,
        blank=True,
        help_text=_("Cấp huyện không còn công nhận từ 1/7/2025: chỉ ghi nhận quyết định trước ngày đó."),
    )
    notes = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("quy tắc thẩm quyền cấp")
        verbose_name_plural = _("quy tắc thẩm quyền cấp")
        ordering = ["authority_level", "min_stars"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority_level", "role", "min_stars"],
                name="certificates_rule_unique",
                violation_error_message=_("Quy tắc này đã có."),
            ),
            models.CheckConstraint(
                condition=Q(min_stars__gte=3) & Q(max_stars__lte=5) & Q(min_stars__lte=models.F("max_stars")),
                name="certificates_rule_star_range",
                violation_error_message=_("Khoảng hạng sao phải nằm trong 3–5 và từ nhỏ đến lớn."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_authority_level_display()}: {self.get_role_display()} ★{self.min_stars}–★{self.max_stars}"


class RevocationGround(models.Model):
    """A legal ground on which a certificate may be revoked."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=300)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=300)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("căn cứ thu hồi")
        verbose_name_plural = _("căn cứ thu hồi")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return localized(self)


def validate_number_pattern(value: str) -> None:
    """A pattern must contain {sequence} and format with every known placeholder."""
    if "{sequence" not in value:
        raise ValidationError(_("Mẫu số phải có {sequence} để mỗi giấy có một số riêng."))
    try:
        value.format(province=22, commune=6970, district=199, sequence=1, year=2026)
    except (KeyError, IndexError, ValueError):
        raise ValidationError(
            _("Mẫu số chỉ được dùng {province}, {commune}, {district}, {sequence} và {year}.")
        ) from None


class NumberingScheme(models.Model):
    """A province's certificate number format. Without a row, DEFAULT_NUMBER_PATTERN applies.

    Placeholders: {province} (province code), {commune} (today's commune code of the producer),
    {district} (the producer's pre-2025 district code, 0 if none), {sequence} (per province and
    year, from 1), {year} (year of the decision). Format specs work: {sequence:04d}.
    """

    province = models.OneToOneField(
        "geo.Province", verbose_name=_("tỉnh"), on_delete=models.CASCADE, related_name="certificate_numbering"
    )
    pattern = models.CharField(
        _("mẫu số"), max_length=100, default=DEFAULT_NUMBER_PATTERN, validators=[validate_number_pattern]
    )

    class Meta:
        verbose_name = _("mẫu số giấy chứng nhận")
        verbose_name_plural = _("mẫu số giấy chứng nhận")

    def __str__(self) -> str:
        return f"{self.province}: {self.pattern}"


class NumberCounter(models.Model):
    """The last sequence number used in a province and year; locked with select_for_update."""

    province = models.ForeignKey("geo.Province", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số giấy chứng nhận")
        verbose_name_plural = _("bộ đếm số giấy chứng nhận")
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="certificates_counter_unique")]

    def __str__(self) -> str:
        return f"{self.province_id}/{self.year}: {self.last_value}"


class Certificate(TimeStampedModel):
    scope_paths = ScopePaths(province="producer__commune__province", commune="producer__commune", producer="producer")
    change_roles = {Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER}

    number = models.CharField(_("số giấy chứng nhận"), max_length=60, unique=True)
    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="certificates"
    )
    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="certificates"
    )
    stars = models.PositiveSmallIntegerField(_("hạng sao"))
    criteria_version = models.ForeignKey(
        "criteria.CriteriaVersion", verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    total = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày quyết định"))
    authority_level = models.CharField(_("cấp công nhận"), max_length=20, choices=AuthorityLevel.choices)
    authority_name = models.CharField(_("cơ quan công nhận"), max_length=255)
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_until = models.DateField(_("hiệu lực đến hết ngày"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("thay thế giấy chứng nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revocation_ground = models.ForeignKey(
        RevocationGround,
        verbose_name=_("căn cứ thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A paper certificate issued before the platform, recorded from its scanned decision (historical
    # path); every other certificate comes from a recorded decision (evaluation_decision).
    is_historical = models.BooleanField(_("hồ sơ lịch sử"), default=False)
    evaluation_decision = models.OneToOneField(
        "evaluations.Decision",
        verbose_name=_("quyết định công nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    decision_document = models.FileField(
        _("bản quét quyết định"), upload_to="certificates/decisions/%Y/", max_length=255, blank=True
    )
    expiry_notice_sent_at = models.DateTimeField(_("đã báo sắp hết hạn lúc"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("giấy chứng nhận OCOP")
        verbose_name_plural = _("giấy chứng nhận OCOP")
        ordering = ["-decision_date", "-id"]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="certificates_status_until"),
            models.Index(fields=["product", "status"], name="certificates_product_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=3, stars__lte=5),
                name="certificate_stars_3_to_5",
                violation_error_message=_("Chỉ sản phẩm đạt từ 3 sao trở lên mới được cấp giấy chứng nhận."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")),
                name="certificate_validity_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
            models.CheckConstraint(
                condition=(Q(status=CertificateStatus.REVOKED) & Q(revoked_at__isnull=False))
                | (~Q(status=CertificateStatus.REVOKED) & Q(revoked_at__isnull=True)),
                name="certificate_revoked_has_time",
                violation_error_message=_("Giấy chứng nhận đã thu hồi phải có thời điểm thu hồi."),
            ),
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(status=CertificateStatus.VALID),
                name="certificate_one_valid_per_product",
                violation_error_message=_("Sản phẩm này đã có một giấy chứng nhận còn hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def effective_status(self, today) -> str:
        """The status as of `today`: a valid certificate past its last day counts as expired."""
        if self.status == CertificateStatus.VALID and self.valid_until < today:
            return CertificateStatus.EXPIRED
        return self.status
