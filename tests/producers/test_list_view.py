"""The producers list page: sorted by a column on request, paged with its count, filters kept in links.

Given five Quảng Ninh producers in two communes (and one in Lào Cai the officer must not see), when
the provincial officer opens /producers/ with a sort, a filter or a page, then the rows come in that
order, the pager says how many, and every header and pager link keeps the other parameters.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from ocop.producers.models import ProducerType
from ocop.products.models import Product
from tests.factories import ProducerFactory, commune, make_user, province
from tests.listing_helpers import header_links, links_missing, pager_links, pager_text, row_ids, sorted_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    client.force_login(make_user("provincial_officer", province=province(22)))
    return client


@pytest.fixture
def producers():
    ba_che, ha_long = commune(6970), commune(6688)
    made = {
        "dam_ha": ProducerFactory(legal_name="Đầm Hà Xanh", commune=ha_long),
        "co_to": ProducerFactory(legal_name="Cô Tô Biển", commune=ba_che, producer_type=ProducerType.JOINT_STOCK),
        "ha_long": ProducerFactory(legal_name="Hạ Long Mực", commune=ha_long),
        "an_binh": ProducerFactory(legal_name="An Bình", commune=ba_che),
        "binh_lieu": ProducerFactory(legal_name="Bình Liêu Miến", commune=ha_long),
    }
    ProducerFactory(legal_name="Ấp Lào Cai", commune=province(15).communes.order_by("code").first())
    for index in range(3):
        Product.objects.create(producer=made["co_to"], name_vi=f"Sản phẩm {index}")
    Product.objects.create(producer=made["ha_long"], name_vi="Mực")
    return made


def ids(producers, *keys) -> list[int]:
    return [producers[key].pk for key in keys]


def test_the_list_is_sorted_by_name_without_regard_to_diacritics(officer_client, producers):
    html = officer_client.get("/producers/").content.decode()
    assert row_ids(html, "/producers/") == ids(producers, "an_binh", "binh_lieu", "co_to", "dam_ha", "ha_long")
    assert sorted_state(html)["Tên chủ thể"] == "ascending"
    assert pager_text(html) == "5 chủ thể"


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-name", ["ha_long", "dam_ha", "co_to", "binh_lieu", "an_binh"]),
        ("commune", ["an_binh", "co_to", "binh_lieu", "dam_ha", "ha_long"]),
        ("-commune", ["ha_long", "dam_ha", "binh_lieu", "co_to", "an_binh"]),
        ("-products", ["co_to", "ha_long", "dam_ha", "binh_lieu", "an_binh"]),
        # by the label: "Công ty cổ phần" before "Hợp tác xã"
        ("type", ["co_to", "an_binh", "binh_lieu", "dam_ha", "ha_long"]),
    ],
)
def test_each_column_sorts_the_rows(officer_client, producers, sort, expected):
    html = officer_client.get(f"/producers/?sort={sort}").content.decode()
    assert row_ids(html, "/producers/") == ids(producers, *expected)


def test_a_filter_and_a_sort_together_and_the_links_keep_both(officer_client, producers):
    html = officer_client.get(f"/producers/?commune={commune(6688).pk}&sort=-name").content.decode()
    assert row_ids(html, "/producers/") == ids(producers, "ha_long", "dam_ha", "binh_lieu")
    assert sorted_state(html)["Tên chủ thể"] == "descending"
    for link in header_links(html):
        assert parse_qs(urlsplit(link).query)["commune"] == [str(commune(6688).pk)]
    assert '<input type="hidden" name="sort" value="-name">' in html


def test_page_two_holds_the_next_rows_and_the_pager_counts_them(officer_client, producers):
    for index in range(25):
        ProducerFactory(legal_name=f"Zeta {index:02}", commune=commune(6970))
    html = officer_client.get("/producers/?archived=1&page=2").content.decode()
    assert len(row_ids(html, "/producers/")) == 5
    assert pager_text(html) == "Trang 2/2 · 30 chủ thể"
    assert links_missing(pager_links(html), "archived=1") == []


@pytest.mark.parametrize("query", ["?sort=password", "?sort=__class__", "?page=abc", "?sort=-pk__gt"])
def test_a_forged_sort_or_page_answers_with_the_default_list(officer_client, producers, query):
    response = officer_client.get(f"/producers/{query}")
    assert response.status_code == 200
    assert row_ids(response.content.decode(), "/producers/")[0] == producers["an_binh"].pk


def test_a_page_past_the_end_shows_the_last_page(officer_client, producers):
    for index in range(25):
        ProducerFactory(legal_name=f"Zeta {index:02}", commune=commune(6970))
    response = officer_client.get("/producers/?page=999999")
    assert response.status_code == 200
    assert pager_text(response.content.decode()) == "Trang 2/2 · 30 chủ thể"


def test_the_htmx_rows_keep_the_sort_and_the_filters(officer_client, producers):
    response = officer_client.get("/producers/?q=binh&sort=-name", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<h1>" not in html
    assert row_ids(html, "/producers/") == ids(producers, "binh_lieu", "an_binh")
    assert links_missing(header_links(html), "q=binh") == []


def test_the_count_is_in_english_with_the_english_number_format(officer_client, producers):
    officer_client.cookies["django_language"] = "en"
    html = officer_client.get("/producers/").content.decode()
    assert pager_text(html) == "5 producers"
