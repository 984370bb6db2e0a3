"""Administrative units: today's two tiers (since 1 July 2025) and the pre-2025 district tier.

Today's units come with their official codes from the `vietnam-provinces` package. Records made
before the reform name a district and an old commune; those are kept as historical units, with a
succession table that says which of today's units each old commune became part of.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.geo import names


class UnitType(models.TextChoices):
    PROVINCE = names.PROVINCE, _("Tỉnh")
    CENTRAL_CITY = names.CITY_CENTRAL, _("Thành phố trung ương")
    CITY = names.CITY, _("Thành phố")
    TOWN = names.TOWN, _("Thị xã")
    DISTRICT = names.DISTRICT, _("Huyện")
    URBAN_DISTRICT = names.URBAN_DISTRICT, _("Quận")
    WARD = names.WARD, _("Phường")
    COMMUNE = names.COMMUNE, _("Xã")
    TOWNSHIP = names.TOWNSHIP, _("Thị trấn")
    SPECIAL_ZONE = names.SPECIAL_ZONE, _("Đặc khu")


class Province(models.Model):
    code = models.PositiveIntegerField(_("mã"), unique=True)
    name = models.CharField(_("tên"), max_length=100)
    unit_type = models.CharField(_("loại"), max_length=20, choices=UnitType.choices)
    bare_name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune-level unit of today: ward (phường), commune (xã) or special zone (đặc khu)."""

    code = models.PositiveIntegerField(_("mã"), unique=True)
    name = models.CharField(_("tên"), max_length=100)
    unit_type = models.CharField(_("loại"), max_length=20, choices=UnitType.choices)
    province = models.ForeignKey(Province, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="communes")
    bare_name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("xã, phường, đặc khu")
        verbose_name_plural = _("xã, phường, đặc khu")
        ordering = ["province__name", "name"]

    def __str__(self) -> str:
        return self.name


class HistoricalProvince(models.Model):
    """One of the 63 provinces as they stood before 1 July 2025, and the province of today it became
    part of (the 2025 reform merged provinces whole)."""

    code = models.PositiveIntegerField(_("mã"), unique=True)
    name = models.CharField(_("tên"), max_length=100)
    unit_type = models.CharField(_("loại"), max_length=20, choices=UnitType.choices)
    province = models.ForeignKey(
        Province, verbose_name=_("nay thuộc tỉnh"), on_delete=models.PROTECT, related_name="historical_provinces"
    )
    bare_name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("tỉnh (trước 7/2025)")
        verbose_name_plural = _("tỉnh (trước 7/2025)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HistoricalDistrict(models.Model):
    """A district-level unit as it stood before 1 July 2025 (city, town or rural district), in its old
    province; `province` is the province of today that the old province became part of."""

    code = models.PositiveIntegerField(_("mã"), unique=True)
    name = models.CharField(_("tên"), max_length=100)
    unit_type = models.CharField(_("loại"), max_length=20, choices=UnitType.choices)
    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="historical_districts"
    )
    old_province = models.ForeignKey(
        HistoricalProvince,
        verbose_name=_("tỉnh cũ"),
        on_delete=models.PROTECT,
        related_name="districts",
        null=True,  # filled by ocop_geo_load
    )
    bare_name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("huyện (trước 7/2025)")
        verbose_name_plural = _("huyện (trước 7/2025)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HistoricalCommune(models.Model):
    """A commune-level unit as it stood before 1 July 2025, inside its district."""

    code = models.PositiveIntegerField(_("mã"), unique=True)
    name = models.CharField(_("tên"), max_length=100)
    unit_type = models.CharField(_("loại"), max_length=20, choices=UnitType.choices)
    district = models.ForeignKey(
        HistoricalDistrict, verbose_name=_("huyện"), on_delete=models.PROTECT, related_name="communes"
    )
    successors: "models.ManyToManyField[Commune, CommuneSuccession]" = models.ManyToManyField(
        Commune, through="CommuneSuccession", related_name="predecessors", verbose_name=_("đơn vị mới")
    )
    bare_name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("xã (trước 7/2025)")
        verbose_name_plural = _("xã (trước 7/2025)")
        ordering = ["district__name", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.district.name}"


class CommuneSuccession(models.Model):
    """An old commune (or part of it) that became part of one of today's units."""

    class Confidence(models.TextChoices):
        CONFIRMED = "C", _("theo văn bản công bố")
        UNCERTAIN = "U", _("suy luận, cần xác minh")

    historical_commune = models.ForeignKey(HistoricalCommune, on_delete=models.CASCADE)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT)
    confidence = models.CharField(_("độ tin cậy"), max_length=1, choices=Confidence.choices)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("sáp nhập xã")
        verbose_name_plural = _("sáp nhập xã")
        constraints = [
            models.UniqueConstraint(fields=["historical_commune", "commune"], name="geo_succession_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.historical_commune.name} → {self.commune.name}"
