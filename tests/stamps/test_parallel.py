"""Two scans of one stamp at the same moment, on two PostgreSQL connections: both are counted."""

import threading
from datetime import date

import pytest
from django.db import connection

from ocop.stamps.models import StampScan
from ocop.stamps.services import stamp_run_create, stamp_scan_record
from tests.certificates.test_parallel import _restore_reference_data  # noqa: F401 - module fixture: reload after the flush
from tests.factories import ProducerFactory, ProductFactory, commune, make_certificate

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises writes; the race runs on PostgreSQL"),
]


def test_two_simultaneous_scans_are_both_counted():
    producer = ProducerFactory(commune=commune(6970))
    certificate = make_certificate(ProductFactory(producer=producer), valid_from=date(2025, 1, 15))
    run = stamp_run_create(
        user=None,
        certificate=certificate,
        lot_number="L1",
        production_date=date(2026, 11, 1),
        best_before=date(2027, 11, 1),
        quantity=10,
    )
    barrier = threading.Barrier(2)
    results: list[object] = []

    def work():
        try:
            barrier.wait(timeout=10)
            results.append(stamp_scan_record(run_id=run.pk, index=1, network="", agent="phone")[0])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [1, 2]
    assert StampScan.objects.filter(run=run).count() == 2
