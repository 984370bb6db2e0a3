"""Programme writes without a person (`actor=None`) are refused unless the system names itself: sales
lines (`require_sales_change`) and the writes of a place (`require_place_change`: targets, published
figures, funding, investment selections). A refusal writes nothing, not even an audit line."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ocop.accounts.system import SystemCaller
from ocop.core.models import AuditEvent
from ocop.programme.models import Funding, InvestmentSelection, ReportedStatistic, SalesLine, Target
from ocop.programme.services import (
    funding_delete,
    funding_record,
    investment_select,
    reported_statistic_record,
    sales_line_delete,
    sales_line_save,
    target_delete,
    target_set,
)

DEMO = SystemCaller.DEMO


@pytest.fixture
def place(world, products, qn, phase2, indicator):
    """One sales line, target and funding row of Quảng Ninh, written by the demo loader."""
    line = sales_line_save(
        actor=None, system=DEMO, product=products["tea"], year=2018, period_kind="quarter", period=1,
        channel="export", amount_vnd=150, today=datetime.date(2026, 12, 2),
    )  # fmt: skip
    target = target_set(
        actor=None,
        system=DEMO,
        phase=phase2,
        indicator=indicator("ocop_sales_revenue"),
        province=qn,
        value=Decimal(400),
    )
    funding = funding_record(actor=None, system=DEMO, province=qn, year=2018, source="state_budget", amount_vnd=1_000)
    return {"line": line, "target": target, "funding": funding, "products": products, "qn": qn, "phase": phase2}


WRITES = {
    "sales_line_save": lambda p, system: sales_line_save(
        actor=None,
        system=system,
        product=p["products"]["wine"],
        year=2019,
        period_kind="quarter",
        period=2,
        channel="export",
        amount_vnd=99,
        today=datetime.date(2026, 12, 2),
    ),
    "sales_line_delete": lambda p, system: sales_line_delete(actor=None, system=system, line=p["line"]),
    "target_set (a province)": lambda p, system: target_set(
        actor=None,
        system=system,
        phase=p["phase"],
        indicator=p["target"].indicator,
        province=p["qn"],
        value=Decimal(500),
    ),
    "target_set (the country)": lambda p, system: target_set(
        actor=None, system=system, phase=p["phase"], indicator=p["target"].indicator, value=Decimal(9_000)
    ),
    "target_delete": lambda p, system: target_delete(actor=None, system=system, target=p["target"]),
    "reported_statistic_record": lambda p, system: reported_statistic_record(
        actor=None,
        system=system,
        indicator=p["target"].indicator,
        province=p["qn"],
        value=Decimal(7),
        as_of=datetime.date(2023, 10, 31),
        source="Báo cáo của tỉnh",
    ),
    "funding_record": lambda p, system: funding_record(
        actor=None, system=system, province=p["qn"], year=2019, source="state_budget", amount_vnd=2_000
    ),
    "funding_delete": lambda p, system: funding_delete(actor=None, system=system, funding=p["funding"]),
    "investment_select": lambda p, system: investment_select(
        actor=None, system=system, phase=p["phase"], product=p["products"]["tea"], selected_on=datetime.date(2017, 9, 1)
    ),
}


def state():
    """Everything the writes above could change."""
    return {
        "sales": sorted(SalesLine.objects.values_list("product_id", "year", "period", "amount_vnd")),
        "targets": sorted(Target.objects.values_list("value", flat=True)),
        "statistics": ReportedStatistic.objects.count(),
        "funding": sorted(Funding.objects.values_list("year", "amount_vnd")),
        "selections": InvestmentSelection.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.mark.parametrize("name", WRITES)
def test_system_without_a_name_is_refused_and_nothing_is_written(place, name):
    before = state()
    with pytest.raises(PermissionDenied):
        WRITES[name](place, None)
    assert state() == before


@pytest.mark.parametrize("name", WRITES)
def test_a_named_system_caller_writes(place, name):
    before = state()
    WRITES[name](place, DEMO)
    assert state() != before
