"""The products list page: each column sorts the rows, the pager counts them, filters stay in links.

Given four products of two producers, when the provincial officer opens /products/ with a sort, a
filter or a page, then the rows come in that order and the links keep the other parameters.
"""

import pytest

from ocop.products.models import ProductStatus
from tests.factories import ProducerFactory, ProductFactory, make_user, province
from tests.listing_helpers import header_links, links_missing, pager_links, pager_text, row_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    client.force_login(make_user("provincial_officer", province=province(22)))
    return client


@pytest.fixture
def products():
    bac, an = ProducerFactory(legal_name="Bắc Sơn"), ProducerFactory(legal_name="An Hải")
    rows = {
        "muc": ProductFactory(producer=bac, name_vi="Chả mực", status=ProductStatus.CERTIFIED),
        "tra": ProductFactory(producer=an, name_vi="Trà hoa vàng", status=ProductStatus.IDEA),
        "dua": ProductFactory(producer=bac, name_vi="Dưa", status=ProductStatus.IN_PROGRAMME),
        "an": ProductFactory(producer=an, name_vi="Ấu tẩu", status=ProductStatus.CERTIFIED),
    }
    for key, product in rows.items():
        product.name_folded = {"muc": "cha muc", "tra": "tra hoa vang", "dua": "dua", "an": "au tau"}[key]
        product.save(update_fields=["name_folded"])
    return rows


def ids(products, *keys) -> list[int]:
    return [products[key].pk for key in keys]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["an", "muc", "dua", "tra"]),
        ("-name", ["tra", "dua", "muc", "an"]),
        ("producer", ["an", "tra", "muc", "dua"]),
        # by the label, folded: "Đã được công nhận" < "Đang tham gia…" < "Ý tưởng"
        ("status", ["an", "muc", "dua", "tra"]),
        ("-status", ["tra", "dua", "muc", "an"]),
    ],
)
def test_each_column_sorts_the_rows(officer_client, products, sort, expected):
    html = officer_client.get(f"/products/?sort={sort}").content.decode()
    assert row_ids(html, "/products/") == ids(products, *expected)


def test_a_filter_stays_in_every_header_and_page_link(officer_client, products):
    for index in range(30):
        ProductFactory(name_vi=f"Zeta {index}", status=ProductStatus.CERTIFIED)
    html = officer_client.get("/products/?status=certified&sort=-name&page=2").content.decode()
    assert pager_text(html) == "Trang 2/2 · 32 sản phẩm"
    assert len(row_ids(html, "/products/")) == 7
    assert links_missing(header_links(html) + pager_links(html), "status=certified") == []
    assert links_missing(pager_links(html), "sort=-name") == []


@pytest.mark.parametrize("query", ["?sort=password", "?sort=__class__", "?page=abc", "?page=999999"])
def test_a_forged_sort_or_page_answers_200_with_the_default_order(officer_client, products, query):
    response = officer_client.get(f"/products/{query}")
    assert response.status_code == 200
    assert row_ids(response.content.decode(), "/products/") == ids(products, "an", "muc", "dua", "tra")
