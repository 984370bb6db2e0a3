"""Benchmark: a run of 100,000 stamps (record + every serial signed, as the printing-house CSV), the
printable PDF sheet at several sizes (it decides which sheets are built by a job: SYNC_SHEET_STAMPS) and
serial verification requests per second through the full Django stack (each one records a scan)."""

import time
import tracemalloc
from datetime import date

STAMPS = 100_000
SHEET_GOAL_SECONDS = 0.5  # issue 16: the sheet of MAX_PDF_STAMPS stamps
REQUESTS = 400


def run() -> list[str]:
    from bench.certificates import _certificates, _setup

    _setup()
    from django.test import Client
    from django.test.utils import override_settings

    from ocop.accounts.system import SystemCaller
    from ocop.stamps.models import StampRun
    from ocop.stamps.services import stamp_run_create
    from ocop.stamps.sheets import MAX_PDF_STAMPS, SYNC_SHEET_STAMPS, run_csv_rows, run_pdf, stamp_uri

    certificate = _certificates(1)[0]
    StampRun.objects.filter(certificate=certificate).delete()
    lines = []
    tracemalloc.start()
    started = time.perf_counter()
    stamp_run = stamp_run_create(
        user=None,
        system=SystemCaller.DEMO,
        certificate=certificate,
        lot_number="BENCH-1",
        production_date=date(2026, 11, 1),
        best_before=date(2027, 11, 1),
        quantity=STAMPS,
    )
    size = sum(len(row) for row in run_csv_rows(stamp_run, base="https://ocop.example.vn"))
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    lines.append(
        f"stamp run of {STAMPS:,} stamps: {elapsed:.2f} s (record + every serial signed and written as CSV, "
        f"{size / 1024 / 1024:.1f} MiB), peak Python memory {peak / 1024:.0f} KiB"
    )

    for count in sorted({24, SYNC_SHEET_STAMPS, 480, MAX_PDF_STAMPS}):
        started = time.perf_counter()
        size = len(run_pdf(stamp_run, base="https://ocop.example.vn", first=1, last=count, per_page=24))
        elapsed = time.perf_counter() - started
        how = "in the request" if count <= SYNC_SHEET_STAMPS else "by a job"
        goal = f", goal < {SHEET_GOAL_SECONDS} s" if count == MAX_PDF_STAMPS else ""
        lines.append(
            f"stamp sheet PDF of {count:,} stamps (24 per page): {elapsed * 1000:.0f} ms "
            f"({elapsed / count * 1000:.2f} ms a stamp{goal}), {size / 1024:.0f} KiB ({how})"
        )

    client = Client()
    urls = [stamp_uri(stamp_run, index, "") for index in range(1, REQUESTS + 1)]
    with override_settings(OCOP_RATE_VERIFICATION_PER_MINUTE=10**9):
        assert client.get(urls[0]).status_code == 200
        started = time.perf_counter()
        for url in urls:
            client.get(url)
        elapsed = time.perf_counter() - started
        lines.append(f"serial verification requests (each records a scan): {REQUESTS / elapsed:.0f} per second")
        started = time.perf_counter()
        for index in range(REQUESTS):
            client.get(f"/s/{stamp_run.pk}-{index + 1}-aaaaaaaaaa")
        elapsed = time.perf_counter() - started
        lines.append(f"forged serials rejected: {REQUESTS / elapsed:.0f} per second")
    return lines
