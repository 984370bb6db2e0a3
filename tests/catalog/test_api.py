"""The public API: the same search and filters as the page, and a product's public record."""

import pytest

from tests.factories import make_certificate

pytestmark = pytest.mark.django_db


def test_search_without_diacritics(catalogue, client):
    data = client.get("/api/v1/catalog/search", {"q": "tra hoa vang"}).json()
    assert data["count"] == 2
    assert {row["name_vi"] for row in data["items"]} == {"Trà hoa vàng Ba Chẽ", "Trà hoa vàng Quy Hoa"}
    assert data["corrected"] is False


def test_search_with_filters_and_stars(catalogue, client):
    make_certificate(catalogue["tra_ba_che"], stars=4)
    data = client.get("/api/v1/catalog/search", {"q": "tra", "stars": 4}).json()
    assert [(row["name_vi"], row["stars"]) for row in data["items"]] == [("Trà hoa vàng Ba Chẽ", 4)]
    row = data["items"][0]
    assert row["url"] == f"/catalog/san-pham/{catalogue['tra_ba_che'].pk}-tra-hoa-vang-ba-che/"
    assert row["producer"]["commune"] == "Xã Ba Chẽ"
    data = client.get("/api/v1/catalog/search", {"product_set": catalogue["foods"].pk, "sort": "name"}).json()
    assert [row["name_vi"] for row in data["items"]] == [
        "Chả mực Hạ Long",
        "Đặc sản sá sùng khô Vân Đồn",
        "Mực khô Cô Tô",
    ]


def test_paging(catalogue, client):
    data = client.get("/api/v1/catalog/search", {"q": "tra", "limit": 2, "offset": 2}).json()
    assert (data["count"], data["limit"], data["offset"], len(data["items"])) == (3, 2, 2, 1)


def test_product_detail(catalogue, client):
    certificate = make_certificate(catalogue["tra_ba_che"], stars=4)
    data = client.get(f"/api/v1/catalog/products/{catalogue['tra_ba_che'].pk}").json()
    assert data["name_en"] == "Ba Che golden camellia tea"
    assert data["certificate"]["number"] == certificate.number
    assert data["certificate"]["verification_url"].startswith("/v/")
    assert client.get(f"/api/v1/catalog/products/{catalogue['idea'].pk}").status_code == 404
    assert client.get("/api/v1/catalog/products/999999").status_code == 404
