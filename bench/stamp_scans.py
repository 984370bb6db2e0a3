"""Benchmark: the office's scan dashboard and scan log over many scan records (time and queries per
page, which must not grow with the rows), and scans of a stamp already suspected (each one also runs
the suspicion's INSERT … ON CONFLICT DO NOTHING) against scans of an ordinary one."""

import time
from datetime import date, timedelta

SCANS = 50_000
STAMPS = 5_000
SUSPECTS = 50
REPORTS = 50
REQUESTS = 300


def _records(run, now) -> None:
    from ocop.stamps.models import StampReport, StampScan, StampState, StampSuspicion

    regions = ["Quảng Ninh", "Hà Nội", "TP Hồ Chí Minh", ""]
    StampScan.objects.bulk_create(
        [
            StampScan(
                run=run,
                index=1 + n % STAMPS,
                scanned_at=now - timedelta(minutes=n * 25 % (29 * 24 * 60)),
                region=regions[n % len(regions)],
                agent="phone",
                scan_number=1 + n // STAMPS,
            )
            for n in range(SCANS)
        ],
        batch_size=5_000,
    )
    StampState.objects.bulk_create(
        [
            StampState(
                run=run,
                index=index,
                scan_count=SCANS // STAMPS,
                first_scanned_at=now - timedelta(days=28),
                last_scanned_at=now,
            )
            for index in range(1, STAMPS + 1)
        ],
        batch_size=5_000,
    )
    StampSuspicion.objects.bulk_create(
        [
            StampSuspicion(run=run, index=index, suspected_at=now, scan_count=6, too_many=True)
            for index in range(1, SUSPECTS + 1)
        ]
    )
    StampReport.objects.bulk_create(
        [StampReport(run=run, index=index, place="Chợ", notified_at=now) for index in range(1, REPORTS + 1)]
    )


def _page(client, url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return time.perf_counter() - started, len(queries)


def run() -> list[str]:
    from bench.certificates import _certificates, _setup

    _setup()
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import timezone

    from ocop.accounts.models import Role, User
    from ocop.accounts.system import SystemCaller
    from ocop.geo.models import Province
    from ocop.stamps.models import StampRun
    from ocop.stamps.services import stamp_run_create
    from ocop.stamps.sheets import stamp_uri

    certificate = _certificates(1)[0]
    StampRun.objects.filter(certificate=certificate).delete()
    stamp_run = stamp_run_create(
        user=None,
        system=SystemCaller.DEMO,
        certificate=certificate,
        lot_number="BENCH-SCANS",
        production_date=date(2026, 11, 1),
        best_before=date(2027, 11, 1),
        quantity=STAMPS + 1,  # the last one has no scan record: the ordinary stamp below
    )
    now = timezone.now()
    _records(stamp_run, now)
    province = Province.objects.get(pk=certificate.producer.commune.province_id)
    officer, _created = User.objects.get_or_create(
        username="bench-scans-officer", defaults={"role": Role.PROVINCIAL_OFFICER, "province": province}
    )
    client = Client()
    client.force_login(officer)
    lines = []
    for label, url in [
        ("scan dashboard (30 days)", "/stamps/scans/"),
        ("scan dashboard, one lot", f"/stamps/scans/?lot={stamp_run.pk}"),
        ("scan log, first page of 100", "/stamps/scans/log/"),
        ("scan log of one stamp", f"/stamps/scans/log/?lot={stamp_run.pk}&stamp=7"),
    ]:
        elapsed, queries = _page(client, url)
        lines.append(
            f"{label} over {SCANS:,} scans, {SUSPECTS} suspects, {REPORTS} reports: "
            f"{elapsed * 1000:.0f} ms, {queries} queries"
        )

    visitor = Client()
    for label, index, threshold in [("an ordinary stamp", STAMPS + 1, 10**9), ("a stamp already suspected", 1, 5)]:
        with override_settings(
            OCOP_RATE_VERIFICATION_PER_MINUTE=10**9, OCOP_STAMP_SCAN_THRESHOLDS={"default": threshold}
        ):
            url = stamp_uri(stamp_run, index, "")
            visitor.get(url)
            started = time.perf_counter()
            for _ in range(REQUESTS):
                visitor.get(url)
            elapsed = time.perf_counter() - started
        lines.append(f"scans of {label}: {REQUESTS / elapsed:.0f} per second")
    return lines
