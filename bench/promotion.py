"""Benchmark: the series report over 10 editions × 300 booths × 5 days (15,000 booth-day sales rows),
and one edition's full event report (day table, booth table, top producers and products).

`run()` returns the lines to print. It builds the records with bulk inserts in its own transaction and
rolls them back at the end, so it leaves the database as it found it.
"""

import datetime
import os
import sys
import time
from pathlib import Path

EDITIONS = 10
BOOTHS = 300
DAYS = 5


def _setup() -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()


class _Rollback(Exception):
    pass


def run() -> list[str]:
    _setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from ocop.geo.models import Commune, Province
    from ocop.promotion.models import Booth, BoothSale, DailyVisits, Event, EventSeries, EventStatus, EventType
    from ocop.promotion.reports import event_report, series_report

    lines: list[str] = []
    province = Province.objects.filter(code=22).first()
    other = Province.objects.exclude(code=22).first()
    if province is None or other is None:
        return ["geo units not loaded: run ocop_geo_load first"]
    commune = Commune.objects.filter(province=province).first()
    try:
        with transaction.atomic():
            started = time.perf_counter()
            series = EventSeries.objects.create(name="Bench series", event_type=EventType.FAIR, province=province)
            events = []
            for edition in range(1, EDITIONS + 1):
                first = datetime.date(2010 + edition, 5, 1)
                events.append(
                    Event.objects.create(
                        event_type=EventType.FAIR,
                        series=series,
                        edition=edition,
                        name=f"Bench fair {edition}",
                        province=province,
                        commune=commune,
                        first_day=first,
                        last_day=first + datetime.timedelta(days=DAYS - 1),
                        organiser="bench",
                        status=EventStatus.CLOSED,
                    )
                )
            for event in events:
                booths = Booth.objects.bulk_create(
                    Booth(
                        event=event,
                        number=f"N{n:03d}",
                        exhibitor_name=f"Exhibitor {n}",
                        exhibitor_province=province if n % 3 else other,
                    )
                    for n in range(BOOTHS)
                )
                DailyVisits.objects.bulk_create(
                    DailyVisits(event=event, day=day, visits=10_000 + event.edition * 100) for day in event.day_list()
                )
                BoothSale.objects.bulk_create(
                    (
                        BoothSale(booth=booth, day=day, amount_vnd=1_000_000 + index * 1_000 + event.edition)
                        for index, booth in enumerate(booths)
                        for day in event.day_list()
                    ),
                    batch_size=2_000,
                )
            lines.append(
                f"built {EDITIONS} editions × {BOOTHS} booths × {DAYS} days = "
                f"{EDITIONS * BOOTHS * DAYS:,} sales rows in {time.perf_counter() - started:.2f} s"
            )
            series_report(series)  # warm-up
            timings = []
            for _ in range(5):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    rows = series_report(series)
                    timings.append(time.perf_counter() - started)
            lines.append(
                f"series report ({len(rows)} editions): best {min(timings) * 1000:.1f} ms, "
                f"median {sorted(timings)[2] * 1000:.1f} ms, {len(queries)} queries"
            )
            timings = []
            for _ in range(5):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    report = event_report(events[-1])
                    timings.append(time.perf_counter() - started)
            lines.append(
                f"event report ({len(report.booth_rows)} booths, {DAYS} days): best {min(timings) * 1000:.1f} ms, "
                f"median {sorted(timings)[2] * 1000:.1f} ms, {len(queries)} queries"
            )
            lines.append(
                f"check: last edition revenue {report.figures.revenue:,} đ, visits/day growth "
                f"{report.growth['visits'].per_day} %"
            )
            raise _Rollback
    except _Rollback:
        pass
    return lines


if __name__ == "__main__":
    for line in run():
        print(line)
