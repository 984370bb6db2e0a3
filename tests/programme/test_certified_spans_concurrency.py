"""Two transactions writing certificates of one product at once leave its spans exact (PostgreSQL).

Thread A records a ★4 certificate (from 1/1/2024) and keeps its transaction open; thread B records
an overlapping ★3 one (2023–2025) for the same product. B's refresh must wait for A's lock on the
product row, then recompute from both certificates: one merged ★3+ span from 1/1/2023, not the two
overlapping spans each transaction would compute from what it alone could see.
"""

import datetime

import pytest

from ocop.programme.models import CertifiedSpan
from ocop.programme.selectors import certified_spans_expected, certified_spans_stored
from ocop.programme.services import indicators_sync, phases_sync
from tests.factories import ProducerFactory, ProductFactory, commune, criteria_version, make_certificate
from tests.races import ON_POSTGRESQL, second_waits

pytestmark = ON_POSTGRESQL


@pytest.fixture
def product(reference_data):
    criteria_version()  # committed before the race, so neither thread waits on creating it
    yield ProductFactory(producer=ProducerFactory(commune=commune(6970)))
    phases_sync()  # the flush at the end of this test empties the tables migration 0002 filled
    indicators_sync()


def test_two_certificate_writes_of_one_product_are_serialised_and_merge(product):
    waited = second_waits(
        lambda: make_certificate(product, stars=4, valid_from=datetime.date(2024, 1, 1)),
        lambda: make_certificate(product, stars=3, valid_from=datetime.date(2023, 1, 1), months=36, status="expired"),
    )

    assert waited is True
    three_plus = CertifiedSpan.objects.filter(kind="at_least", stars=3).values_list("first_day", "last_day")
    assert list(three_plus) == [(datetime.date(2023, 1, 1), datetime.date(2099, 12, 31))]
    assert certified_spans_stored() == certified_spans_expected()
