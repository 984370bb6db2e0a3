"""Minimal criteria versions and product sets, for tests that need one but not the real QĐ 148 tables."""

from datetime import date
from decimal import Decimal

from ocop.criteria.models import CriteriaVersion, ProductGroup, ProductSet


def criteria_version(
    code: str = "test",
    *,
    name: str = "Bộ tiêu chí thử nghiệm",
    legal_document: str | None = None,
    effective_from: date = date(2023, 1, 1),
    effective_to: date | None = None,
    star_bands: list | None = None,
) -> CriteriaVersion:
    """The version of `code`, made on first use (no parts: nothing to score)."""
    version, _ = CriteriaVersion.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "legal_document": legal_document or name,
            "signed_on": effective_from,
            "effective_from": effective_from,
            "effective_to": effective_to,
            "max_total": Decimal("100"),
            "parts": [],
            "star_bands": star_bands or [],
        },
    )
    return version


def product_set(
    number: int,
    *,
    name_vi: str | None = None,
    name_en: str | None = None,
    group_code: str | None = None,
    group_vi: str | None = None,
    group_en: str | None = None,
    code: str | None = None,
    slug: str | None = None,
    version: CriteriaVersion | None = None,
) -> ProductSet:
    """Product set `number` in group `number` of the test version, made on first use."""
    version = version or criteria_version()
    group_code = group_code or f"g{number}"
    group, _ = ProductGroup.objects.get_or_create(
        version=version,
        number=number,
        defaults={"code": group_code, "name_vi": group_vi or group_code, "name_en": group_en or group_code},
    )
    made, _ = ProductSet.objects.get_or_create(
        version=version,
        code=code or f"S{number}",
        defaults={
            "group": group,
            "number": number,
            "slug": slug or f"s{number}",
            "name_vi": name_vi or f"Bộ sản phẩm thử nghiệm {number}",
            "name_en": name_en or f"Test product set {number}",
            "status": ProductSet.Status.VERIFIED,
            "max_total": Decimal("100"),
        },
    )
    return made
