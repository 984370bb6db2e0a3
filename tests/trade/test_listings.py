"""E-commerce listings: address checks, the "where to buy" selector, the ★3+ online coverage report."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.certificates.models import CertificateStatus
from ocop.core.models import AuditEvent
from ocop.trade.models import Listing, ListingStatus, Platform
from ocop.trade.selectors import listing_coverage, product_listings
from ocop.trade.services import listing_create, listing_update, listing_url_problems
from tests.factories import ProductFactory, make_certificate

pytestmark = pytest.mark.django_db


def platform(code):
    return Platform.objects.get(code=code)


@pytest.mark.parametrize(
    ("code", "url", "errors", "warnings"),
    [
        ("postmart", "https://postmart.vn/san-pham/tra", 0, 0),
        ("postmart", "https://www.postmart.vn/san-pham/tra", 0, 0),
        ("shopee", "https://shp.ee/abc", 0, 0),
        ("postmart", "https://postmart.vn.evil.example/tra", 1, 0),
        ("postmart", "https://notpostmart.vn/tra", 1, 0),
        ("voso", "ftp://voso.vn/x", 1, 0),
        ("voso", "javascript:alert(1)", 1, 0),
        ("voso", "voso.vn/x", 1, 0),
        ("voso", "http://voso.vn/x", 0, 1),
        ("own-shop", "https://trahoavang.example/shop", 0, 0),
        ("own-shop", "https://shopee.vn/trahoavang", 0, 1),
    ],
)
def test_listing_url_checks(code, url, errors, warnings):
    found_errors, found_warnings = listing_url_problems(platform(code), url)
    assert (len(found_errors), len(found_warnings)) == (errors, warnings)


def test_producer_lists_own_product_and_it_is_audited(world):
    product = ProductFactory(producer=world["qn"])
    user = world["users"]["producer"]
    listing = listing_create(
        actor=user,
        product=product,
        platform=platform("postmart"),
        url=" https://postmart.vn/tra ",
        listed_since=date(2026, 1, 5),
    )
    assert (listing.url, listing.status) == ("https://postmart.vn/tra", ListingStatus.ACTIVE)
    event = AuditEvent.objects.get(action="trade.listing_create")
    assert event.after["url"] == "https://postmart.vn/tra"
    assert list(product_listings(product)) == [listing]


def test_wrong_domain_is_refused_and_nothing_saved(world):
    product = ProductFactory(producer=world["qn"])
    with pytest.raises(ValidationError) as error:
        listing_create(
            actor=world["users"]["producer"], product=product, platform=platform("tiki"), url="https://shopee.vn/x"
        )
    assert "url" in error.value.message_dict
    assert Listing.objects.count() == 0


def test_other_producer_may_not_list_or_edit(world):
    product = ProductFactory(producer=world["qn"])
    with pytest.raises(PermissionDenied):
        listing_create(
            actor=world["users"]["other_producer"], product=product, platform=platform("voso"), url="https://voso.vn/x"
        )
    listing = listing_create(
        actor=world["users"]["producer"], product=product, platform=platform("voso"), url="https://voso.vn/x"
    )
    with pytest.raises(PermissionDenied):
        listing_update(
            actor=world["users"]["other_producer"], listing=listing, changes={"status": ListingStatus.REMOVED}
        )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.ACTIVE


def test_where_to_buy_shows_only_active_listings_on_active_platforms(world):
    product = ProductFactory(producer=world["qn"])
    officer = world["users"]["provincial_officer"]
    kept = listing_create(actor=officer, product=product, platform=platform("postmart"), url="https://postmart.vn/a")
    paused = listing_create(actor=officer, product=product, platform=platform("tiki"), url="https://tiki.vn/a")
    listing_update(actor=officer, listing=paused, changes={"status": ListingStatus.PAUSED})
    hidden = listing_create(actor=officer, product=product, platform=platform("sendo"), url="https://sendo.vn/a")
    Platform.objects.filter(pk=hidden.platform_id).update(active=False)
    assert [(listing.platform.name, listing.url) for listing in product_listings(product)] == [
        (kept.platform.name, "https://postmart.vn/a")
    ]


def test_coverage_counts_and_lists_certified_products_not_on_target_platforms(world):
    """★3+ = a valid certificate of 3+ stars today; expired or revoked ones do not count."""
    officer = world["users"]["provincial_officer"]
    on_postmart = ProductFactory(producer=world["qn"], name_vi="A trên Postmart")
    on_shopee_only = ProductFactory(producer=world["qn"], name_vi="B chỉ trên Shopee")
    offline = ProductFactory(producer=world["qn_other"], name_vi="C chưa bán trực tuyến")
    expired = ProductFactory(producer=world["qn"], name_vi="D hết hạn")
    revoked = ProductFactory(producer=world["qn"], name_vi="E bị thu hồi")
    uncertified_online = ProductFactory(producer=world["qn"], name_vi="F chưa công nhận")
    lao_cai = ProductFactory(producer=world["lc"], name_vi="G Lào Cai")
    make_certificate(on_postmart, stars=4)
    make_certificate(on_shopee_only, stars=3)
    make_certificate(offline, stars=5)
    make_certificate(expired, stars=4, valid_from=date(2020, 1, 1), valid_until=date(2023, 1, 1))
    make_certificate(revoked, stars=3, status=CertificateStatus.REVOKED, revoked_at="2025-01-01T00:00:00Z")
    make_certificate(lao_cai, stars=3)
    listing_create(actor=officer, product=on_postmart, platform=platform("postmart"), url="https://postmart.vn/a")
    listing_create(actor=officer, product=on_shopee_only, platform=platform("shopee"), url="https://shopee.vn/b")
    listing_create(actor=officer, product=uncertified_online, platform=platform("voso"), url="https://voso.vn/f")

    report = listing_coverage(user=officer)

    assert (report["products_total"], report["products_online"]) == (6, 3)
    assert (report["certified_total"], report["certified_online"], report["certified_on_target"]) == (3, 2, 1)
    assert [
        (p.name_vi, p.current_stars, [listing.platform.code for listing in p.active_listings])
        for p in report["certified_missing_target"]
    ] == [
        ("C chưa bán trực tuyến", 5, []),
        ("B chỉ trên Shopee", 3, ["shopee"]),
    ]
    counts = {p.code: p.product_count for p in report["platforms"]}
    assert (counts["postmart"], counts["shopee"], counts["voso"], counts["tiki"]) == (1, 1, 1, 0)


def test_coverage_for_a_producer_is_its_own_products(world):
    mine = ProductFactory(producer=world["qn"])
    make_certificate(mine, stars=3)
    make_certificate(ProductFactory(producer=world["qn_other"]), stars=3)
    report = listing_coverage(user=world["users"]["producer"])
    assert (report["certified_total"], [p.pk for p in report["certified_missing_target"]]) == (1, [mine.pk])
