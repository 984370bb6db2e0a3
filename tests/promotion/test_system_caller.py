"""Promotion writes without a person (`actor=None`) are refused unless the system names itself (the demo
loader, the tests' worlds: `SystemCaller.DEMO`): a forgotten actor never skips the organiser check.
A refusal writes nothing, not even an audit line."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from ocop.accounts.system import SystemCaller
from ocop.core.models import AuditEvent
from ocop.promotion.models import (
    Booth,
    BoothSale,
    DailyVisits,
    Event,
    EventAgreement,
    EventSeries,
    EventStatus,
    EventType,
)
from ocop.promotion.services import (
    agreement_create,
    booth_create,
    booth_sale_record,
    booth_update,
    event_create,
    event_set_status,
    event_update,
    series_create,
    visits_record,
)
from tests.factories import commune, province

pytestmark = pytest.mark.django_db

DAY1 = datetime.date(2025, 3, 1)

WRITES = {
    "series_create": lambda fair, system: series_create(
        actor=None, system=system, name="Phiên chợ OCOP", event_type=EventType.MARKET_SESSION, province=province(22)
    ),
    "event_create": lambda fair, system: event_create(
        actor=None,
        system=system,
        event_type=EventType.FAIR,
        name="Hội chợ mới",
        province=province(22),
        commune=commune(6688),
        venue="Cung Quy hoạch",
        first_day=datetime.date(2025, 6, 1),
        last_day=datetime.date(2025, 6, 3),
        organiser="Sở Công Thương Quảng Ninh",
        status=EventStatus.ANNOUNCED,
    ),
    "event_update": lambda fair, system: event_update(
        actor=None, system=system, event=fair["event"], changes={"venue": "Nơi khác"}
    ),
    "event_set_status": lambda fair, system: event_set_status(
        actor=None, system=system, event=fair["event"], status=EventStatus.CLOSED
    ),
    "booth_create": lambda fair, system: booth_create(
        actor=None,
        system=system,
        event=fair["event"],
        number="C01",
        exhibitor_name="HTX Mới",
        exhibitor_province=province(1),
    ),
    "booth_update": lambda fair, system: booth_update(
        actor=None, system=system, booth=fair["outside"], changes={"number": "B09"}
    ),
    "visits_record": lambda fair, system: visits_record(
        actor=None, system=system, event=fair["event"], day=DAY1, visits=120
    ),
    "booth_sale_record": lambda fair, system: booth_sale_record(
        actor=None, system=system, event=fair["event"], booth=fair["own"], day=DAY1, amount_vnd=900_000
    ),
    "agreement_create": lambda fair, system: agreement_create(
        actor=None,
        system=system,
        event=fair["event"],
        kind="memorandum",
        signed_on=DAY1,
        first_party="Sở Công Thương Quảng Ninh",
        second_party="Central Group Việt Nam",
    ),
}


def state():
    """Everything the writes above could change."""
    return {
        "series": EventSeries.objects.count(),
        "events": sorted(Event.objects.values_list("name", "venue", "status")),
        "booths": sorted(Booth.objects.values_list("number", flat=True)),
        "visits": DailyVisits.objects.count(),
        "sales": BoothSale.objects.count(),
        "agreements": EventAgreement.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.mark.parametrize("name", WRITES)
def test_system_without_a_name_is_refused_and_nothing_is_written(fair, name):
    before = state()
    with pytest.raises(PermissionDenied):
        WRITES[name](fair, None)
    assert state() == before


@pytest.mark.parametrize("name", WRITES)
def test_a_named_system_caller_writes(fair, name):
    before = state()
    WRITES[name](fair, SystemCaller.DEMO)
    assert state() != before
