"""Export readiness for buyers: the public, certified products per market, ready or not and why, with the
missing document's type and never the producer's files or document numbers; the public product page
shows the same per market and follows the registry when a paper is added."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from ocop.catalog.links import product_url
from ocop.products.models import DocumentKind, ProductStatus
from ocop.products.services import document_create
from ocop.trade.models import CredentialKind
from ocop.trade.services import credential_create
from tests.factories import ProductFactory, certification_document, japan_file_except_haccp, make_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(world):
    """A certified squid cake whose HACCP expired on 1/1/2025; an uncertified and a withdrawn certified product."""
    cache.clear()
    certified = ProductFactory(producer=world["qn"], name_vi="Chả mực Chứng nhận")
    japan_file_except_haccp(certified, day=date(2023, 1, 1))
    certification_document(certified, DocumentKind.HACCP, issued_on=date(2024, 1, 1), expires_on=date(2025, 1, 1))
    make_certificate(certified, stars=4)
    uncertified = ProductFactory(producer=world["qn"], name_vi="Nước mắm Chưa Chứng Nhận")
    japan_file_except_haccp(uncertified, day=date(2023, 1, 1))
    withdrawn = ProductFactory(producer=world["qn"], name_vi="Sản phẩm Đã Rút", status=ProductStatus.WITHDRAWN)
    make_certificate(withdrawn, stars=3)
    return {"certified": certified, "uncertified": uncertified, "withdrawn": withdrawn}


def test_buyer_opens_the_readiness_of_public_certified_products_only(client, world, shelf):
    client.force_login(world["users"]["buyer"])
    response = client.get(reverse("trade:readiness") + "?market=jp&day=2025-06-01")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Chả mực Chứng nhận" in text
    assert "Nước mắm Chưa Chứng Nhận" not in text
    assert "Sản phẩm Đã Rút" not in text
    assert "1 sản phẩm" in text


def test_buyer_sees_why_not_ready_by_document_type_without_files_or_numbers(client, world, shelf):
    client.force_login(world["users"]["buyer"])
    text = client.get(reverse("trade:readiness") + "?market=jp&day=2025-06-01").content.decode()
    assert "Chứng nhận hệ thống an toàn thực phẩm HACCP hoặc ISO 22000" in text  # the missing line
    assert "hết hạn 01/01/2025" in text  # the lapsed HACCP
    assert f"HACCP-{shelf['certified'].pk}" not in text  # the document's number stays private
    assert reverse("trade:product_export", args=[shelf["certified"].pk]) not in text  # the export file is not theirs
    assert product_url(shelf["certified"]) in text  # the public page instead


def test_the_office_still_opens_the_export_file_from_the_matrix(client, world, shelf):
    client.force_login(world["users"]["provincial_officer"])
    text = client.get(reverse("trade:readiness") + "?market=jp").content.decode()
    assert reverse("trade:product_export", args=[shelf["certified"].pk]) in text
    assert "Nước mắm Chưa Chứng Nhận" in text  # the office sees every product in its scope


def test_buyer_api_names_the_document_types_not_their_numbers(client, world, shelf):
    client.force_login(world["users"]["buyer"])
    response = client.get("/api/v1/trade/readiness?market=jp&day=2025-06-01")
    rows = response.json()["items"]
    assert [row["product_name"] for row in rows] == ["Chả mực Chứng nhận"]
    lines = {line["code"]: line for line in rows[0]["markets"][0]["lines"]}
    assert lines["food-safety-system"]["lapsed"] == "HACCP"
    assert lines["food-safety-system"]["lapsed_on"] == "2025-01-01"
    assert lines["sanitary-certificate"]["evidence"] == "Giấy chứng nhận y tế, vệ sinh (Health Certificate)"


def test_office_api_keeps_the_document_numbers(client, world, shelf):
    client.force_login(world["users"]["provincial_officer"])
    rows = client.get("/api/v1/trade/readiness?market=jp&day=2025-06-01").json()["items"]
    row = next(row for row in rows if row["product_id"] == shelf["certified"].pk)
    lines = {line["code"]: line for line in row["markets"][0]["lines"]}
    assert lines["food-safety-system"]["lapsed"] == f"HACCP HACCP-{shelf['certified'].pk}"


def test_public_product_page_shows_readiness_per_market_and_why(client, shelf):
    text = client.get(product_url(shelf["certified"])).content.decode()
    assert "Sẵn sàng xuất khẩu" in text
    assert 'id="market-jp"' in text
    assert "chưa sẵn sàng: đáp ứng 6/7 yêu cầu" in text
    assert "HACCP đã hết hạn ngày 01/01/2025" in text
    assert f"HACCP-{shelf['certified'].pk}" not in text


def test_public_page_of_an_uncertified_product_shows_no_readiness(client, shelf):
    text = client.get(product_url(shelf["uncertified"])).content.decode()
    assert "Sẵn sàng xuất khẩu" not in text


def test_public_page_follows_a_new_document_and_a_new_credential(
    client, world, shelf, django_capture_on_commit_callbacks
):
    """Given the cached page (not ready for Japan); when ISO 22000 is recorded it says ready at once."""
    product, officer = shelf["certified"], world["users"]["provincial_officer"]
    assert "chưa sẵn sàng: đáp ứng 6/7 yêu cầu" in client.get(product_url(product)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        document_create(
            actor=officer,
            producer=product.producer,
            product=product,
            kind=DocumentKind.ISO_22000,
            number="ISO-1",
            issued_on=date(2025, 1, 1),
        )
    page = client.get(product_url(product)).content.decode()
    japan = page.split('id="market-jp"')[1].split("</li>\n")[0]
    assert "✓ sẵn sàng" in japan

    korea_before = page.split('id="market-kr"')[1].split("</li>\n")[0]
    with django_capture_on_commit_callbacks(execute=True):
        credential_create(
            actor=officer,
            producer=product.producer,
            product=product,
            kind=CredentialKind.CERTIFICATE_OF_ORIGIN,
            number="CO-KR",
        )
    korea_after = client.get(product_url(product)).content.decode().split('id="market-kr"')[1].split("</li>\n")[0]
    assert korea_after != korea_before


def test_public_page_in_english(client, shelf):
    client.cookies["django_language"] = "en"
    text = client.get(product_url(shelf["certified"])).content.decode()
    assert "Export readiness" in text
    assert "not ready: 6 of 7 requirements met" in text
    assert "Japan" in text
