"""Builders for the trade tests: certificates, product sets and complete export files."""

from datetime import date
from decimal import Decimal

from ocop.certificates.models import Certificate, CertificateStatus
from ocop.criteria.models import CriteriaVersion, ProductGroup, ProductSet
from ocop.products.models import CertificationDocument
from ocop.trade.models import CredentialKind, ExportCredential, ExportProfile, Market


def criteria_version() -> CriteriaVersion:
    version, _ = CriteriaVersion.objects.get_or_create(
        code="trade-test",
        defaults={
            "name": "Bộ tiêu chí thử nghiệm",
            "legal_document": "Thử nghiệm",
            "signed_on": date(2023, 1, 1),
            "effective_from": date(2023, 1, 1),
            "max_total": Decimal("100"),
            "parts": [],
            "star_bands": [],
        },
    )
    return version


def product_set(group_code: str) -> ProductSet:
    """A product set in a group of the given code ("thuc-pham", "thu-cong-my-nghe"…)."""
    version = criteria_version()
    number = {"thuc-pham": 1, "do-uong": 2, "thu-cong-my-nghe": 4}[group_code]
    group, _ = ProductGroup.objects.get_or_create(
        version=version, number=number, defaults={"code": group_code, "name_vi": group_code, "name_en": group_code}
    )
    product_set, _ = ProductSet.objects.get_or_create(
        version=version,
        code=f"T{number}",
        defaults={
            "group": group,
            "number": number,
            "slug": f"test-{group_code}",
            "name_vi": group_code,
            "name_en": group_code,
            "status": ProductSet.Status.VERIFIED,
            "max_total": Decimal("100"),
        },
    )
    return product_set


def certify(product, stars: int, valid_from=date(2024, 1, 1), valid_until=date(2099, 12, 31), **extra) -> Certificate:
    return Certificate.objects.create(
        number=f"T-{product.pk}-{stars}-{valid_from:%Y%m%d}",
        product=product,
        producer=product.producer,
        stars=stars,
        criteria_version=criteria_version(),
        decision_number="01/QĐ-UBND",
        decision_date=valid_from,
        authority_level="province",
        authority_name="UBND tỉnh Quảng Ninh",
        signer_name="Người ký thử nghiệm",
        valid_from=valid_from,
        valid_until=valid_until,
        status=extra.pop("status", CertificateStatus.VALID),
        **extra,
    )


def document(product, kind: str, issued_on=None, expires_on=None, *, facility=False) -> CertificationDocument:
    return CertificationDocument.objects.create(
        producer=product.producer,
        product=None if facility else product,
        kind=kind,
        number=f"{kind.upper()}-{product.pk}",
        issued_on=issued_on,
        expires_on=expires_on,
    )


def credential(product, kind: str, market_code: str | None = None, issued_on=None, expires_on=None, *, facility=False):
    return ExportCredential.objects.create(
        producer=product.producer,
        product=None if facility else product,
        market=Market.objects.get(code=market_code) if market_code else None,
        kind=kind,
        number=f"{kind}-{product.pk}",
        issued_on=issued_on,
        expires_on=expires_on,
    )


def japan_file_except_haccp(product, day=date(2026, 1, 1)) -> None:
    """Everything the seeded Japan checklist asks, except the HACCP / ISO 22000 certificate."""
    product.hs_code = "160554"
    product.name_en = "Ha Long squid cake"
    product.save(update_fields=["hs_code", "name_en"])
    ExportProfile.objects.create(
        product=product,
        capacity_per_month=Decimal("2000"),
        capacity_unit="kg",
        min_order_quantity=Decimal("200"),
        min_order_unit="kg",
        lead_time_days=21,
        incoterms="FOB,CIF",
    )
    credential(product, CredentialKind.HEALTH_CERTIFICATE, issued_on=day)
    credential(product, CredentialKind.CERTIFICATE_OF_ORIGIN, "jp", issued_on=day)
    credential(product, CredentialKind.MARKET_LABEL, "jp", issued_on=day)
