"""Writes of targets, reported statistics, funding and investment selections."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts import policy
from ocop.accounts.models import User
from ocop.accounts.system import SystemCaller
from ocop.core.errors import DomainError
from ocop.core.services import audit_record, snapshot
from ocop.geo.models import Commune, Province
from ocop.products.models import Product
from ocop.programme.models import (
    Funding,
    Indicator,
    InvestmentSelection,
    Phase,
    ReportedStatistic,
    Target,
)
from ocop.programme.services.common import (
    require_place_change,
)

# --- Targets, reported statistics, funding, selections -------------------------------------------

TARGET_FIELDS = ["phase", "indicator", "province", "commune", "value", "source", "notes"]


@transaction.atomic
def target_set(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    phase: Phase,
    indicator: Indicator,
    province: Province | None = None,
    commune: Commune | None = None,
    value: Decimal | None,
    source: str = "",
    notes: str = "",
) -> Target:
    """Set the target of an indicator for a phase and place (creates or replaces it)."""
    require_place_change(actor, province.pk if province else None, system)
    if commune is not None and (province is None or commune.province_id != province.pk):
        raise DomainError(_("Xã, phường không thuộc tỉnh đã chọn."), field="commune")
    if value is None or value <= 0:
        raise DomainError(_("Mục tiêu phải lớn hơn 0."), field="value")
    if indicator.unit == "percent" and value > 100:
        raise DomainError(_("Mục tiêu tỷ lệ không được lớn hơn 100%."), field="value")
    target = (
        Target.objects.select_for_update()
        .filter(phase=phase, indicator=indicator, province=province, commune=commune)
        .first()
    )
    before = snapshot(target, TARGET_FIELDS) if target else None
    if target is None:
        target = Target(phase=phase, indicator=indicator, province=province, commune=commune)
    target.value = value
    target.source = source
    target.notes = notes
    target.full_clean(validate_unique=False)
    target.save()
    after = snapshot(target, TARGET_FIELDS)
    if before != after:
        audit_record(actor=actor, action="target.set", target=target, before=before, after=after)
    return target


@transaction.atomic
def target_delete(*, actor: User | None, system: SystemCaller | None = None, target: Target) -> None:
    require_place_change(actor, target.province_id, system)
    audit_record(actor=actor, action="target.delete", target=target, before=snapshot(target, TARGET_FIELDS))
    target.delete()


REPORTED_FIELDS = ["indicator", "province", "breakdown", "value", "as_of", "source", "source_url", "notes"]


@transaction.atomic
def reported_statistic_record(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    indicator: Indicator,
    province: Province | None = None,
    value: Decimal | None,
    as_of: datetime.date,
    source: str,
    breakdown: dict[str, Any] | None = None,
    source_url: str = "",
    published_on: datetime.date | None = None,
    notes: str = "",
) -> ReportedStatistic:
    """Record a published figure with its date and source (or correct the one already recorded)."""
    require_place_change(actor, province.pk if province else None, system)
    if not source.strip():
        raise DomainError(_("Cần ghi nguồn của số liệu công bố."), field="source")
    if value is None or value < 0:
        raise DomainError(_("Số liệu công bố không được âm."), field="value")
    breakdown = breakdown or {}
    row = (
        ReportedStatistic.objects.select_for_update()
        .filter(indicator=indicator, province=province, as_of=as_of, source=source, breakdown=breakdown)
        .first()
    )
    before = snapshot(row, REPORTED_FIELDS) if row else None
    if row is None:
        row = ReportedStatistic(indicator=indicator, province=province, as_of=as_of, source=source, breakdown=breakdown)
    row.value = value
    row.source_url = source_url
    row.published_on = published_on
    row.notes = notes
    row.full_clean(validate_unique=False)
    row.save()
    after = snapshot(row, REPORTED_FIELDS)
    if before != after:
        audit_record(actor=actor, action="reported_statistic.record", target=row, before=before, after=after)
    return row


FUNDING_FIELDS = ["province", "commune", "year", "source", "amount_vnd", "description", "document"]


@transaction.atomic
def funding_record(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    province: Province,
    year: int,
    source: str,
    amount_vnd: int,
    commune: Commune | None = None,
    description: str = "",
    document: str = "",
    is_demo: bool = False,
) -> Funding:
    require_place_change(actor, province.pk, system, may=policy.may_manage_province)
    if commune is not None and commune.province_id != province.pk:
        raise DomainError(_("Xã, phường không thuộc tỉnh đã chọn."), field="commune")
    if amount_vnd is None or amount_vnd < 0:
        raise DomainError(_("Số tiền phải là số đồng nguyên, không âm."), field="amount_vnd")
    funding = Funding(
        province=province,
        commune=commune,
        year=year,
        source=source,
        amount_vnd=amount_vnd,
        description=description,
        document=document,
        is_demo=is_demo,
    )
    funding.full_clean()
    funding.save()
    audit_record(actor=actor, action="funding.create", target=funding, after=snapshot(funding, FUNDING_FIELDS))
    return funding


@transaction.atomic
def funding_delete(*, actor: User | None, system: SystemCaller | None = None, funding: Funding) -> None:
    require_place_change(actor, funding.province_id, system, may=policy.may_manage_province)
    audit_record(actor=actor, action="funding.delete", target=funding, before=snapshot(funding, FUNDING_FIELDS))
    funding.delete()


@transaction.atomic
def investment_select(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    phase: Phase,
    product: Product,
    selected_on: datetime.date,
    decision: str = "",
    is_demo: bool = False,
) -> InvestmentSelection:
    """Select a product for focused investment in a phase (the first step of the star funnel)."""
    province_id = product.producer.commune.province_id
    require_place_change(actor, province_id, system, may=policy.may_manage_province)
    if not phase.first_year <= selected_on.year <= phase.last_year:
        raise DomainError(_("Ngày lựa chọn phải nằm trong giai đoạn."), field="selected_on")
    selection, created = InvestmentSelection.objects.get_or_create(
        phase=phase, product=product, defaults={"selected_on": selected_on, "decision": decision, "is_demo": is_demo}
    )
    if created:
        audit_record(
            actor=actor,
            action="investment_selection.create",
            target=selection,
            after=snapshot(selection, ["phase", "product", "selected_on", "decision"]),
        )
    return selection
