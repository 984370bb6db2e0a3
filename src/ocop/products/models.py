"""OCOP products. The star is never typed in: it comes from the product's valid certificate."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.policy import ScopePaths
from ocop.core.models import TimeStampedModel


class ProductStatus(models.TextChoices):
    IDEA = "idea", _("Ý tưởng")
    IN_PROGRAMME = "in_programme", _("Đang tham gia chương trình")
    CERTIFIED = "certified", _("Đã được công nhận")
    EXPIRED = "expired", _("Hết hạn công nhận")
    WITHDRAWN = "withdrawn", _("Đã rút khỏi chương trình")


class Product(TimeStampedModel):
    scope_paths = ScopePaths(
        province="producer__commune__province", commune="producer__commune", producer="producer"
    )
    change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products"
    )
    name_vi = models.CharField(_("tên sản phẩm (tiếng Việt)"), max_length=255)
    name_en = models.CharField(_("tên sản phẩm (tiếng Anh)"), max_length=255, blank=True)
    description_vi = models.TextField(_("mô tả (tiếng Việt)"), blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh)"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ProductStatus.choices, default=ProductStatus.IN_PROGRAMME
    )
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["name_vi"]

    def __str__(self) -> str:
        return self.name_vi
