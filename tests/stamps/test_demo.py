from datetime import date

from ocop.core.models import OutboxEntry
from ocop.stamps.demo import load_demo
from ocop.stamps.models import StampReport, StampRun, StampScan, StampSuspicion
from ocop.stamps.selectors import distant_scans
from tests.factories import ProductFactory, make_certificate


def test_demo_run_is_loaded_once_with_a_suspected_copy(world):
    make_certificate(ProductFactory(producer=world["qn"], is_demo=True), valid_from=date(2025, 1, 15), is_demo=True)
    run = load_demo()
    load_demo()
    assert StampRun.objects.count() == 1
    assert StampScan.objects.filter(run=run).count() == 5
    assert distant_scans(run.pk, 3, since=run.created_at.replace(year=2020)) is True
    suspicion = StampSuspicion.objects.get()
    assert (suspicion.run_id, suspicion.index, suspicion.scan_count, suspicion.far_apart) == (run.pk, 3, 2, True)
    assert StampReport.objects.filter(run=run, index=3).count() == 1
    assert OutboxEntry.objects.count() == 0  # the demo tells nobody
