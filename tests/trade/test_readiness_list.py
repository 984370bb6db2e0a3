"""The export readiness matrix sorts by product, pages with its count and keeps the filters in its links.

Given products of two Quảng Ninh communes, when the provincial officer opens /trade/readiness/ with a
sort, the commune filter or a page, then the rows come in that order, the header and pager links keep
the commune (the old pager dropped it) and the page's queries do not grow with the rows.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.core.text import fold_vietnamese
from ocop.products.models import Product
from tests.factories import ProductFactory
from tests.listing_helpers import header_links, links_missing, pager_links, pager_text, sorted_state

pytestmark = pytest.mark.django_db

URL = "/trade/readiness/"


def product(producer, name_vi: str, **fields):
    return ProductFactory(producer=producer, name_vi=name_vi, name_folded=fold_vietnamese(name_vi), **fields)


def shown_ids(html: str) -> list[int]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    ids: list[int] = []
    for found in re.finditer(r'<td class="product"><a href="/trade/products/(\d+)/export/"', body):
        ids.append(int(found.group(1)))
    return ids


@pytest.fixture
def products(world):
    return {
        "ha_long": product(world["qn"], "Hạ Long"),
        "co_to": product(world["qn_other"], "Cô Tô"),
        "dam_ha": product(world["qn"], "Đầm Hà"),
    }


@pytest.fixture
def officer(client, world):
    client.force_login(world["users"]["provincial_officer"])
    return client


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["co_to", "dam_ha", "ha_long"]),  # folded: "Đầm Hà" between "Cô Tô" and "Hạ Long"
        ("product", ["co_to", "dam_ha", "ha_long"]),
        ("-product", ["ha_long", "dam_ha", "co_to"]),
        ("password", ["co_to", "dam_ha", "ha_long"]),  # an unknown key: the default order
    ],
)
def test_the_readiness_matrix_sorts_by_product(officer, products, sort, expected):
    response = officer.get(f"{URL}?sort={sort}")
    assert response.status_code == 200
    html = response.content.decode()
    assert shown_ids(html) == [products[key].pk for key in expected]
    assert pager_text(html) == "3 sản phẩm"


def test_the_header_says_how_the_matrix_is_sorted(officer, products):
    assert sorted_state(officer.get(f"{URL}?sort=-product").content.decode()) == {"Sản phẩm": "descending"}
    assert sorted_state(officer.get(URL).content.decode()) == {"Sản phẩm": "ascending"}


def test_the_commune_filter_stays_in_the_header_links_and_the_form(officer, world, products):
    ba_che = world["qn"].commune_id
    html = officer.get(f"{URL}?commune={ba_che}&sort=-product").content.decode()
    assert shown_ids(html) == [products["ha_long"].pk, products["dam_ha"].pk]
    assert pager_text(html) == "2 sản phẩm"
    assert links_missing(header_links(html), f"commune={ba_che}") == []
    assert '<input type="hidden" name="sort" value="-product">' in html


def test_page_two_keeps_the_commune_and_the_order(officer, world, products):
    ba_che = world["qn"].commune_id
    for number in range(49):  # with Hạ Long and Đầm Hà: 51 products in Ba Chẽ, 50 a page
        product(world["qn"], f"Bánh {number:02d}")
    first = officer.get(f"{URL}?commune={ba_che}&sort=-product").content.decode()
    assert pager_text(first) == "Trang 1/2 · 51 sản phẩm"
    assert shown_ids(first)[:2] == [products["ha_long"].pk, products["dam_ha"].pk]
    links = pager_links(first)
    assert links_missing(links, f"commune={ba_che}") == []
    assert links_missing(links, "sort=-product") == []

    second = officer.get(f"{URL}?commune={ba_che}&sort=-product&page=2").content.decode()
    banh_00 = Product.objects.get(name_vi="Bánh 00")
    assert shown_ids(second) == [banh_00.pk]  # the last in descending order
    assert pager_text(second) == "Trang 2/2 · 51 sản phẩm"
    assert products["co_to"].pk not in shown_ids(first) + shown_ids(second)  # another commune


def test_in_english_the_count_is_translated_and_the_order_is_the_english_names(officer, products):
    products["co_to"].name_en = "Zebra squid"
    products["co_to"].save(update_fields=["name_en"])
    products["dam_ha"].name_en = "Dam Ha clams"
    products["dam_ha"].save(update_fields=["name_en"])
    officer.cookies["django_language"] = "en"
    html = officer.get(URL).content.decode()
    assert pager_text(html) == "3 products"
    assert shown_ids(html) == [products[key].pk for key in ("dam_ha", "ha_long", "co_to")]


def test_the_queries_do_not_grow_with_the_rows(officer, world, products):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert officer.get(f"{URL}?sort=-product").status_code == 200
        return len(captured)

    few = queries()
    for number in range(10):
        product(world["qn_other"], f"Mực {number}")
    assert queries() == few
