import datetime

import pytest
from django.core.exceptions import PermissionDenied

from ocop.accounts.system import SystemCaller
from ocop.core.errors import DomainError
from ocop.core.models import AuditEvent
from ocop.programme.models import BoothSalesReconciliation, SalesLine, SalesYearSummary
from ocop.programme.registry import Query
from ocop.programme.registry import computation as get_computation
from ocop.programme.selectors import sales_summary_expected, sales_summary_stored
from ocop.programme.services import (
    booth_sales_reconcile,
    booth_sales_reconcile_all,
    sales_line_delete,
    sales_line_save,
)
from tests.factories import booth_sale

MILLION = 1_000_000


def _save(actor, product, **kw):
    args = {"year": 2024, "period_kind": "quarter", "period": 1, "channel": "retail_chains", "amount_vnd": 10 * MILLION}
    args.update(kw)
    return sales_line_save(actor=actor, product=product, **args)


def _sales(province_id=None, **filters):
    query = Query(first_year=2024, last_year=2024, province_id=province_id, filters=tuple(filters.items()))
    return get_computation("sales_revenue").total(query)


def test_producer_reports_own_product_and_correction_replaces(world, products):
    producer = world["users"]["producer"]
    line = _save(producer, products["tea"], amount_vnd=10 * MILLION)
    again = _save(producer, products["tea"], amount_vnd=12 * MILLION)
    assert again.pk == line.pk
    assert SalesLine.objects.get().amount_vnd == 12 * MILLION
    assert _sales() == 12 * MILLION
    assert list(AuditEvent.objects.filter(target_type="programme.salesline").values_list("action", flat=True)) == [
        "sales_line.update",
        "sales_line.create",
    ]
    assert line.province.code == 22
    assert line.commune.code == 6970
    assert line.quarter == 1


def test_producer_cannot_report_for_another_producer(world, products):
    with pytest.raises(PermissionDenied):
        _save(world["users"]["producer"], products["squid"])
    with pytest.raises(PermissionDenied):
        _save(world["users"]["other_provincial_officer"], products["tea"])
    assert SalesLine.objects.count() == 0
    assert SalesYearSummary.objects.count() == 0


def test_month_and_quarter_of_the_same_period_are_not_both_counted(world, products):
    officer = world["users"]["provincial_officer"]
    _save(officer, products["tea"], period_kind="month", period=2)
    with pytest.raises(DomainError) as error:
        _save(officer, products["tea"], period_kind="quarter", period=1)
    assert error.value.field == "period_kind"
    _save(officer, products["tea"], period_kind="quarter", period=2)  # another quarter is fine
    assert SalesLine.objects.count() == 2


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"period": 13, "period_kind": "month"}, "period"),
        ({"period": 5}, "period"),
        ({"year": 2031}, "period"),
        ({"channel": "tv"}, "channel"),
        ({"amount_vnd": -1}, "amount_vnd"),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_written(world, products, kw, field):
    with pytest.raises(DomainError) as error:
        _save(world["users"]["producer"], products["tea"], **kw)
    assert error.value.field == field
    assert SalesLine.objects.count() == 0


def test_delete_takes_the_line_out_of_the_summaries(world, products):
    producer = world["users"]["producer"]
    line = _save(producer, products["tea"])
    sales_line_delete(actor=producer, line=line)
    assert _sales() == 0
    assert SalesYearSummary.objects.count() == 0
    with pytest.raises(PermissionDenied):
        sales_line_delete(actor=world["users"]["other_producer"], line=_save(producer, products["wine"]))
    assert SalesLine.objects.count() == 1


# Booth sales are counted once: counted extra = max(0, booth sales − producer's "fairs and events" figure).


def test_booth_sales_not_reported_by_the_producer_are_added(world, products):
    booth_sale(world["qn"], day=datetime.date(2024, 2, 10), amount=50 * MILLION)
    assert booth_sales_reconcile_all() == 1
    assert _sales() == 50 * MILLION
    assert _sales(channel="fairs_events") == 50 * MILLION


def test_booth_sales_already_in_the_producers_report_are_not_added_again(world, products):
    booth_sale(world["qn"], day=datetime.date(2024, 2, 10), amount=50 * MILLION)
    booth_sales_reconcile_all()
    _save(world["users"]["producer"], products["tea"], channel="fairs_events", amount_vnd=80 * MILLION)
    row = BoothSalesReconciliation.objects.get()
    assert (row.booth_vnd, row.declared_vnd, row.counted_vnd) == (50 * MILLION, 80 * MILLION, 0)
    assert _sales() == 80 * MILLION


def test_booth_sales_larger_than_the_report_add_only_the_difference(world, products):
    _save(world["users"]["producer"], products["tea"], channel="fairs_events", amount_vnd=30 * MILLION)
    booth_sale(world["qn"], day=datetime.date(2024, 3, 1), amount=50 * MILLION)
    booth_sales_reconcile(producer_id=world["qn"].pk, year=2024, quarter=1)
    assert _sales() == 50 * MILLION
    # Other channels are untouched by the rule.
    _save(world["users"]["producer"], products["tea"], channel="export", amount_vnd=7 * MILLION)
    assert _sales() == 57 * MILLION
    assert sales_summary_expected() == sales_summary_stored()


def test_booth_sales_of_a_cancelled_event_do_not_count(world, products):
    booth_sale(world["qn"], day=datetime.date(2024, 5, 10), amount=50 * MILLION, status="cancelled")
    booth_sales_reconcile_all()
    assert _sales() == 0


# An event's status decides whether its booth sales count; changing it reconciles like a sale does.


def _event_revenue() -> int:
    query = Query(first_year=2024, last_year=2024, province_id=None, filters=())
    return get_computation("event_revenue").total(query)


def test_event_status_change_reconciles_booth_sales_with_the_sales_total(
    world, products, django_capture_on_commit_callbacks
):
    from ocop.promotion.models import EventStatus
    from ocop.promotion.services import booth_create, booth_sale_record, event_set_status
    from tests.promotion.builders import make_event

    # Given an announced fair of two days, in two quarters, and a booth sale on each day, entered by the organiser
    officer = world["users"]["provincial_officer"]
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event(first_day=datetime.date(2024, 3, 31), days=2, name="Hội chợ OCOP thử nghiệm")
        booth = booth_create(actor=None, system=SystemCaller.DEMO, event=event, number="A01", producer=world["qn"])
        booth_sale_record(
            actor=None,
            system=SystemCaller.DEMO,
            event=event,
            booth=booth,
            day=datetime.date(2024, 3, 31),
            amount_vnd=20 * MILLION,
        )
        booth_sale_record(
            actor=None,
            system=SystemCaller.DEMO,
            event=event,
            booth=booth,
            day=datetime.date(2024, 4, 1),
            amount_vnd=30 * MILLION,
        )
    assert (_event_revenue(), _sales()) == (50 * MILLION, 50 * MILLION)

    steps = [
        (EventStatus.DRAFT, 0, 0),
        (EventStatus.ANNOUNCED, 50 * MILLION, 50 * MILLION),
        (EventStatus.CLOSED, 50 * MILLION, 50 * MILLION),
        (EventStatus.CANCELLED, 0, 0),
        (EventStatus.CLOSED, 50 * MILLION, 50 * MILLION),
    ]
    for status, revenue, sales in steps:
        # When the event's status changes
        with django_capture_on_commit_callbacks(execute=True):
            event_set_status(actor=officer, event=event, status=status)
        # Then the dashboard's event revenue and the OCOP sales total say the same, quarter by quarter
        assert (status, _event_revenue(), _sales()) == (status, revenue, sales)
        rows = dict(BoothSalesReconciliation.objects.values_list("quarter", "counted_vnd"))
        assert rows == ({1: 20 * MILLION, 2: 30 * MILLION} if sales else {})
        assert sales_summary_expected() == sales_summary_stored()
