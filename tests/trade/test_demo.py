"""The demo loader: builds on the registry demo, is idempotent, and makes products ready for several markets."""

import pytest

from ocop.demo.loader import demo_load
from ocop.products.models import Product
from ocop.trade.demo import JAPAN_IMPORTER, LAO_DISTRIBUTOR, load_demo
from ocop.trade.models import DistributionAgreement, Inquiry, Listing, SalesPoint
from ocop.trade.selectors import filter_export_ready
from tests.criteria.conftest import criteria_db  # noqa: F401 - the criteria, loaded once per session

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_realistic(criteria_db):  # noqa: F811
    demo_load()
    first = load_demo()
    assert first == {
        "agreements": 2,
        "listings": 10,
        "sales_points": 2,
        "credentials": 14,
        "profiles": 4,
        "inquiries": 2,
    }
    assert load_demo() == dict.fromkeys(first, 0)
    mou = DistributionAgreement.objects.get(partner__name="Central Group Việt Nam")
    assert (mou.department, mou.signed_on.year, mou.kind) == ("Sở Công Thương tỉnh Quảng Ninh", 2017, "memorandum")
    assert sorted(SalesPoint.objects.values_list("commune__name", flat=True)) == [
        "Phường Bãi Cháy",
        "Phường Móng Cái 1",
    ]
    assert Listing.objects.filter(is_demo=True).count() == 10
    assert sorted(p.name_vi for p in filter_export_ready(Product.objects.all(), "jp")) == [
        "Chả mực Hạ Long",
        "Ngọc trai Hạ Long Akoya",
    ]
    assert [p.name_vi for p in filter_export_ready(Product.objects.all(), "la")] == ["Trà hoa vàng Ba Chẽ"]
    assert filter_export_ready(Product.objects.all(), "cn").count() == 0  # Quy Hoa's GACC code has lapsed
    thread = Inquiry.objects.get(company=JAPAN_IMPORTER)
    assert (thread.country, thread.target_market.code, thread.messages.count(), thread.buyer.username) == (
        "Japan",
        "jp",
        3,
        "nguoimua",
    )
    unanswered = Inquiry.objects.get(company=LAO_DISTRIBUTOR)
    assert (unanswered.product.name_vi, unanswered.status, unanswered.messages.count()) == (
        "Trà hoa vàng Ba Chẽ",
        "new",
        0,
    )
