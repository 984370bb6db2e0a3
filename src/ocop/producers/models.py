"""OCOP subjects (chủ thể): the organisations and households that make the products."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.policy import ScopePaths
from ocop.core.models import TimeStampedModel
from ocop.core.validators import validate_tax_code


class ProducerType(models.TextChoices):
    """Legal forms of an OCOP subject (see domain.md)."""

    LLC_SINGLE = "llc_single", _("Công ty TNHH một thành viên")
    LLC_MULTI = "llc_multi", _("Công ty TNHH hai thành viên trở lên")
    JOINT_STOCK = "joint_stock", _("Công ty cổ phần")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Doanh nghiệp tư nhân")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")
    HOUSEHOLD = "household", _("Hộ sản xuất có đăng ký kinh doanh")

    @classmethod
    def enterprises(cls) -> set[str]:
        return {cls.LLC_SINGLE, cls.LLC_MULTI, cls.JOINT_STOCK, cls.PRIVATE_ENTERPRISE}


class Gender(models.TextChoices):
    FEMALE = "female", _("Nữ")
    MALE = "male", _("Nam")


class Producer(TimeStampedModel):
    scope_paths = ScopePaths(province="commune__province", commune="commune", producer="")
    change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

    # The record's identity across installations (docs/exchange.md): never reused, never shown as a number.
    exchange_id = models.UUIDField(_("mã trao đổi"), unique=True, default=uuid.uuid4, editable=False)
    legal_name = models.CharField(_("tên chủ thể"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    producer_type = models.CharField(_("loại hình"), max_length=32, choices=ProducerType.choices)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True, validators=[validate_tax_code])
    registration_number = models.CharField(_("số đăng ký kinh doanh"), max_length=50, blank=True)
    registration_date = models.DateField(_("ngày đăng ký kinh doanh"), null=True, blank=True)
    representative_name = models.CharField(_("người đại diện"), max_length=150, blank=True)
    representative_gender = models.CharField(
        _("giới tính người đại diện"), max_length=10, choices=Gender.choices, blank=True
    )
    representative_ethnic_minority = models.BooleanField(_("người đại diện là người dân tộc thiểu số"), default=False)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "geo.Commune", verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="producers"
    )
    historical_district = models.ForeignKey(
        "geo.HistoricalDistrict",
        verbose_name=_("huyện (trước 7/2025)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="producers",
    )
    historical_commune = models.ForeignKey(
        "geo.HistoricalCommune",
        verbose_name=_("xã (trước 7/2025)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="producers",
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang web"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("năm thành lập"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    employees = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)
    members = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    local_labour_share = models.PositiveSmallIntegerField(
        _("tỷ lệ lao động địa phương (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    story_vi = models.TextField(_("câu chuyện (tiếng Việt)"), blank=True)
    story_en = models.TextField(_("câu chuyện (tiếng Anh)"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="producers/logos/", blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)
    name_folded = models.CharField(max_length=400, db_index=True, editable=False, default="")
    archived_at = models.DateTimeField(_("lưu trữ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = _("chủ thể OCOP")
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~models.Q(tax_code=""),
                name="producer_tax_code_unique",
                violation_error_message=_("Mã số thuế này đã thuộc một chủ thể khác."),
            ),
            models.CheckConstraint(
                name="producer_local_labour_share_percent",
                condition=models.Q(local_labour_share__isnull=True) | models.Q(local_labour_share__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name
