import pytest

from ocop.demo.loader import demo_load
from ocop.programme.demo import load_demo
from ocop.programme.models import Funding, ReportedStatistic, SalesLine, SalesYearSummary, Target
from ocop.programme.selectors import Scope, headline, phase_by_code, sales_summary_expected, sales_summary_stored

pytestmark = pytest.mark.usefixtures("criteria_db")


def _counts():
    return [m.objects.count() for m in (Target, ReportedStatistic, SalesLine, Funding, SalesYearSummary)]


def test_demo_is_idempotent_and_tells_the_article(db, qn):
    demo_load()
    first = load_demo()
    assert first["targets"] == 12
    assert first["reported"] == 9
    assert first["sales_lines"] > 0
    counts = _counts()
    second = load_demo()
    assert (second["targets"], second["reported"], second["sales_lines"], second["funding"]) == (0, 0, 0, 0)
    assert _counts() == counts
    assert sales_summary_stored() == sales_summary_expected()
    import datetime

    from django.utils import translation

    with translation.override("vi"):
        text = headline(phase_by_code("2013-2016"), Scope(province=qn), datetime.date(2026, 11, 29)).text
    assert "672 tỷ đồng" in text
    assert "336 %" in text
