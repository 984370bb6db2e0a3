"""Reads of the stamps app: the run a scan names, and what the scan page says about the stamp."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings

from ocop.stamps.models import StampRun, StampScan, StampSuspicion, StampVoid

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from ocop.accounts.models import User
    from ocop.certificates.models import Certificate
    from ocop.stamps.models import StampReport

DEFAULT_SCAN_THRESHOLD = 5
DISTANT_KM = 100
DISTANT_WITHIN = timedelta(hours=72)


def run_scope(run_id: int) -> str:
    """The scope (ocop.core.page_store) of a run's stored scan pages: bumped when stamps of it are voided."""
    return f"stamprun:{run_id}"


def run_for_scan(run_id: int) -> StampRun | None:
    """The run with everything the scan page shows, in one query."""
    return (
        StampRun.objects.select_related(
            "certificate", "product", "product__product_set", "certificate__producer", "certificate__producer__commune"
        )
        .filter(pk=run_id)
        .first()
    )


def is_void(run: StampRun, index: int) -> bool:
    return StampVoid.objects.filter(run=run, first_index__lte=index, last_index__gte=index).exists()


def scan_threshold(run: StampRun) -> int:
    """Scans of one stamp beyond which it may have been copied: OCOP_STAMP_SCAN_THRESHOLDS by the
    product set's code ({"default": 5, "<code>": n}), so a product checked often (a gift box) can allow more."""
    thresholds = settings.OCOP_STAMP_SCAN_THRESHOLDS
    product_set = run.product.product_set
    if product_set is not None and product_set.code in thresholds:
        return int(thresholds[product_set.code])
    return int(thresholds.get("default", DEFAULT_SCAN_THRESHOLD))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Verdict:
    count: int
    first_scanned_at: datetime
    suspected: bool
    too_many: bool
    far_apart: bool
    earlier: bool = False  # suspected at an earlier scan, not by this one: a copy stays a copy

    @property
    def first_check(self) -> bool:
        return self.count == 1


def far_apart(rows: "list[tuple[str, Any, Any]]") -> bool:
    """Whether these scans [(region, latitude, longitude)] came from places far apart: two different
    named network regions, or two consented locations more than DISTANT_KM apart."""
    regions = {region for region, _lat, _lon in rows if region}
    if len(regions) > 1:
        return True
    places = [(float(lat), float(lon)) for _region, lat, lon in rows if lat is not None and lon is not None]
    return any(_km(a, b) > DISTANT_KM for i, a in enumerate(places) for b in places[i + 1 :])


def distant_scans(run_id: int, index: int, since: datetime) -> bool:
    """Two scans of the stamp since `since`, in the database, from places far apart."""
    rows = list(
        StampScan.objects.filter(run_id=run_id, index=index, scanned_at__gte=since).values_list(
            "region", "latitude", "longitude"
        )[:200]
    )
    return far_apart(rows)


def scan_verdict(
    *,
    run_id: int,
    index: int,
    threshold: int,
    count: int,
    first_scanned_at: datetime,
    now: datetime,
    places: "list[tuple[str, Any, Any]] | None" = None,
    noted: bool = False,
) -> Verdict:
    """The verdict on a stamp at its `count`-th scan. `places` are its scans of the last
    DISTANT_WITHIN as the Redis counter keeps them; without them the database's rows are read. A stamp
    whose suspicion is `noted` stays suspect at every later scan, once its far-apart scans are older
    than the window too."""
    too_many = count > threshold
    if count <= 1:
        distant = False
    elif places is not None:
        distant = far_apart(places)
    else:
        distant = distant_scans(run_id, index, now - DISTANT_WITHIN)
    return Verdict(
        count=count,
        first_scanned_at=first_scanned_at,
        suspected=too_many or distant or noted,
        too_many=too_many,
        far_apart=distant,
        earlier=noted and not (too_many or distant),
    )


@dataclass(frozen=True)
class Evidence:
    """Why a stamp became suspect, from its scans in the DISTANT_WITHIN (72 h) before: the distinct
    named network regions, and the greatest distance between two consented locations (km, or None)."""

    regions: tuple[str, ...]
    distance_km: int | None


def suspicion_evidence(suspicions: "list[StampSuspicion]") -> dict[int, Evidence]:
    """The evidence of each suspected stamp (by the suspicion's id), from one query over their scans."""
    from django.db.models import Q

    if not suspicions:
        return {}
    window = Q()
    for suspicion in suspicions:
        window |= Q(
            run_id=suspicion.run_id,
            index=suspicion.index,
            scanned_at__gte=suspicion.suspected_at - DISTANT_WITHIN,
            scanned_at__lte=suspicion.suspected_at,
        )
    rows = StampScan.objects.filter(window).values_list("run_id", "index", "region", "latitude", "longitude")
    by_stamp: dict[tuple[int, int], list[tuple[str, Any, Any]]] = {}
    for run_id, index, region, lat, lon in rows:
        by_stamp.setdefault((run_id, index), []).append((region, lat, lon))
    found = {}
    for suspicion in suspicions:
        scans = by_stamp.get((suspicion.run_id, suspicion.index), [])
        regions = tuple(sorted({region for region, _lat, _lon in scans if region}))
        places = [(float(lat), float(lon)) for _region, lat, lon in scans if lat is not None and lon is not None]
        distances = [_km(a, b) for i, a in enumerate(places) for b in places[i + 1 :]]
        found[suspicion.pk] = Evidence(regions=regions, distance_km=round(max(distances)) if distances else None)
    return found


def valid_certificates() -> "QuerySet[Certificate]":
    """Certificates stamps may be requested for (in force today), with their product for the choice label."""
    from django.utils import timezone

    from ocop.certificates.models import Certificate, CertificateStatus

    return Certificate.objects.select_related("product").filter(
        status=CertificateStatus.VALID, valid_until__gte=timezone.localdate()
    )


def run_queryset() -> "QuerySet[StampRun]":
    return StampRun.objects.select_related("certificate", "product", "certificate__producer")


def run_rows(queryset: "QuerySet[StampRun]") -> "QuerySet[StampRun]":
    """Runs for the list, with their scan figures in the same query."""
    from django.db.models import Count

    return queryset.select_related("product", "certificate").annotate(
        stamps_scanned=Count("states", distinct=True), scan_total=Count("scans", distinct=True)
    )


def run_summary(run: StampRun) -> dict[str, Any]:
    """The run's figures, from the scan records: stamps scanned, scans, first-scan ratio, per day and
    region, stamps over the threshold, stamps that became suspect (threshold or distance), reports, voided stamps."""
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncDate

    states = run.states.aggregate(stamps=Count("id"), scans=Sum("scan_count"))
    scans = states["scans"] or 0
    threshold = scan_threshold(run)
    return {
        "stamps_scanned": states["stamps"],
        "scans": scans,
        "first_scan_ratio": round(100 * states["stamps"] / scans) if scans else None,
        "per_day": list(
            run.scans.annotate(day=TruncDate("scanned_at")).values("day").annotate(n=Count("id")).order_by("-day")[:30]
        ),
        "per_region": list(run.scans.values("region").annotate(n=Count("id")).order_by("-n")[:20]),
        "threshold": threshold,
        "over_threshold": list(run.states.filter(scan_count__gt=threshold).order_by("-scan_count")[:50]),
        "suspicions": list(run.suspicions.order_by("-suspected_at", "-pk")[:50]),
        "reports": list(run.reports.all()[:50]),
        "voids": list(run.voids.all()),
    }


def stamp_reports_new(*, user: "User | AnonymousUser") -> "QuerySet[StampReport]":
    """Consumers' stamp reports not handled yet, of the runs the user may see, oldest first."""
    from ocop.accounts.policy import visible
    from ocop.stamps.models import ReportStatus, StampReport

    reports = visible(user, StampReport.objects.filter(status=ReportStatus.NEW))
    return reports.select_related("run__certificate__product").order_by("created_at", "id")
