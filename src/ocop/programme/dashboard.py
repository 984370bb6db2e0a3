"""The overview dashboard as one data structure, rendered as a page, an Excel workbook and a PDF.

`overview_build()` runs every figure once; the page, the workbook and the PDF all read the same
`Dashboard`, so an export always shows what the screen showed.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ocop.core.formatting import localized
from ocop.programme import charts
from ocop.programme import formatting as fmt
from ocop.programme.comparison import province_comparison
from ocop.programme.models import Indicator, Phase, ReportedStatistic
from ocop.programme.selectors import (
    Scope,
    headline,
    indicator_available,
    indicator_breakdown,
    indicator_total,
    indicator_url,
    indicators_by_code,
    place_urls,
    query_for,
    reported_rows,
    targets_for,
)
from ocop.programme.tables import Cell, Table


@dataclass
class Figure:
    code: str
    label: str
    value: Decimal | None
    text: str
    href: str
    note: str = ""
    parts: list[tuple[str, str, str]] = field(default_factory=list)  # (label, text, href)
    kind: str = "count"  # of the value, for the workbook (unit_kind)


def unit_kind(unit: str) -> str:
    """The kind of an indicator's values: đồng are money, percentages percent, the rest counts."""
    return {"vnd": "money", "percent": "percent"}.get(unit, "count")


@dataclass
class Chart:
    title: str
    svg: SafeString
    table: Table
    note: str = ""
    bars: list[charts.Bar] = field(default_factory=list)  # what the svg is drawn from; the PDF draws them too
    marks: dict[str, list[tuple[float, str]]] = field(default_factory=dict)  # per bar label: published ◆, target


@dataclass
class Dashboard:
    title: str
    scope: Scope
    phase: Phase
    today: datetime.date
    headline: object
    figures: list[Figure]
    targets: list
    charts: list[Chart]
    tables: list[Table]
    reported: list
    unavailable: list[str]


def year_cell(bar: charts.Bar) -> Cell:
    """A year label (2017), a number in the workbook."""
    return Cell(bar.label, bar.href, int(bar.label) if bar.label.isdigit() else None, "year")


def _name(indicator: Indicator) -> str:
    return localized(indicator, "name")


def overview_build(*, phase: Phase, scope: Scope, today: datetime.date) -> Dashboard:
    indicators = indicators_by_code()
    query = query_for(phase=phase, scope=scope, today=today)
    unavailable = [_name(ind) for ind in indicators.values() if not indicator_available(ind)]

    def link(code: str, by: str = "", **filters) -> str:
        return indicator_url(code, phase=phase, scope=scope, by=by, **filters)

    def total(code: str):
        ind = indicators.get(code)
        return indicator_total(ind, query) if ind else None

    def breakdown(code: str, dimension: str):
        ind = indicators.get(code)
        return indicator_breakdown(ind, query, dimension) if ind else []

    figures: list[Figure] = []

    def figure(code: str, *, by: str = "", note: str = "", parts=None, value=None, short=False) -> None:
        ind = indicators.get(code)
        if ind is None:
            return
        value = total(code) if value is None else value
        figures.append(
            Figure(
                code=code,
                label=_name(ind),
                value=value,
                text=fmt.value_text(value, ind.unit, short=short),
                href=link(code, by),
                note=note,
                parts=parts or [],
                kind=unit_kind(ind.unit),
            )
        )

    sales_by_year = breakdown("ocop_sales_revenue", "year")
    figure("ocop_sales_revenue", by="year", note=_("giai đoạn %(phase)s") % {"phase": phase})
    stars = breakdown("certified_products_3plus", "star")
    star_parts = [
        (f"★{key}", fmt.number(value), link("certified_products_3plus", star=key)) for key, _l, value in stars
    ]
    as_of = query.as_of
    figure(
        "certified_products_3plus",
        by="star",
        note=_("tại ngày %(day)s") % {"day": fmt.dmy(as_of)},
        parts=star_parts,
    )
    figure("products_in_programme", by="status", note=_("hiện nay"))
    # Every producer has one legal form: the total is the sum of the breakdown (one query, not two).
    producer_types = breakdown("producers", "producer_type")
    producers_total = sum((value for _k, _l, value in producer_types), Decimal(0)) if producer_types else None
    figure("producers", by="producer_type", note=_("hiện nay"), value=producers_total)
    figure("new_products", by="year", note=_("công nhận lần đầu trong giai đoạn"))
    figure("events_held", by="event_type")
    figure("event_visits", by="event_type")
    figure("event_revenue", by="event_type", note=_("tổng doanh thu gian hàng"))
    figure("ecommerce_listings", note=_("sản phẩm đang bán trên sàn"))
    figure("funding_community_share", by="year", note=_("trên tổng kinh phí giai đoạn"))

    chart_list: list[Chart] = []
    targets = targets_for(phase, scope, today)
    sales_target = next((t for t in targets if t.target.indicator.code == "ocop_sales_revenue"), None)

    # 1. Sales per year.
    years = range(phase.first_year, phase.last_year + 1)
    per_year = {key: value for key, _l, value in sales_by_year}
    bars = [
        charts.Bar(str(y), per_year.get(y, 0), fmt.compact(per_year.get(y, 0)), link("ocop_sales_revenue", year=y))
        for y in years
    ]
    reference = None
    if sales_target:
        reference = (
            sales_target.target.value / len(years),
            _("mục tiêu bình quân/năm: %(value)s") % {"value": fmt.compact(sales_target.target.value / len(years))},
        )
    title = _("Doanh số OCOP theo năm")
    chart_list.append(
        Chart(
            title,
            charts.column_chart(bars, title=title, reference=reference),
            Table(
                title,
                [_("Năm"), _("Doanh số")],
                [[year_cell(b), Cell(fmt.vnd(b.value), b.href, b.value, "money")] for b in bars],
                {1},
            ),
            bars=bars,
        )
    )

    # 2. Sales per channel.
    channel_rows = breakdown("ocop_sales_revenue", "channel")
    title = _("Doanh số theo kênh bán hàng")
    bars = [
        charts.Bar(label, value, fmt.compact(value), link("ocop_sales_revenue", channel=key))
        for key, label, value in sorted(channel_rows, key=lambda r: -r[2])
    ]
    chart_list.append(
        Chart(
            title,
            charts.bar_list(bars, title=title),
            Table(
                title,
                [_("Kênh"), _("Doanh số")],
                [[Cell(b.label, b.href), Cell(fmt.vnd(b.value), b.href, b.value, "money")] for b in bars],
                {1},
            ),
            bars=bars,
        )
    )

    # 3. Products ★3+ per year, computed, with the published figures beside them.
    certified = indicators.get("certified_products_3plus")
    if certified and indicator_available(certified):
        first_year = min(Phase.objects.values_list("first_year", flat=True))
        series_query = query_for(scope=scope, today=today, years=(first_year, today.year))
        series = indicator_breakdown(certified, series_query, "year")
        bars = [
            charts.Bar(str(key), value, fmt.number(value), link("certified_products_3plus", year=key))
            for key, _l, value in series
        ]
        reported = []
        if not scope.commune:
            stats = ReportedStatistic.objects.filter(indicator=certified, province=scope.province, breakdown={})
            seen = set()
            for stat in stats.order_by("as_of", "source"):
                label = fmt.number(stat.value)
                if (stat.as_of.year, label) in seen:
                    continue
                seen.add((stat.as_of.year, label))
                reported.append((stat.as_of.year, stat.value, label))
        title = _("Sản phẩm 3 sao trở lên: tính từ hồ sơ (cột) và số liệu công bố (◆)")
        rows = [[year_cell(b), Cell(b.text, b.href, b.value, "count")] for b in bars]
        table = Table(title, [_("Năm (31/12)"), _("Tính từ hồ sơ")], rows, {1})
        marks: dict[str, list[tuple[float, str]]] = {}
        for year, value, label in reported:
            marks.setdefault(str(year), []).append((float(value), label))
        svg = charts.series_with_reported(bars, reported, title=title)
        chart_list.append(Chart(title, svg, table, bars=bars, marks=marks))

    # 4. The star funnel with its targets.
    stages = []
    target_by_code = {t.target.indicator.code: t for t in targets}
    for code in ("funnel_selected", "funnel_star45", "funnel_national5"):
        ind = indicators.get(code)
        if ind is None or not indicator_available(ind):
            continue
        value = total(code)
        tp = target_by_code.get(code)
        target_text = _("mục tiêu %(value)s") % {"value": fmt.number(tp.target.value)} if tp else ""
        stages.append(
            (
                charts.Bar(_name(ind), value, fmt.number(value), link(code)),
                tp.target.value if tp else None,
                target_text,
            )
        )
    if stages:
        title = _("Phễu sản phẩm: chọn đầu tư → 4–5 sao → 5 sao quốc gia")
        table = Table(
            title,
            [_("Bước"), _("Thực hiện"), _("Mục tiêu")],
            [
                [
                    Cell(b.label, b.href),
                    Cell(b.text, b.href, b.value, "count"),
                    Cell(fmt.number(v) if v is not None else "", "", v, "count"),
                ]
                for b, v, _t in stages
            ],
            {1},
        )
        chart_list.append(
            Chart(
                title,
                charts.funnel_chart(stages, title=title),
                table,
                bars=[bar for bar, _v, _t in stages],
                marks={bar.label: [(float(v), text)] for bar, v, text in stages if v is not None},
            )
        )

    # 5. Funding by source.
    funding = breakdown("funding_total", "source")
    if funding:
        title = _("Kinh phí thực hiện theo nguồn")
        bars = [
            charts.Bar(label, value, fmt.compact(value), link("funding_total", source=key))
            for key, label, value in sorted(funding, key=lambda r: -r[2])
        ]
        chart_list.append(
            Chart(
                title,
                charts.bar_list(bars, title=title, label_width=300),
                Table(
                    title,
                    [_("Nguồn"), _("Số tiền")],
                    [[Cell(b.label, b.href), Cell(fmt.vnd(b.value), b.href, b.value, "money")] for b in bars],
                    {1},
                ),
                bars=bars,
            )
        )

    # 6. Where the sales come from: provinces (national) or communes (province).
    place = "province" if scope.province is None else "commune"
    if scope.commune is None:
        rows = sorted(breakdown("ocop_sales_revenue", place), key=lambda r: -r[2])[:12]
        title = _("Doanh số theo tỉnh (12 tỉnh dẫn đầu)") if place == "province" else _("Doanh số theo xã, phường")
        hrefs = place_urls("ocop_sales_revenue", phase=phase, scope=scope, place=place, keys=[r[0] for r in rows])
        bars = [charts.Bar(label, value, fmt.compact(value), hrefs[key]) for key, label, value in rows]
        if bars:
            chart_list.append(
                Chart(
                    title,
                    charts.bar_list(bars, title=title),
                    Table(
                        title,
                        [_("Địa bàn"), _("Doanh số")],
                        [[Cell(b.label, b.href), Cell(fmt.vnd(b.value), b.href, b.value, "money")] for b in bars],
                        {1},
                    ),
                    bars=bars,
                )
            )

    tables = []
    compared = province_comparison(indicators, query, phase=phase, scope=scope)
    if compared is not None:
        tables.append(compared)
    if producer_types:
        title = _("Chủ thể theo loại hình")
        tables.append(
            Table(
                title,
                [_("Loại hình"), _("Số chủ thể")],
                [
                    [
                        Cell(label, link("producers", producer_type=key)),
                        Cell(fmt.number(value), link("producers", producer_type=key), value, "count"),
                    ]
                    for key, label, value in producer_types
                ],
                {1},
            )
        )

    title = _("Tổng quan chương trình OCOP")
    return Dashboard(
        title=title,
        scope=scope,
        phase=phase,
        today=today,
        headline=headline(phase, scope, today, sales_by_year=sales_by_year),
        figures=figures,
        targets=targets,
        charts=chart_list,
        tables=tables,
        reported=reported_rows(scope, today),
        unavailable=unavailable,
    )


def dashboard_tables(dashboard: Dashboard) -> list[Table]:
    """Every table of the dashboard, for the exports: figures, targets, charts' data, reported statistics."""
    figures = Table(
        _("Chỉ tiêu chính"),
        [_("Chỉ tiêu"), _("Giá trị"), _("Ghi chú")],
        [[Cell(f.label, f.href), Cell(f.text, f.href, f.value, f.kind), Cell(f.note)] for f in dashboard.figures],
        {1},
    )
    targets = Table(
        _("Mục tiêu giai đoạn"),
        [_("Chỉ tiêu"), _("Mục tiêu"), _("Thực hiện"), _("Tiến độ"), _("Thời gian đã qua"), _("Đánh giá")],
        [
            [
                Cell(_name(t.target.indicator)),
                Cell(
                    fmt.value_text(t.target.value, t.target.indicator.unit),
                    value=t.target.value,
                    kind=unit_kind(t.target.indicator.unit),
                ),
                Cell(
                    fmt.value_text(t.actual, t.target.indicator.unit),
                    value=t.actual,
                    kind=unit_kind(t.target.indicator.unit),
                ),
                Cell(fmt.percent(t.progress, 1) if t.progress is not None else "—", value=t.progress, kind="percent"),
                Cell(fmt.percent(t.elapsed, 0), value=t.elapsed, kind="percent"),
                Cell(t.status_label),
            ]
            for t in dashboard.targets
        ],
        {1, 2, 3, 4},
    )
    reported = Table(
        _("Số liệu công bố và số liệu tính từ hồ sơ"),
        [_("Chỉ tiêu"), _("Ngày"), _("Công bố"), _("Nguồn"), _("Tính từ hồ sơ")],
        [
            [
                Cell(
                    _name(r.statistic.indicator)
                    + (f" ★{r.statistic.breakdown.get('star')}" if r.statistic.breakdown.get("star") else "")
                ),
                Cell(fmt.dmy(r.statistic.as_of), value=r.statistic.as_of, kind="date"),
                Cell(
                    fmt.value_text(r.statistic.value, r.statistic.indicator.unit),
                    value=r.statistic.value,
                    kind=unit_kind(r.statistic.indicator.unit),
                ),
                Cell(r.statistic.source, r.statistic.source_url),
                Cell(
                    fmt.value_text(r.computed, r.statistic.indicator.unit),
                    r.href,
                    r.computed,
                    unit_kind(r.statistic.indicator.unit),
                ),
            ]
            for r in dashboard.reported
        ],
        {2, 4},
    )
    return [figures, targets, *[c.table for c in dashboard.charts], *dashboard.tables, reported]
