"""Export papers and complete export files, for the readiness and listing tests."""

from datetime import date
from decimal import Decimal

from ocop.trade.models import CredentialKind, ExportCredential, ExportProfile, Market


def export_credential(
    product, kind: str, market_code: str | None = None, issued_on=None, expires_on=None, *, facility=False
) -> ExportCredential:
    """An export paper of `kind` for the product (or its producer's facility), for one market or all."""
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
    export_credential(product, CredentialKind.HEALTH_CERTIFICATE, issued_on=day)
    export_credential(product, CredentialKind.CERTIFICATE_OF_ORIGIN, "jp", issued_on=day)
    export_credential(product, CredentialKind.MARKET_LABEL, "jp", issued_on=day)
