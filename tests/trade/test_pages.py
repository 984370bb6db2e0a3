"""Pages: who may open them, in Vietnamese and English, and the form flows behind them."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from ocop.products.models import DocumentKind
from ocop.trade.models import (
    DistributionAgreementKind,
    ExportProfile,
    InquiryStatus,
    Listing,
    Market,
    PartnerKind,
    Platform,
)
from ocop.trade.services import agreement_create, inquiry_submit, partner_create, sales_point_create
from tests.factories import ProductFactory, certification_document, commune, japan_file_except_haccp, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    cache.clear()
    officer = world["users"]["provincial_officer"]
    product = ProductFactory(producer=world["qn"], name_vi="Chả mực Thử nghiệm", name_en="Test squid cake")
    japan_file_except_haccp(product, day=date(2023, 1, 1))
    certification_document(product, DocumentKind.HACCP, issued_on=date(2024, 1, 1), expires_on=date(2025, 1, 1))
    partner = partner_create(actor=officer, name="Central Group Việt Nam", kind=PartnerKind.RETAIL_CHAIN)
    agreement = agreement_create(
        actor=officer,
        province=province(22),
        kind=DistributionAgreementKind.MEMORANDUM,
        title="Biên bản ghi nhớ BigC",
        department="Sở Công Thương tỉnh Quảng Ninh",
        partner=partner,
        signed_on=date(2017, 9, 29),
        value_vnd=1_500_000_000,
        products=[product],
    )
    point = sales_point_create(
        actor=officer, name="Cửa hàng OCOP Bãi Cháy", address="Đường Hạ Long", commune=commune(6673), products=[product]
    )
    inquiry = inquiry_submit(
        product=product, company="Osaka Tea", country="Japan", email="a@a.example", quantity="1", message="Hello"
    )
    return {"product": product, "agreement": agreement, "point": point, "inquiry": inquiry}


def pages(r):
    return [
        reverse("trade:index"),
        reverse("trade:readiness"),
        reverse("trade:readiness") + "?market=jp&certified=1",
        reverse("trade:product_export", args=[r["product"].pk]),
        reverse("trade:profile_edit", args=[r["product"].pk]),
        reverse("trade:listings"),
        reverse("trade:listing_create", args=[r["product"].pk]),
        reverse("trade:credential_create", args=[r["product"].producer_id]),
        reverse("trade:agreements"),
        reverse("trade:agreement_detail", args=[r["agreement"].pk]),
        reverse("trade:agreement_create"),
        reverse("trade:agreement_edit", args=[r["agreement"].pk]),
        reverse("trade:partner_create"),
        reverse("trade:sales_points"),
        reverse("trade:sales_point_detail", args=[r["point"].pk]),
        reverse("trade:sales_point_create"),
        reverse("trade:sales_point_edit", args=[r["point"].pk]),
        reverse("trade:inquiries"),
        reverse("trade:inquiry_detail", args=[r["inquiry"].pk]),
        reverse("trade:inquiry_new", args=[r["product"].pk]),
        reverse("trade:inquiry_sent"),
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_office_opens_every_page_in_both_languages(client, world, records, language):
    client.force_login(world["users"]["provincial_officer"])
    client.cookies["django_language"] = language
    for url in pages(records):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == language


def test_readiness_page_shows_what_is_missing_and_the_lapsed_certificate(client, world, records):
    client.force_login(world["users"]["provincial_officer"])
    page = client.get(reverse("trade:readiness") + "?market=jp&day=2024-06-01")
    assert b'class="cell cell-ready"' in page.content  # HACCP valid on 1/6/2024
    page = client.get(reverse("trade:readiness") + "?market=jp&day=2025-06-01")
    text = page.content.decode()
    assert 'class="cell cell-partial"' in text
    assert "85%" in text
    assert "hết hạn 01/01/2025" in text
    client.cookies["django_language"] = "en"
    page = client.get(reverse("trade:product_export", args=[records["product"].pk]) + "?day=2025-06-01")
    assert "HACCP expired on 01/01/2025." in page.content.decode()
    assert "Export file: Ha Long squid cake" in page.content.decode()


def test_producer_readiness_shows_only_own_products(client, world, records):
    ProductFactory(producer=world["qn_other"], name_vi="Sản phẩm của người khác")
    client.force_login(world["users"]["producer"])
    text = client.get(reverse("trade:readiness")).content.decode()
    assert "Chả mực Thử nghiệm" in text
    assert "Sản phẩm của người khác" not in text


@pytest.mark.parametrize(
    ("role", "code"),
    [("buyer", 403), ("council_member", 403), ("other_producer", 403), ("commune_officer", 403)],
)
def test_office_only_forms_are_refused(client, world, records, role, code):
    client.force_login(world["users"][role])
    assert client.get(reverse("trade:agreement_create")).status_code == code
    assert client.get(reverse("trade:sales_point_create")).status_code == code


def test_other_scope_gets_404(client, world, records):
    client.force_login(world["users"]["other_provincial_officer"])
    assert client.get(reverse("trade:product_export", args=[records["product"].pk])).status_code == 404
    assert client.get(reverse("trade:agreement_detail", args=[records["agreement"].pk])).status_code == 404
    assert client.get(reverse("trade:inquiry_detail", args=[records["inquiry"].pk])).status_code == 404


def test_public_pages_without_login(client, records):
    assert client.get(reverse("trade:sales_points")).status_code == 200
    assert client.get(reverse("trade:sales_point_detail", args=[records["point"].pk])).status_code == 200
    assert client.get(reverse("trade:inquiry_new", args=[records["product"].pk])).status_code == 200
    assert client.get(reverse("trade:readiness")).status_code == 302


def test_listing_form_saves_and_warns_for_own_shop_on_a_marketplace(client, world, records):
    client.force_login(world["users"]["producer"])
    url = reverse("trade:listing_create", args=[records["product"].pk])
    own = Platform.objects.get(code="own-shop")
    response = client.post(
        url, {"platform": own.pk, "url": "https://shopee.vn/cha-muc", "status": "active"}, follow=True
    )
    assert Listing.objects.filter(product=records["product"], platform=own).count() == 1
    assert "nên chọn sàn Shopee" in response.content.decode()
    tiki = Platform.objects.get(code="tiki")
    response = client.post(url, {"platform": tiki.pk, "url": "https://shopee.vn/x", "status": "active"})
    assert response.status_code == 200
    assert "url" in response.context["form"].errors
    assert not Listing.objects.filter(platform=tiki).exists()


def test_profile_form_saves_incoterms(client, world, records):
    client.force_login(world["users"]["producer"])
    response = client.post(
        reverse("trade:profile_edit", args=[records["product"].pk]),
        {
            "capacity_per_month": "2500",
            "capacity_unit": "kg",
            "min_order_quantity": "100",
            "min_order_unit": "kg",
            "lead_time_days": "15",
            "incoterms": ["FOB", "EXW"],
        },
    )
    assert response.status_code == 302
    profile = ExportProfile.objects.get(product=records["product"])
    assert (profile.incoterms, profile.lead_time_days, profile.capacity_per_month) == ("EXW,FOB", 15, 2500)


def test_thread_reply_and_close_through_the_page(client, world, records):
    client.force_login(world["users"]["producer"])
    url = reverse("trade:inquiry_detail", args=[records["inquiry"].pk])
    assert client.post(url, {"body": "Chào quý công ty"}).status_code == 302
    client.post(reverse("trade:inquiry_status", args=[records["inquiry"].pk]), {"status": "closed"})
    records["inquiry"].refresh_from_db()
    assert records["inquiry"].status == InquiryStatus.CLOSED
    assert "Gửi trả lời".encode() not in client.get(url).content


def test_export_ready_filter_in_the_api_for_buyers_counts_only_certified(client, world, records):
    from tests.factories import make_certificate

    certification_document(records["product"], DocumentKind.ISO_22000, issued_on=date(2025, 1, 1))
    response = client.get("/api/v1/trade/export-ready/jp")
    assert response.json()["count"] == 0  # ready but not certified: not in the public list
    make_certificate(records["product"], stars=4)
    response = client.get("/api/v1/trade/export-ready/jp")
    assert [item["name_vi"] for item in response.json()["items"]] == ["Chả mực Thử nghiệm"]
    assert Market.objects.filter(code="jp").exists()


@pytest.mark.parametrize("view", ["trade:sales_point_create", "trade:agreement_create"])
def test_on_a_central_installation_an_office_of_no_province_chooses_the_province_first(client, world, settings, view):
    """These forms offer one province's communes, producers and products. A user of no province had the
    home province's; on a central installation (code 0) there is none, and the page was a 404."""
    settings.OCOP_HOME_PROVINCE_CODE = 0
    client.force_login(world["users"]["admin"])
    chooser = client.get(reverse(view))
    assert chooser.status_code == 200
    html = chooser.content.decode()
    assert html.count('href="?province=') == 34
    assert 'href="?province=22">Quảng Ninh</a>' in html
    form = client.get(reverse(view), {"province": 22}).content.decode()
    assert "<form" in form
    assert 'href="?province=' not in form
    assert client.get(reverse(view), {"province": 999}).status_code == 404


def test_on_a_central_installation_the_sales_point_form_offers_the_chosen_provinces_communes(client, world, settings):
    settings.OCOP_HOME_PROVINCE_CODE = 0
    client.force_login(world["users"]["admin"])
    quang_ninh = client.get(reverse("trade:sales_point_create"), {"province": 22}).context["form"]
    assert set(quang_ninh.fields["commune"].queryset.values_list("province__code", flat=True)) == {22}
    ha_noi = client.get(reverse("trade:sales_point_create"), {"province": 1}).context["form"]
    assert set(ha_noi.fields["commune"].queryset.values_list("province__code", flat=True)) == {1}


def test_a_provincial_officer_keeps_their_own_province_whatever_the_address_says(client, world, settings):
    settings.OCOP_HOME_PROVINCE_CODE = 0
    client.force_login(world["users"]["provincial_officer"])
    form = client.get(reverse("trade:sales_point_create"), {"province": 1}).context["form"]
    assert set(form.fields["commune"].queryset.values_list("province__code", flat=True)) == {22}
