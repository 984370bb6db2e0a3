"""Two scans of one stamp at the same moment, on two PostgreSQL connections: both are counted."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from ocop.accounts.system import SystemCaller
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
        system=SystemCaller.DEMO,
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


def test_two_scans_that_make_a_stamp_suspect_at_once_send_one_alert(reference_data):
    """Both see "may have been copied"; the unique (run, index) lets one INSERT win, the other waits for
    its commit and inserts nothing, so one outbox entry and one e-mail."""
    from django.core import mail

    from ocop.core.models import OutboxEntry
    from ocop.stamps.models import StampSuspicion
    from ocop.stamps.services import stamp_suspicion_record
    from tests.factories import make_user

    producer = ProducerFactory(commune=commune(6970), email="htx@example.test")
    make_user("provincial_officer", province=producer.commune.province, email="vp@example.test")
    certificate = make_certificate(ProductFactory(producer=producer), valid_from=date(2025, 1, 15))
    run = stamp_run_create(
        user=None,
        system=SystemCaller.DEMO,
        certificate=certificate,
        lot_number="L2",
        production_date=date(2026, 11, 1),
        best_before=date(2027, 11, 1),
        quantity=10,
    )
    barrier = threading.Barrier(2)
    results: list[object] = []

    def work(count: int):
        try:
            barrier.wait(timeout=10)
            now = timezone.now()
            results.append(
                stamp_suspicion_record(
                    run_id=run.pk, index=3, scan_count=count, too_many=True, far_apart=False, now=now
                )
            )
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(count,)) for count in (6, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    winner = StampSuspicion.objects.get()
    assert sorted(results, key=str) == sorted([winner.pk, None], key=str)
    assert OutboxEntry.objects.filter(task_name="ocop.stamps.notify_suspected").count() == 1
    assert [sorted(message.to) for message in mail.outbox] == [["htx@example.test", "vp@example.test"]]
