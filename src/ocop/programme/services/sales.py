"""Writes of sales lines and booth-sales reconciliation (see the package's docstring)."""

import datetime
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.system import SystemCaller
from ocop.core.errors import DomainError
from ocop.core.services import audit_record, snapshot
from ocop.programme.models import (
    BoothSalesReconciliation,
    Channel,
    SalesLine,
    SalesOrigin,
)
from ocop.programme.services.common import (
    HELD_EVENT_STATUSES,
    SALES_FIELDS,
    quarter_of,
    require_sales_change,
    sales_overlap_check,
    sales_period_check,
)
from ocop.programme.services.summaries import line_keys, reconciliation_keys, summary_add, summary_add_lines

if TYPE_CHECKING:
    from ocop.products.models import Product
    from ocop.promotion.models import BoothSale as BoothSaleModel


def _snapshot_dimensions(line: SalesLine, product: "Product") -> None:
    producer = product.producer
    line.producer_id = producer.pk
    line.province_id = producer.commune.province_id
    line.commune_id = producer.commune_id
    line.producer_type = producer.producer_type
    line.product_group_id = product.product_set.group_id if product.product_set is not None else None


@transaction.atomic
def sales_line_save(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    product: "Product",
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
    require_sales_change(actor, product, system)
    today = today or timezone.localdate()
    sales_period_check(year=year, period_kind=period_kind, period=period, today=today)
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
    sales_overlap_check(
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
        summary_add(line_keys(line), -line.amount_vnd, -1)
    else:
        line = SalesLine(product=product, year=year, period_kind=period_kind, period=period, channel=channel)
    line.quarter = quarter_of(period_kind, period)
    line.amount_vnd = amount_vnd
    line.note = note
    line.origin = origin
    line.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    _snapshot_dimensions(line, product)
    line.save()  # every field was checked above; the database constraints stand behind them
    summary_add(line_keys(line), line.amount_vnd, 1)
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
def sales_line_delete(*, actor: User | None, system: SystemCaller | None = None, line: SalesLine) -> None:
    line = SalesLine.objects.select_for_update().select_related("product").get(pk=line.pk)
    require_sales_change(actor, line.product, system)
    before = snapshot(line, SALES_FIELDS)
    summary_add(line_keys(line), -line.amount_vnd, -1)
    audit_record(actor=actor, action="sales_line.delete", target=line, before=before, after=None)
    producer_id, year, quarter, channel = line.producer_id, line.year, line.quarter, line.channel
    line.delete()
    if channel == Channel.FAIRS_EVENTS:
        booth_sales_reconcile(producer_id=producer_id, year=year, quarter=quarter)


# --- Booth sales reconciliation ------------------------------------------------------------------


def _booth_sales_model() -> "type[BoothSaleModel] | None":
    """The promotion app's booth sales, when that app is installed."""
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
        summary_add(reconciliation_keys(row), -row.counted_vnd, 0)
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
        summary_add(reconciliation_keys(row), row.counted_vnd, 0)  # unchanged: put back what was taken out
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
    summary_add(reconciliation_keys(row), row.counted_vnd, 0)
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


@transaction.atomic
def sales_lines_bulk_load(*, rows: list[dict[str, Any]], origin: str = SalesOrigin.DEMO) -> int:
    """Loaders only (demo, benchmark, migration of old data): insert many quarterly/monthly lines at
    once and add their sums to the summaries (one update per summary row, in the same transaction).
    Rows: product, year, period_kind, period, channel, amount_vnd. Every row is checked as
    sales_line_save checks it, except the audit trail (one line per row would dwarf the data) and
    the month/quarter overlap (loaders write one kind)."""
    today = timezone.localdate()
    lines = []
    for row in rows:
        product = row["product"]
        sales_period_check(year=row["year"], period_kind=row["period_kind"], period=row["period"], today=today)
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
    summary_add_lines(lines)
    return len(lines)
