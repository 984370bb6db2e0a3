"""Historical results recorded without a dossier flow."""

import datetime
from decimal import Decimal

from django.db import transaction

from ocop.accounts.models import User
from ocop.core.services import audit_record
from ocop.criteria.models import CriteriaVersion, ProductSet
from ocop.evaluations import authority
from ocop.evaluations.models import (
    Decision,
    Dossier,
    DossierKind,
    Level,
)
from ocop.evaluations.services.common import S
from ocop.products.models import Product

# ---------------------------------------------------------------- historical results


@transaction.atomic
def historical_result_record(
    *,
    actor: User | None,
    product: Product,
    criteria_version: CriteriaVersion,
    total: Decimal,
    stars: int,
    number: str,
    decided_on: datetime.date,
    signer_name: str = "",
    signer_title: str = "",
    product_set: ProductSet | None = None,
    source: str = "",
) -> Decision:
    """A past result (before the platform): a decided historical dossier and its decision."""
    period = authority.period_for(version_code=criteria_version.code, on=decided_on)
    level = period.recognising_level(stars) or Level.PROVINCE
    dossier = Dossier(
        product=product,
        producer=product.producer,
        kind=DossierKind.FIRST,
        status=S.DECIDED,
        criteria_version=criteria_version,
        product_set=product_set,
        total=total,
        stars=stars,
        is_historical=True,
        created_by=actor,
    )
    dossier.full_clean()
    dossier.save()
    decision = Decision(
        dossier=dossier,
        product=product,
        criteria_version=criteria_version,
        product_set=product_set,
        authority=level,
        stars=stars,
        total=total,
        recognised=stars >= criteria_version.certified_min_stars,
        number=number,
        decided_on=decided_on,
        signer_name=signer_name or "—",
        signer_title=signer_title,
        is_historical=True,
        source=source,
        recorded_by=actor,
    )
    decision.full_clean()
    decision.save()
    audit_record(
        actor=actor,
        action="dossier.historical",
        target=dossier,
        after={"status": S.DECIDED, "stars": stars, "total": str(total), "number": number, "source": source},
    )
    return decision
