"""Entry rules: what is refused is refused with a clear message and nothing changes; corrections are audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.accounts.system import SystemCaller
from ocop.core.errors import DomainError
from ocop.core.models import AuditEvent
from ocop.promotion.models import BoothSale, DailyVisits, EventStatus, EventType
from ocop.promotion.services import (
    agreement_create,
    booth_create,
    booth_sale_record,
    event_create,
    event_set_status,
    event_update,
    visits_record,
)
from tests.factories import ProductFactory, commune, province
from tests.promotion.builders import make_event

DAY1 = datetime.date(2025, 3, 1)


def _state():
    return (
        list(BoothSale.objects.order_by("pk").values_list("booth_id", "day", "amount_vnd")),
        list(DailyVisits.objects.order_by("pk").values_list("event_id", "day", "visits")),
        AuditEvent.objects.count(),
    )


def test_producer_records_and_corrects_own_booth_sales_with_audit(world, fair):
    producer_user = world["users"]["producer"]
    sale = booth_sale_record(
        actor=producer_user, event=fair["event"], booth=fair["own"], day=DAY1, amount_vnd=1_500_000
    )
    assert (sale.amount_vnd, sale.entered_by) == (1_500_000, producer_user)
    booth_sale_record(actor=producer_user, event=fair["event"], booth=fair["own"], day=DAY1, amount_vnd=1_750_000)
    assert BoothSale.objects.get(booth=fair["own"], day=DAY1).amount_vnd == 1_750_000
    events = AuditEvent.objects.filter(target_type="promotion.boothsale", target_id=str(sale.pk)).order_by("id")
    assert [(e.action, e.before, e.after) for e in events] == [
        ("booth_sale.create", None, {"day": "2025-03-01", "amount_vnd": 1_500_000, "note": ""}),
        (
            "booth_sale.update",
            {"day": "2025-03-01", "amount_vnd": 1_500_000, "note": ""},
            {"day": "2025-03-01", "amount_vnd": 1_750_000, "note": ""},
        ),
    ]
    assert events[1].actor == producer_user


def test_same_value_again_writes_no_audit(world, fair):
    officer = world["users"]["provincial_officer"]
    visits_record(actor=officer, event=fair["event"], day=DAY1, visits=4_200)
    before = _state()
    visits_record(actor=officer, event=fair["event"], day=DAY1, visits=4_200)
    assert _state() == before


@pytest.mark.parametrize(
    ("day", "amount", "message"),
    [
        (
            datetime.date(2025, 2, 28),
            100,
            "Ngày 28/02/2025 nằm ngoài thời gian sự kiện (từ 01/03/2025 đến 03/03/2025).",
        ),
        (datetime.date(2025, 3, 4), 100, "Ngày 04/03/2025 nằm ngoài thời gian sự kiện (từ 01/03/2025 đến 03/03/2025)."),
        (DAY1, -5_000, "Doanh thu không được âm (đã nhập -5000)."),
        (DAY1, 1500.5, "Doanh thu phải là số nguyên (không có phần thập phân)."),
        (DAY1, True, "Doanh thu phải là số nguyên (không có phần thập phân)."),
    ],
)
def test_refused_sales_change_nothing(world, fair, day, amount, message):
    booth_sale_record(
        actor=None, system=SystemCaller.DEMO, event=fair["event"], booth=fair["own"], day=DAY1, amount_vnd=900
    )
    before = _state()
    with pytest.raises(DomainError) as refused:
        booth_sale_record(
            actor=world["users"]["producer"], event=fair["event"], booth=fair["own"], day=day, amount_vnd=amount
        )
    assert refused.value.message == message
    assert _state() == before


def test_booth_of_another_event_is_refused(world, fair):
    other_event = make_event(first_day=datetime.date(2025, 4, 1), days=2, name="Phiên chợ khác")
    before = _state()
    with pytest.raises(DomainError) as refused:
        booth_sale_record(
            actor=world["users"]["provincial_officer"], event=other_event, booth=fair["own"], day=DAY1, amount_vnd=100
        )
    assert refused.value.message == (
        "Gian hàng A01 thuộc sự kiện “Hội chợ thử nghiệm 2025”, không thuộc sự kiện “Phiên chợ khác”."
    )
    assert refused.value.field == "booth"
    assert _state() == before


def test_future_day_is_refused(world):
    today = datetime.date.today()
    event = make_event(first_day=today, days=3, name="Hội chợ đang diễn ra")
    with pytest.raises(DomainError, match="chưa tới"):
        visits_record(
            actor=None, system=SystemCaller.DEMO, event=event, day=today + datetime.timedelta(days=2), visits=10
        )
    assert not DailyVisits.objects.filter(event=event).exists()


def test_negative_visits_refused(world, fair):
    before = _state()
    with pytest.raises(DomainError, match="Số lượt khách không được âm"):
        visits_record(actor=world["users"]["provincial_officer"], event=fair["event"], day=DAY1, visits=-1)
    assert _state() == before


def test_closed_event_takes_no_figures_until_reopened(world, fair):
    officer = world["users"]["provincial_officer"]
    event_set_status(actor=officer, event=fair["event"], status=EventStatus.CLOSED)
    fair["event"].refresh_from_db()
    with pytest.raises(DomainError, match="đã chốt số liệu"):
        booth_sale_record(
            actor=world["users"]["producer"], event=fair["event"], booth=fair["own"], day=DAY1, amount_vnd=1
        )
    event_set_status(actor=officer, event=fair["event"], status=EventStatus.ANNOUNCED)
    fair["event"].refresh_from_db()
    booth_sale_record(actor=world["users"]["producer"], event=fair["event"], booth=fair["own"], day=DAY1, amount_vnd=1)


@pytest.mark.parametrize(
    "who", ["other_producer", "commune_officer", "council_member", "other_provincial_officer", "buyer"]
)
def test_only_own_producer_or_organiser_enters_sales(world, fair, who):
    before = _state()
    with pytest.raises(PermissionDenied):
        booth_sale_record(actor=world["users"][who], event=fair["event"], booth=fair["own"], day=DAY1, amount_vnd=10)
    assert _state() == before


def test_booth_takes_producer_province_and_in_province_is_derived(world, fair):
    lc_booth = booth_create(
        actor=world["users"]["provincial_officer"], event=fair["event"], number="C01", producer=world["lc"]
    )
    assert lc_booth.exhibitor_province.code == 15
    assert (fair["own"].in_province, lc_booth.in_province, fair["outside"].in_province) == (True, False, False)


def test_booth_products_must_belong_to_the_producer(world, fair):
    foreign = ProductFactory(producer=world["qn_other"])
    with pytest.raises(DomainError, match="không thuộc chủ thể"):
        booth_create(
            actor=None,
            system=SystemCaller.DEMO,
            event=fair["event"],
            number="C02",
            producer=world["qn"],
            products=[foreign],
        )


def test_duplicate_booth_number_refused(world, fair):
    with pytest.raises(ValidationError) as refused:
        booth_create(
            actor=None,
            system=SystemCaller.DEMO,
            event=fair["event"],
            number="A01",
            exhibitor_name="X",
            exhibitor_province=province(1),
        )
    assert "Sự kiện đã có gian hàng mang số này." in str(refused.value)


def test_event_rules(world):
    officer = world["users"]["provincial_officer"]
    with pytest.raises(ValidationError) as refused:
        event_create(
            actor=officer, event_type=EventType.FAIR, name="Sai ngày", province=province(22), commune=commune(6688),
            first_day=datetime.date(2025, 5, 3), last_day=datetime.date(2025, 5, 1), organiser="Sở",
        )  # fmt: skip
    assert "Ngày bế mạc phải cùng ngày hoặc sau ngày khai mạc." in str(refused.value)
    with pytest.raises(ValidationError, match="nước ngoài cần thành phố và quốc gia"):
        event_create(
            actor=officer, event_type=EventType.EXHIBITION_ABROAD, name="Nam Ninh", province=province(22),
            first_day=datetime.date(2025, 5, 1), last_day=datetime.date(2025, 5, 3), organiser="Sở",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        event_create(
            actor=world["users"]["other_provincial_officer"], event_type=EventType.FAIR, name="Của tỉnh khác",
            province=province(22), commune=commune(6688), first_day=datetime.date(2025, 5, 1),
            last_day=datetime.date(2025, 5, 1), organiser="Sở",
        )  # fmt: skip
    abroad = event_create(
        actor=officer, event_type=EventType.EXHIBITION_ABROAD, name="CAEXPO", province=province(22), city="Nam Ninh",
        country="Trung Quốc", first_day=datetime.date(2025, 9, 12), last_day=datetime.date(2025, 9, 15), organiser="Sở",
    )  # fmt: skip
    assert (abroad.days, abroad.commune) == (4, None)


def test_event_cannot_shrink_past_recorded_days(world, fair):
    visits_record(actor=None, system=SystemCaller.DEMO, event=fair["event"], day=datetime.date(2025, 3, 3), visits=10)
    with pytest.raises(DomainError, match="03/03/2025"):
        event_update(
            actor=world["users"]["provincial_officer"],
            event=fair["event"],
            changes={"last_day": datetime.date(2025, 3, 2)},
        )
    fair["event"].refresh_from_db()
    assert fair["event"].last_day == datetime.date(2025, 3, 3)


def test_agreement_signed_on_an_event_day(world, fair):
    officer = world["users"]["provincial_officer"]
    agreement = agreement_create(
        actor=officer, event=fair["event"], kind="memorandum", signed_on=DAY1,
        first_party="Sở Công Thương Quảng Ninh", second_party="Central Group Việt Nam", value_vnd=None,
    )  # fmt: skip
    assert agreement.pk
    with pytest.raises(DomainError, match="nằm ngoài thời gian sự kiện"):
        agreement_create(
            actor=officer, event=fair["event"], kind="contract", signed_on=datetime.date(2025, 1, 1),
            first_party="A", second_party="B", value_vnd=5,
        )  # fmt: skip
