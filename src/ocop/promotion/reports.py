"""The figures the programme publishes, computed from the records and nothing else.

Definitions (the report pages and exports say the same):

- **days** of an event = last day − first day + 1 (the calendar, not the days that have records).
- **visits** = sum of the event's `DailyVisits`; **revenue** = sum of its booths' `BoothSale` rows (đồng).
- **in-province revenue** = revenue of booths whose exhibitor's province is the organising province.
- **per day** = total ÷ days. Kept as an exact fraction; shown rounded half-up to a whole visit / đồng.
- **growth per day** against the previous edition of the series =
  (this total × previous days) ÷ (previous total × this days) − 1, computed exactly (fractions) and
  shown as a percentage rounded half-up to one decimal place (15.04 % → 15.0 %, 15.05 % → 15.1 %).
- **growth of the total** = this total ÷ previous total − 1, same rounding. The article's "+28 %" for
  in-province booths is a growth of the total (see docs/promotion.md).
- The **previous edition** is the edition of the same series with the highest lower number that was
  not cancelled.

Every total is the sum of a table on the report page (the day table and the booth table), so a reader
can trace each figure to the rows behind it.
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Case, CharField, Count, F, Sum, Value, When

from ocop.promotion.models import Booth, BoothSale, DailyVisits, Event, EventAgreement, EventStatus, EventType

IN, OUT, UNKNOWN = "in", "out", "unknown"
ONE_DECIMAL = Decimal("0.1")


def percent(fraction: Fraction | None) -> Decimal | None:
    """A ratio as a percentage rounded half-up to one decimal: Fraction(23, 20) - 1 → Decimal("15.0")."""
    if fraction is None:
        return None
    value = Decimal(fraction.numerator * 100) / Decimal(fraction.denominator)
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def whole(fraction: Fraction) -> int:
    """Round half-up to a whole number (a per-day figure shown as visits or đồng)."""
    return math.floor(fraction + Fraction(1, 2))


def growth_per_day(current: int, current_days: int, previous: int, previous_days: int) -> Fraction | None:
    if not previous or not previous_days or not current_days:
        return None
    return Fraction(current * previous_days, previous * current_days) - 1


def growth_total(current: int, previous: int) -> Fraction | None:
    if not previous:
        return None
    return Fraction(current, previous) - 1


def _side():
    """SQL expression classifying a booth row as in-province, out-of-province or unknown."""
    return Case(
        When(booth__exhibitor_province__isnull=True, then=Value(UNKNOWN)),
        When(booth__exhibitor_province_id=F("booth__event__province_id"), then=Value(IN)),
        default=Value(OUT),
        output_field=CharField(),
    )


@dataclass
class DayRow:
    day: datetime.date
    visits: int | None = None  # None: no visits recorded for this day
    revenue: int = 0
    in_province_revenue: int = 0
    out_province_revenue: int = 0
    unknown_revenue: int = 0
    booths_reporting: int = 0


@dataclass
class EventFigures:
    event: Event
    days: int
    day_rows: list[DayRow]
    visits: int = 0
    revenue: int = 0
    in_province_revenue: int = 0
    out_province_revenue: int = 0
    unknown_revenue: int = 0
    booths: int = 0
    in_province_booths: int = 0
    out_province_booths: int = 0
    unknown_booths: int = 0
    agreements: int = 0
    agreements_value: int = 0

    @property
    def missing_visit_days(self) -> list[datetime.date]:
        return [row.day for row in self.day_rows if row.visits is None]

    @property
    def has_visits(self) -> bool:
        return any(row.visits is not None for row in self.day_rows)

    @property
    def has_sales(self) -> bool:
        return any(row.booths_reporting for row in self.day_rows)

    @property
    def days_without_sales(self) -> list[datetime.date]:
        return [row.day for row in self.day_rows if row.booths_reporting == 0]

    def per_day(self, metric: str) -> Fraction:
        return Fraction(getattr(self, metric), self.days)

    @property
    def visits_per_day(self) -> int:
        return whole(self.per_day("visits"))

    @property
    def revenue_per_day(self) -> int:
        return whole(self.per_day("revenue"))

    @property
    def in_province_revenue_per_day(self) -> int:
        return whole(self.per_day("in_province_revenue"))

    @property
    def in_province_share(self) -> Decimal | None:
        return percent(Fraction(self.in_province_revenue, self.revenue)) if self.revenue else None


def figures_for(events: list[Event]) -> dict[int, EventFigures]:
    """Figures of many events in four grouped queries (no query per event, booth or day)."""
    figures = {
        event.pk: EventFigures(event=event, days=event.days, day_rows=[DayRow(day=day) for day in event.day_list()])
        for event in events
    }
    if not figures:
        return figures
    ids = list(figures)
    rows_by_day = {pk: {row.day: row for row in fig.day_rows} for pk, fig in figures.items()}
    for event_id, day, visits in DailyVisits.objects.filter(event_id__in=ids).values_list("event_id", "day", "visits"):
        row = rows_by_day[event_id].get(day)
        if row is not None:
            row.visits = visits
            figures[event_id].visits += visits
    sales = (
        BoothSale.objects.filter(booth__event_id__in=ids)
        .annotate(side=_side())
        .values("booth__event_id", "day", "side")
        .annotate(total=Sum("amount_vnd"), booths=Count("booth_id"))
        .order_by()
    )
    for item in sales:
        event_id, total = item["booth__event_id"], int(item["total"] or 0)
        fig = figures[event_id]
        row = rows_by_day[event_id].get(item["day"])
        if row is None:  # cannot happen: the services refuse days outside the event
            continue
        row.revenue += total
        row.booths_reporting += item["booths"]
        fig.revenue += total
        if item["side"] == IN:
            row.in_province_revenue += total
            fig.in_province_revenue += total
        elif item["side"] == OUT:
            row.out_province_revenue += total
            fig.out_province_revenue += total
        else:
            row.unknown_revenue += total
            fig.unknown_revenue += total
    booth_counts = (
        Booth.objects.filter(event_id__in=ids)
        .annotate(
            side=Case(
                When(exhibitor_province__isnull=True, then=Value(UNKNOWN)),
                When(exhibitor_province_id=F("event__province_id"), then=Value(IN)),
                default=Value(OUT),
                output_field=CharField(),
            )
        )
        .values("event_id", "side")
        .annotate(n=Count("id"))
        .order_by()
    )
    for item in booth_counts:
        fig = figures[item["event_id"]]
        fig.booths += item["n"]
        setattr(
            fig,
            {IN: "in_province_booths", OUT: "out_province_booths", UNKNOWN: "unknown_booths"}[item["side"]],
            item["n"],
        )
    for item in (
        EventAgreement.objects.filter(event_id__in=ids)
        .values("event_id")
        .annotate(n=Count("id"), value=Sum("value_vnd"))
        .order_by()
    ):
        figures[item["event_id"]].agreements = item["n"]
        figures[item["event_id"]].agreements_value = int(item["value"] or 0)
    return figures


@dataclass
class Growth:
    """Growth of one metric against the previous edition: per day (the programme's measure) and of the total."""

    per_day: Decimal | None
    total: Decimal | None


def growth_between(current: EventFigures, previous: EventFigures | None) -> dict[str, Growth]:
    result = {}
    for metric in ("visits", "revenue", "in_province_revenue"):
        if previous is None:
            result[metric] = Growth(None, None)
            continue
        now, before = getattr(current, metric), getattr(previous, metric)
        result[metric] = Growth(
            per_day=percent(growth_per_day(now, current.days, before, previous.days)),
            total=percent(growth_total(now, before)),
        )
    return result


def previous_edition(event: Event) -> Event | None:
    if not event.series_id or not event.edition:
        return None
    return (
        Event.objects.filter(series_id=event.series_id, edition__lt=event.edition)
        .exclude(status=EventStatus.CANCELLED)
        .select_related("province", "commune", "series")
        .order_by("-edition")
        .first()
    )


@dataclass
class BoothRow:
    booth: Booth
    amounts: list[int | None]  # per event day, None = not entered
    total: int
    in_province: bool | None


@dataclass
class RankedItem:
    label: str
    revenue: int
    booths: int
    producer_id: int | None = None
    product_id: int | None = None
    label_en: str = ""


@dataclass
class EventReport:
    figures: EventFigures
    previous: EventFigures | None
    growth: dict[str, Growth]
    booth_rows: list[BoothRow] = field(default_factory=list)
    top_producers: list[RankedItem] = field(default_factory=list)
    top_products: list[RankedItem] = field(default_factory=list)
    agreements: list[EventAgreement] = field(default_factory=list)

    @property
    def event(self) -> Event:
        return self.figures.event


def booth_rows(event: Event, booths: list[Booth] | None = None) -> list[BoothRow]:
    """Each booth with its sales per event day and its total, highest total first."""
    if booths is None:
        booths = list(
            Booth.objects.filter(event=event)
            .select_related("producer", "exhibitor_province", "event")
            .prefetch_related("products")
        )
    index = {day: position for position, day in enumerate(event.day_list())}
    amounts: dict[int, list[int | None]] = {booth.pk: [None] * len(index) for booth in booths}
    for booth_id, day, amount in BoothSale.objects.filter(booth__in=[b.pk for b in booths]).values_list(
        "booth_id", "day", "amount_vnd"
    ):
        if day in index and booth_id in amounts:
            amounts[booth_id][index[day]] = amount
    rows = [
        BoothRow(
            booth=booth,
            amounts=amounts[booth.pk],
            total=sum(a for a in amounts[booth.pk] if a is not None),
            in_province=None
            if booth.exhibitor_province_id is None
            else booth.exhibitor_province_id == event.province_id,
        )
        for booth in booths
    ]
    rows.sort(key=lambda row: (-row.total, row.booth.number))
    return rows


def _top(rows: list[BoothRow], limit: int) -> tuple[list[RankedItem], list[RankedItem]]:
    producers: dict[object, RankedItem] = {}
    products: dict[int, RankedItem] = {}
    for row in rows:
        booth = row.booth
        key = ("producer", booth.producer_id) if booth.producer_id else ("outside", booth.exhibitor_name)
        item = producers.get(key)
        if item is None:
            item = producers[key] = RankedItem(
                label=booth.exhibitor, revenue=0, booths=0, producer_id=booth.producer_id
            )
        item.revenue += row.total
        item.booths += 1
        for product in booth.products.all():
            entry = products.get(product.pk)
            if entry is None:
                entry = products[product.pk] = RankedItem(
                    label=product.name_vi,
                    label_en=product.name_en,
                    revenue=0,
                    booths=0,
                    producer_id=product.producer_id,
                    product_id=product.pk,
                )
            entry.revenue += row.total
            entry.booths += 1
    ranked = sorted(producers.values(), key=lambda i: (-i.revenue, i.label))[:limit]
    ranked_products = sorted(products.values(), key=lambda i: (-i.revenue, i.label))[:limit]
    return ranked, ranked_products


def event_report(event: Event, *, top: int = 10) -> EventReport:
    previous = previous_edition(event)
    figures = figures_for([event] + ([previous] if previous else []))
    current = figures[event.pk]
    before = figures[previous.pk] if previous else None
    rows = booth_rows(event)
    top_producers, top_products = _top(rows, top)
    return EventReport(
        figures=current,
        previous=before,
        growth=growth_between(current, before),
        booth_rows=rows,
        top_producers=top_producers,
        top_products=top_products,
        agreements=list(
            EventAgreement.objects.filter(event=event).select_related("producer").prefetch_related("products")
        ),
    )


@dataclass
class EditionRow:
    figures: EventFigures
    previous: EventFigures | None
    growth: dict[str, Growth]


def series_report(series) -> list[EditionRow]:
    """Every edition of a series (cancelled ones left out), oldest first, each with growth on the one before."""
    events = list(
        Event.objects.filter(series=series)
        .exclude(status=EventStatus.CANCELLED)
        .select_related("province", "commune", "series")
        .order_by("edition", "first_day")
    )
    figures = figures_for(events)
    rows = []
    previous: EventFigures | None = None
    for event in events:
        current = figures[event.pk]
        rows.append(EditionRow(figures=current, previous=previous, growth=growth_between(current, previous)))
        previous = current
    return rows


@dataclass
class TypeRow:
    event_type: str
    label: str
    events: int = 0
    days: int = 0
    visits: int = 0
    revenue: int = 0
    booths: int = 0


def year_report(events: list[Event]) -> list[TypeRow]:
    """Events held per type in a year (the caller passes the year's visible, not cancelled events)."""
    rows = {value: TypeRow(event_type=value, label=str(label)) for value, label in EventType.choices}
    figures = figures_for(events)
    for event in events:
        fig = figures[event.pk]
        row = rows[event.event_type]
        row.events += 1
        row.days += fig.days
        row.visits += fig.visits
        row.revenue += fig.revenue
        row.booths += fig.booths
    return list(rows.values())
