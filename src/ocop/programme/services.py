"""Writes of the programme: sales lines and their summaries, booth-sales reconciliation, targets,
reported statistics, funding and investment selections.

Summary tables. Every write of a sales line (or of a booth-sales reconciliation row) computes the
difference it makes and adds it to `SalesSummary` and `SalesYearSummary` in the same transaction
(rows locked with select_for_update; a row whose amount and line count fall to zero is deleted).
`sales_summary_expected()` recomputes both tables from the raw rows; `sales_summary_rebuild()`
replaces them with that recomputation (after a bulk load, or if a check ever finds a difference).

Booth sales counted once. A producer's "fairs and events" channel is what the producer sold at
fairs and events, including booths recorded by the promotion app. Per producer and quarter:
counted extra = max(0, booth sales recorded at held events − the producer's own "fairs and events"
figure). The extra is added to OCOP sales (channel "fairs and events", no product group); the
producer's own figure is never reduced. So a booth sale is counted once whether the producer
reported it, did not report it, or reported more (other fairs not on the platform).
"""

import datetime
from collections import defaultdict
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.policy import may_change, role_of
from ocop.core.errors import DomainError
from ocop.core.services import audit_record, snapshot
from ocop.programme import definitions
from ocop.programme.models import (
    BoothSalesReconciliation,
    Channel,
    Funding,
    Indicator,
    InvestmentSelection,
    PeriodKind,
    Phase,
    ReportedStatistic,
    SalesLine,
    SalesOrigin,
    SalesSummary,
    SalesYearSummary,
    Target,
)

HELD_EVENT_STATUSES = ("announced", "closed")
SALES_FIELDS = ["product", "year", "period_kind", "period", "channel", "amount_vnd", "note", "origin"]


# --- Definitions ---------------------------------------------------------------------------------


def phases_sync() -> int:
    """Create the phases of definitions.PHASES that are missing. Returns how many were created."""
    created = 0
    for code, name_vi, name_en, first, last in definitions.PHASES:
        _, was_created = Phase.objects.get_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en, "first_year": first, "last_year": last}
        )
        created += int(was_created)
    return created


def indicators_sync() -> int:
    """Create the indicators of definitions.INDICATORS that are missing (rows edited in the admin are kept)."""
    created = 0
    for position, row in enumerate(definitions.INDICATORS, start=1):
        defaults = {
            "name_vi": row["name_vi"],
            "name_en": row["name_en"],
            "unit": row["unit"],
            "computation": row["computation"],
            "parameters": row.get("parameters", {}),
            "breakdowns": row.get("breakdowns", []),
            "paced": row.get("paced", True),
            "description_vi": row.get("description_vi", ""),
            "description_en": row.get("description_en", ""),
            "position": position * 10,
        }
        _, was_created = Indicator.objects.get_or_create(code=row["code"], defaults=defaults)
        created += int(was_created)
    return created


# --- Permissions ---------------------------------------------------------------------------------


def _require_sales_change(actor, product) -> None:
    """Producers report their own products; provincial officers those of their province; admins all."""
    if actor is None:
        return
    if not may_change(actor, product):
        raise PermissionDenied


def _require_place_change(actor, province_id: int | None, *, national_roles=(Role.CENTRAL_OFFICER,)) -> None:
    if actor is None:
        return
    role = role_of(actor)
    if role == Role.ADMIN or role in national_roles:
        return
    if role == Role.PROVINCIAL_OFFICER and province_id is not None and actor.province_id == province_id:
        return
    raise PermissionDenied


# --- Summary tables ------------------------------------------------------------------------------


def _keys(*, year, province_id, commune_id, producer_type, product_group_id, channel) -> tuple[dict, dict]:
    fine = {
        "year": year,
        "province_id": province_id,
        "commune_id": commune_id,
        "producer_type": producer_type,
        "product_group_id": product_group_id,
        "channel": channel,
    }
    coarse = {"year": year, "province_id": province_id, "channel": channel}
    return fine, coarse


def _line_keys(line: SalesLine) -> tuple[dict, dict]:
    return _keys(
        year=line.year,
        province_id=line.province_id,
        commune_id=line.commune_id,
        producer_type=line.producer_type,
        product_group_id=line.product_group_id,
        channel=line.channel,
    )


def _reconciliation_keys(row: BoothSalesReconciliation) -> tuple[dict, dict]:
    return _keys(
        year=row.year,
        province_id=row.province_id,
        commune_id=row.commune_id,
        producer_type=row.producer_type,
        product_group_id=None,
        channel=Channel.FAIRS_EVENTS,
    )


def _bump(model, key: dict, amount: int, lines: int) -> None:
    if amount == 0 and lines == 0:
        return
    row = model.objects.select_for_update().filter(**key).first()
    if row is None:
        try:
            with transaction.atomic():
                model.objects.create(**key, amount_vnd=amount, lines=lines)
            return
        except IntegrityError:
            row = model.objects.select_for_update().get(**key)
    model.objects.filter(pk=row.pk).update(amount_vnd=F("amount_vnd") + amount, lines=F("lines") + lines)
    model.objects.filter(pk=row.pk, amount_vnd=0, lines=0).delete()


def _apply(keys: tuple[dict, dict], amount: int, lines: int) -> None:
    fine, coarse = keys
    _bump(SalesSummary, fine, amount, lines)
    _bump(SalesYearSummary, coarse, amount, lines)


def sales_summary_expected() -> tuple[dict, dict]:
    """Both summary tables recomputed from the raw rows: {key tuple: (amount, lines)}."""
    fine: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    coarse: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    dims = ["year", "province_id", "commune_id", "producer_type", "product_group_id", "channel"]
    from django.db.models import Count

    for row in SalesLine.objects.order_by().values(*dims).annotate(amount=Sum("amount_vnd"), n=Count("pk")):
        key = tuple(row[d] for d in dims)
        fine[key][0] += row["amount"]
        fine[key][1] += row["n"]
        coarse[(row["year"], row["province_id"], row["channel"])][0] += row["amount"]
        coarse[(row["year"], row["province_id"], row["channel"])][1] += row["n"]
    reco = (
        BoothSalesReconciliation.objects.filter(counted_vnd__gt=0)
        .order_by()
        .values("year", "province_id", "commune_id", "producer_type")
        .annotate(amount=Sum("counted_vnd"))
    )
    for row in reco:
        key = (row["year"], row["province_id"], row["commune_id"], row["producer_type"], None, Channel.FAIRS_EVENTS)
        fine[key][0] += row["amount"]
        coarse[(row["year"], row["province_id"], Channel.FAIRS_EVENTS)][0] += row["amount"]
    keep = lambda table: {k: tuple(v) for k, v in table.items() if v != [0, 0]}  # noqa: E731
    return keep(fine), keep(coarse)


def sales_summary_stored() -> tuple[dict, dict]:
    dims = ["year", "province_id", "commune_id", "producer_type", "product_group_id", "channel"]
    fine = {
        tuple(row[d] for d in dims): (row["amount_vnd"], row["lines"])
        for row in SalesSummary.objects.values(*dims, "amount_vnd", "lines")
    }
    coarse = {
        (row["year"], row["province_id"], row["channel"]): (row["amount_vnd"], row["lines"])
        for row in SalesYearSummary.objects.values("year", "province_id", "channel", "amount_vnd", "lines")
    }
    return fine, coarse


@transaction.atomic
def sales_summary_rebuild() -> int:
    """Replace both summary tables by a recomputation from the raw rows. Returns the rows written."""
    fine, coarse = sales_summary_expected()
    SalesSummary.objects.all().delete()
    SalesYearSummary.objects.all().delete()
    SalesSummary.objects.bulk_create(
        [
            SalesSummary(
                year=k[0],
                province_id=k[1],
                commune_id=k[2],
                producer_type=k[3],
                product_group_id=k[4],
                channel=k[5],
                amount_vnd=v[0],
                lines=v[1],
            )
            for k, v in fine.items()
        ],
        batch_size=2000,
    )
    SalesYearSummary.objects.bulk_create(
        [
            SalesYearSummary(year=k[0], province_id=k[1], channel=k[2], amount_vnd=v[0], lines=v[1])
            for k, v in coarse.items()
        ],
        batch_size=2000,
    )
    return len(fine) + len(coarse)


# --- Sales lines ---------------------------------------------------------------------------------


def quarter_of(period_kind: str, period: int) -> int:
    return (period - 1) // 3 + 1 if period_kind == PeriodKind.MONTH else period


def _check_period(*, year: int, period_kind: str, period: int, today: datetime.date) -> None:
    if period_kind not in PeriodKind.values:
        raise DomainError(_("Kỳ báo cáo phải là tháng hoặc quý."), field="period_kind")
    top = 12 if period_kind == PeriodKind.MONTH else 4
    if not 1 <= period <= top:
        raise DomainError(_("Tháng phải từ 1 đến 12.") if top == 12 else _("Quý phải từ 1 đến 4."), field="period")
    if not 2000 <= year <= 2100:
        raise DomainError(_("Năm phải từ 2000 đến 2100."), field="year")
    first_month = period if period_kind == PeriodKind.MONTH else (period - 1) * 3 + 1
    if datetime.date(year, first_month, 1) > today:
        raise DomainError(_("Không thể báo cáo doanh số cho kỳ chưa bắt đầu."), field="period")


def _check_no_overlap(*, product_id: int, year: int, period_kind: str, period: int, channel: str, exclude_pk=None):
    """A month and the quarter containing it cannot both be reported for one product and channel."""
    quarter = quarter_of(period_kind, period)
    other = SalesLine.objects.filter(product_id=product_id, year=year, quarter=quarter, channel=channel)
    other = other.exclude(period_kind=period_kind)
    if exclude_pk:
        other = other.exclude(pk=exclude_pk)
    if other.exists():
        raise DomainError(
            _(
                "Quý %(quarter)s/%(year)s của sản phẩm này trên kênh này đã được báo cáo theo %(other)s; "
                "không báo cáo cả theo tháng và theo quý (doanh số sẽ bị tính hai lần)."
            )
            % {
                "quarter": quarter,
                "year": year,
                "other": _("tháng") if period_kind == PeriodKind.QUARTER else _("quý"),
            },
            field="period_kind",
        )


def _snapshot_dimensions(line: SalesLine, product) -> None:
    producer = product.producer
    line.producer_id = producer.pk
    line.province_id = producer.commune.province_id
    line.commune_id = producer.commune_id
    line.producer_type = producer.producer_type
    line.product_group_id = product.product_set.group_id if product.product_set_id else None


@transaction.atomic
def sales_line_save(
    *,
    actor,
    product,
    year: int,
    period_kind: str,
    period: int,
    channel: str,
    amount_vnd: int,
    note: str = "",
    origin: str = SalesOrigin.ENTERED,
    today: datetime.date | None = None,
) -> SalesLine:
    """Record (or correct) a product's sales for one period and channel. Returns the line."""
    _require_sales_change(actor, product)
    today = today or timezone.localdate()
    _check_period(year=year, period_kind=period_kind, period=period, today=today)
    if channel not in Channel.values:
        raise DomainError(_("Kênh bán hàng không hợp lệ."), field="channel")
    if not isinstance(amount_vnd, int) or isinstance(amount_vnd, bool) or amount_vnd < 0:
        raise DomainError(_("Doanh thu phải là số đồng nguyên, không âm."), field="amount_vnd")
    if amount_vnd > 10**15:
        raise DomainError(
            _("Doanh thu quá lớn; hãy kiểm tra đơn vị (đồng, không phải nghìn đồng)."), field="amount_vnd"
        )
    product = type(product).objects.select_related("producer__commune", "product_set").get(pk=product.pk)
    line = (
        SalesLine.objects.select_for_update()
        .filter(product=product, year=year, period_kind=period_kind, period=period, channel=channel)
        .first()
    )
    _check_no_overlap(
        product_id=product.pk,
        year=year,
        period_kind=period_kind,
        period=period,
        channel=channel,
        exclude_pk=line.pk if line else None,
    )
    before = None
    if line is not None:
        before = snapshot(line, SALES_FIELDS)
        _apply(_line_keys(line), -line.amount_vnd, -1)
    else:
        line = SalesLine(product=product, year=year, period_kind=period_kind, period=period, channel=channel)
    line.quarter = quarter_of(period_kind, period)
    line.amount_vnd = amount_vnd
    line.note = note
    line.origin = origin
    line.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    _snapshot_dimensions(line, product)
    line.save()  # every field was checked above; the database constraints stand behind them
    _apply(_line_keys(line), line.amount_vnd, 1)
    after = snapshot(line, SALES_FIELDS)
    if before != after:
        audit_record(
            actor=actor,
            action="sales_line.update" if before else "sales_line.create",
            target=line,
            before=before,
            after=after,
        )
    if channel == Channel.FAIRS_EVENTS:
        booth_sales_reconcile(producer_id=line.producer_id, year=year, quarter=line.quarter)
    return line


@transaction.atomic
def sales_line_delete(*, actor, line: SalesLine) -> None:
    line = SalesLine.objects.select_for_update().select_related("product").get(pk=line.pk)
    _require_sales_change(actor, line.product)
    before = snapshot(line, SALES_FIELDS)
    _apply(_line_keys(line), -line.amount_vnd, -1)
    audit_record(actor=actor, action="sales_line.delete", target=line, before=before, after=None)
    producer_id, year, quarter, channel = line.producer_id, line.year, line.quarter, line.channel
    line.delete()
    if channel == Channel.FAIRS_EVENTS:
        booth_sales_reconcile(producer_id=producer_id, year=year, quarter=quarter)


# --- Booth sales reconciliation ------------------------------------------------------------------


def _booth_sales_model():
    try:
        return apps.get_model("promotion", "BoothSale")
    except LookupError:
        return None


def _quarter_days(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, (quarter - 1) * 3 + 1, 1)
    last_month = quarter * 3
    last = datetime.date(year + (last_month == 12), last_month % 12 + 1, 1) - datetime.timedelta(days=1)
    return first, last


@transaction.atomic
def booth_sales_reconcile(*, producer_id: int, year: int, quarter: int) -> BoothSalesReconciliation | None:
    """Recompute one producer-quarter's booth-sales reconciliation and its share of the summaries."""
    from ocop.producers.models import Producer

    BoothSale = _booth_sales_model()
    first, last = _quarter_days(year, quarter)
    booth = 0
    if BoothSale is not None:
        booth = (
            BoothSale.objects.filter(
                booth__producer_id=producer_id,
                booth__event__status__in=HELD_EVENT_STATUSES,
                day__gte=first,
                day__lte=last,
            ).aggregate(total=Sum("amount_vnd"))["total"]
            or 0
        )
    declared = (
        SalesLine.objects.filter(
            producer_id=producer_id, year=year, quarter=quarter, channel=Channel.FAIRS_EVENTS
        ).aggregate(total=Sum("amount_vnd"))["total"]
        or 0
    )
    row = (
        BoothSalesReconciliation.objects.select_for_update()
        .filter(producer_id=producer_id, year=year, quarter=quarter)
        .first()
    )
    if row is not None:
        _apply(_reconciliation_keys(row), -row.counted_vnd, 0)
    if booth == 0:
        if row is not None:
            row.delete()
        return None
    producer = Producer.objects.select_related("commune").get(pk=producer_id)
    values = (booth, declared, max(0, booth - declared), producer.commune.province_id, producer.commune_id)
    if (
        row is not None
        and values == (row.booth_vnd, row.declared_vnd, row.counted_vnd, row.province_id, row.commune_id)
        and row.producer_type == producer.producer_type
    ):
        _apply(_reconciliation_keys(row), row.counted_vnd, 0)  # unchanged: put back what was taken out
        return row
    if row is None:
        row = BoothSalesReconciliation(producer_id=producer_id, year=year, quarter=quarter)
    row.booth_vnd = booth
    row.declared_vnd = declared
    row.counted_vnd = max(0, booth - declared)
    row.province_id = producer.commune.province_id
    row.commune_id = producer.commune_id
    row.producer_type = producer.producer_type
    row.save()
    _apply(_reconciliation_keys(row), row.counted_vnd, 0)
    return row


def booth_sales_reconcile_all() -> int:
    """Reconcile every producer-quarter that has booth sales or a reconciliation row. Returns the count."""
    keys: set[tuple[int, int, int]] = set(
        BoothSalesReconciliation.objects.values_list("producer_id", "year", "quarter")
    )
    BoothSale = _booth_sales_model()
    if BoothSale is not None:
        for producer_id, day in (
            BoothSale.objects.filter(booth__producer__isnull=False)
            .values_list("booth__producer_id", "day")
            .distinct()
            .iterator()
        ):
            keys.add((producer_id, day.year, (day.month - 1) // 3 + 1))
    for producer_id, year, quarter in sorted(keys):
        booth_sales_reconcile(producer_id=producer_id, year=year, quarter=quarter)
    return len(keys)


# --- Targets, reported statistics, funding, selections -------------------------------------------

TARGET_FIELDS = ["phase", "indicator", "province", "commune", "value", "source", "notes"]


@transaction.atomic
def target_set(
    *, actor, phase: Phase, indicator: Indicator, province=None, commune=None, value, source: str = "", notes: str = ""
) -> Target:
    """Set the target of an indicator for a phase and place (creates or replaces it)."""
    _require_place_change(actor, province.pk if province else None)
    if province is None and actor is not None and role_of(actor) not in (Role.CENTRAL_OFFICER, Role.ADMIN):
        raise PermissionDenied
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
def target_delete(*, actor, target: Target) -> None:
    _require_place_change(actor, target.province_id)
    audit_record(actor=actor, action="target.delete", target=target, before=snapshot(target, TARGET_FIELDS))
    target.delete()


REPORTED_FIELDS = ["indicator", "province", "breakdown", "value", "as_of", "source", "source_url", "notes"]


@transaction.atomic
def reported_statistic_record(
    *,
    actor,
    indicator: Indicator,
    province=None,
    value,
    as_of: datetime.date,
    source: str,
    breakdown: dict[str, Any] | None = None,
    source_url: str = "",
    published_on: datetime.date | None = None,
    notes: str = "",
) -> ReportedStatistic:
    """Record a published figure with its date and source (or correct the one already recorded)."""
    _require_place_change(actor, province.pk if province else None)
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
    actor,
    province,
    year: int,
    source: str,
    amount_vnd: int,
    commune=None,
    description: str = "",
    document: str = "",
    is_demo: bool = False,
) -> Funding:
    _require_place_change(actor, province.pk, national_roles=())
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
def funding_delete(*, actor, funding: Funding) -> None:
    _require_place_change(actor, funding.province_id, national_roles=())
    audit_record(actor=actor, action="funding.delete", target=funding, before=snapshot(funding, FUNDING_FIELDS))
    funding.delete()


@transaction.atomic
def investment_select(
    *, actor, phase: Phase, product, selected_on: datetime.date, decision: str = "", is_demo: bool = False
) -> InvestmentSelection:
    """Select a product for focused investment in a phase (the first step of the star funnel)."""
    province_id = product.producer.commune.province_id
    _require_place_change(actor, province_id, national_roles=())
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


@transaction.atomic
def sales_lines_bulk_load(*, rows: list[dict], origin: str = SalesOrigin.DEMO) -> int:
    """Loaders only (demo, benchmark, migration of old data): insert many quarterly/monthly lines at
    once, then rebuild the summaries from the raw rows. Rows: product, year, period_kind, period,
    channel, amount_vnd. Every row is checked as sales_line_save checks it, except the audit trail
    (one line per row would dwarf the data) and the month/quarter overlap (loaders write one kind)."""
    today = timezone.localdate()
    lines = []
    for row in rows:
        product = row["product"]
        _check_period(year=row["year"], period_kind=row["period_kind"], period=row["period"], today=today)
        if row["channel"] not in Channel.values or row["amount_vnd"] < 0:
            raise DomainError(_("Kênh bán hàng hoặc doanh thu không hợp lệ."), field="channel")
        line = SalesLine(
            product=product,
            year=row["year"],
            period_kind=row["period_kind"],
            period=row["period"],
            quarter=quarter_of(row["period_kind"], row["period"]),
            channel=row["channel"],
            amount_vnd=row["amount_vnd"],
            note=row.get("note", ""),
            origin=origin,
        )
        _snapshot_dimensions(line, product)
        lines.append(line)
    SalesLine.objects.bulk_create(lines, batch_size=2000)
    sales_summary_rebuild()
    return len(lines)
