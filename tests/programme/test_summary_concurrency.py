"""Two transactions adding to the same summary rows at once both count (PostgreSQL, real connections).

Thread A saves a line and keeps its transaction open; thread B saves another line with the same
summary keys and must wait for A (on the unique key when the row is new, on the row lock when it
exists), then add its amount to what A committed.
"""

import pytest

from ocop.programme.models import SalesSummary, SalesYearSummary
from ocop.programme.selectors import sales_summary_expected, sales_summary_stored
from ocop.programme.services import indicators_sync, phases_sync
from tests.factories import ProducerFactory, ProductFactory, commune
from tests.factories.programme import sales_line
from tests.races import ON_POSTGRESQL, second_waits

pytestmark = ON_POSTGRESQL


@pytest.fixture
def two_products(reference_data):
    """Two products of one Quảng Ninh producer: their lines share every summary key."""
    producer = ProducerFactory(commune=commune(6970))
    yield ProductFactory(producer=producer), ProductFactory(producer=producer)
    phases_sync()  # the flush at the end of this test empties the tables migration 0002 filled
    indicators_sync()


def _race(first, second, *, period: int) -> bool:
    """A saves a line of `first` and holds its transaction; B saves one of `second`. Did B wait?"""
    return second_waits(
        lambda: sales_line(first, 2025, period=period, amount_vnd=100_000_000),
        lambda: sales_line(second, 2025, period=period, amount_vnd=250_000_000),
    )


def test_two_transactions_adding_to_one_new_summary_row_both_count(two_products):
    first, second = two_products

    waited = _race(first, second, period=1)

    assert waited is True
    assert SalesYearSummary.objects.get(year=2025, channel="retail_chains").amount_vnd == 350_000_000
    assert SalesYearSummary.objects.get(year=2025, channel="retail_chains").lines == 2
    assert SalesSummary.objects.get(year=2025, channel="retail_chains").amount_vnd == 350_000_000
    assert sales_summary_stored() == sales_summary_expected()


def test_two_transactions_adding_to_one_existing_summary_row_both_count(two_products):
    first, second = two_products
    sales_line(first, 2025, period=1, amount_vnd=1_000)

    waited = _race(first, second, period=2)

    assert waited is True
    assert SalesYearSummary.objects.get(year=2025, channel="retail_chains").amount_vnd == 350_001_000
    assert SalesYearSummary.objects.get(year=2025, channel="retail_chains").lines == 3
    assert SalesSummary.objects.get(year=2025, channel="retail_chains").lines == 3
    assert sales_summary_stored() == sales_summary_expected()
