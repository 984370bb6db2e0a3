"""The scan dashboard of the office and the producer: every figure from the scan records of the runs the
viewer may see, narrowed by product, lot and period (the filters are in the URL), each figure a link to
the scans behind it (the scan log, `scan_log_rows`)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ocop.accounts.policy import visible
from ocop.programme import charts
from ocop.stamps.models import StampReport, StampRun, StampScan, StampState, StampSuspicion
from ocop.stamps.selectors import Evidence, scan_threshold, suspicion_evidence

DEFAULT_DAYS = 30
MAX_DAYS = 366
LIST_LIMIT = 50
UNKNOWN = "-"  # the region filter of scans without a named region or a shared location


@dataclass(frozen=True)
class ScanFilters:
    """What the dashboard and the log are narrowed to; `query()` is the same filters as URL parameters."""

    start: date
    end: date
    product_id: int | None = None
    run_id: int | None = None

    def query(self, **extra: object) -> str:
        params: dict[str, object] = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.product_id:
            params["product"] = self.product_id
        if self.run_id:
            params["lot"] = self.run_id
        params.update({key: value for key, value in extra.items() if value not in (None, "")})
        return urlencode(params)

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


def default_period(today: date) -> tuple[date, date]:
    return today - timedelta(days=DEFAULT_DAYS - 1), today


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    href: str


@dataclass(frozen=True)
class Suspect:
    suspicion: StampSuspicion
    serial: str
    state: StampState | None
    threshold: int
    evidence: Evidence
    href: str


@dataclass
class ScanDashboard:
    filters: ScanFilters
    scans: int
    first_scans: int
    first_scan_ratio: int | None
    per_day: list[Row]
    chart: SafeString
    regions: list[Row]
    top_products: list[Row]
    suspects: list[Suspect]
    reports: list[StampReport]
    log_href: str


def visible_runs(user) -> QuerySet[StampRun]:
    """The runs whose scans the user may see (the policy's scope of StampRun)."""
    return visible(user, StampRun.objects.all())


def _runs(user, filters: ScanFilters) -> QuerySet[StampRun]:
    runs = visible_runs(user)
    if filters.product_id:
        runs = runs.filter(product_id=filters.product_id)
    if filters.run_id:
        runs = runs.filter(pk=filters.run_id)
    return runs


def _period(filters: ScanFilters, field: str) -> Q:
    """Local days start…end, inclusive, as aware datetimes."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(filters.start, time.min, tzinfo=zone)
    end = datetime.combine(filters.end + timedelta(days=1), time.min, tzinfo=zone)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _scans(user, filters: ScanFilters) -> QuerySet[StampScan]:
    return StampScan.objects.filter(_period(filters, "scanned_at"), run__in=_runs(user, filters).values("pk"))


def _log(filters: ScanFilters, **extra: object) -> str:
    return f"{reverse('stamps:scan_log')}?{filters.query(**extra)}"


def region_label(region: str, latitude: Any, longitude: Any) -> str:
    if region:
        return region
    if latitude is not None and longitude is not None:
        return _("Vị trí được chia sẻ ≈ %(lat)s, %(lon)s") % {"lat": latitude, "lon": longitude}
    return _("Chưa xác định")


def _regions(scans: QuerySet[StampScan], filters: ScanFilters) -> list[Row]:
    """Scans by named network region, then by consented location (0.1° cell) when no region is named,
    then those with neither ("Chưa xác định")."""
    rows = [
        Row(region_label(r["region"], None, None), r["n"], _log(filters, region=r["region"]))
        for r in scans.exclude(region="").values("region").annotate(n=Count("id")).order_by("-n", "region")
    ]
    unnamed = scans.filter(region="")
    rows += [
        Row(
            region_label("", r["latitude"], r["longitude"]),
            r["n"],
            _log(filters, place=f"{r['latitude']},{r['longitude']}"),
        )
        for r in unnamed.filter(latitude__isnull=False, longitude__isnull=False)
        .values("latitude", "longitude")
        .annotate(n=Count("id"))
        .order_by("-n", "latitude", "longitude")
    ]
    unknown = unnamed.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True)).count()
    if unknown:
        rows.append(Row(region_label("", None, None), unknown, _log(filters, region=UNKNOWN)))
    return rows


def _per_day(scans: QuerySet[StampScan], filters: ScanFilters) -> list[Row]:
    counted = {
        r["day"]: r["n"] for r in scans.annotate(day=TruncDate("scanned_at")).values("day").annotate(n=Count("id"))
    }
    return [
        Row(day.strftime("%d/%m"), counted.get(day, 0), _log(filters, day=day.isoformat())) for day in filters.days()
    ]


def _top_products(scans: QuerySet[StampScan], filters: ScanFilters) -> list[Row]:
    rows = (
        scans.values("run__product", "run__product__name_vi")
        .annotate(n=Count("id"))
        .order_by("-n", "run__product__name_vi")[:10]
    )
    by_product = ScanFilters(start=filters.start, end=filters.end)
    return [
        Row(
            r["run__product__name_vi"],
            r["n"],
            f"{reverse('stamps:scans')}?{by_product.query(product=r['run__product'])}",
        )
        for r in rows
    ]


def stamp_log_href(run_id: int, index: int, state: StampState | None) -> str:
    """The scan log of one stamp, from its first scan to today (at most MAX_DAYS)."""
    today = timezone.localdate()
    start = timezone.localtime(state.first_scanned_at).date() if state else today - timedelta(days=MAX_DAYS - 1)
    start = min(start, today)
    filters = ScanFilters(start=start, end=min(today, start + timedelta(days=MAX_DAYS - 1)), run_id=run_id)
    return _log(filters, stamp=index)


def _suspects(user, filters: ScanFilters) -> list[Suspect]:
    suspicions = list(
        StampSuspicion.objects.filter(_period(filters, "suspected_at"), run__in=_runs(user, filters).values("pk"))
        .select_related("run__product__product_set")
        .order_by("-suspected_at", "-pk")[:LIST_LIMIT]
    )
    if not suspicions:
        return []
    pairs = Q()
    for suspicion in suspicions:
        pairs |= Q(run_id=suspicion.run_id, index=suspicion.index)
    states = {(s.run_id, s.index): s for s in StampState.objects.filter(pairs)}
    evidence = suspicion_evidence(suspicions)
    return [
        Suspect(
            suspicion=s,
            serial=s.run.serial(s.index),
            state=states.get((s.run_id, s.index)),
            threshold=scan_threshold(s.run),
            evidence=evidence[s.pk],
            href=stamp_log_href(s.run_id, s.index, states.get((s.run_id, s.index))),
        )
        for s in suspicions
    ]


def _reports(user, filters: ScanFilters) -> list[StampReport]:
    reports = StampReport.objects.filter(
        _period(filters, "created_at"), run__in=_runs(user, filters).values("pk")
    ).select_related("run__product", "handled_by")
    # "new" sorts after "handled": "-status" lists the reports still to handle first.
    return list(reports.order_by("-status", "-created_at", "-pk")[:LIST_LIMIT])


def scan_dashboard(*, user, filters: ScanFilters) -> ScanDashboard:
    scans = _scans(user, filters)
    total = scans.count()
    first = scans.filter(scan_number=1).count()
    per_day = _per_day(scans, filters)
    bars = [charts.Bar(row.label, row.count, str(row.count), row.href) for row in per_day]
    return ScanDashboard(
        filters=filters,
        scans=total,
        first_scans=first,
        first_scan_ratio=round(100 * first / total) if total else None,
        per_day=per_day,
        chart=charts.day_columns(bars, title=_("Lượt quét theo ngày")),
        regions=_regions(scans, filters),
        top_products=_top_products(scans, filters),
        suspects=_suspects(user, filters),
        reports=_reports(user, filters),
        log_href=_log(filters),
    )


@dataclass(frozen=True)
class LogFilters:
    """The scan log's narrowing beyond the dashboard's: one day, one region (UNKNOWN: none), one shared
    location cell "lat,lon", one stamp of the lot, first scans only."""

    day: date | None = None
    region: str | None = None
    place: tuple[Any, Any] | None = None
    stamp: int | None = None
    first_only: bool = False


def scan_log_rows(*, user, filters: ScanFilters, narrow: LogFilters) -> QuerySet[StampScan]:
    scans = _scans(user, filters).select_related("run", "run__product")
    if narrow.day is not None:
        scans = scans.filter(_period(ScanFilters(start=narrow.day, end=narrow.day), "scanned_at"))
    if narrow.region == UNKNOWN:
        scans = scans.filter(Q(region=""), Q(latitude__isnull=True) | Q(longitude__isnull=True))
    elif narrow.region:
        scans = scans.filter(region=narrow.region)
    if narrow.place is not None:
        scans = scans.filter(region="", latitude=narrow.place[0], longitude=narrow.place[1])
    if narrow.stamp is not None:
        scans = scans.filter(index=narrow.stamp)
    if narrow.first_only:
        scans = scans.filter(scan_number=1)
    return scans.order_by("-scanned_at", "-pk")
