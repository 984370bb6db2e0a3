"""The one sort-and-page helper of the back-office lists (ocop.core.listing), on real records.

Given producers with known names and communes, when a request asks for a sort key, a direction and a
page, then the rows come in that order, the count is the number of matching rows, every link keeps
the filters, and an unknown key or page number falls back to the default order or the last page.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import RequestFactory

from ocop.core.listing import listing
from ocop.producers.models import Producer
from tests.factories import ProducerFactory, commune

pytestmark = pytest.mark.django_db

SORTS = {"name": ("name_folded",), "commune": ("commune__bare_name_folded", "name_folded")}
NAMES = ["Đầm Hà Xanh", "Cô Tô Biển", "Hạ Long Mực", "An Bình", "Bình Liêu Miến"]


@pytest.fixture
def producers():
    ba_che, ha_long = commune(6970), commune(6688)
    return {
        name: ProducerFactory(legal_name=name, commune=ba_che if index % 2 else ha_long)
        for index, name in enumerate(NAMES)
    }


def rows_for(query: str, *, per_page: int = 10, default: str = "name"):
    request = RequestFactory().get(f"/producers/{query}")
    return listing(request, Producer.objects.all(), sorts=SORTS, default=default, per_page=per_page)


def names(result) -> list[str]:
    return [producer.legal_name for producer in result]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_the_default_sort_orders_vietnamese_names_on_their_folded_form(producers):
    result = rows_for("")
    assert names(result) == ["An Bình", "Bình Liêu Miến", "Cô Tô Biển", "Đầm Hà Xanh", "Hạ Long Mực"]
    assert (result.sort, result.descending, result.sort_param) == ("name", False, "")


def test_a_minus_sign_reverses_the_order(producers):
    result = rows_for("?sort=-name")
    assert names(result) == ["Hạ Long Mực", "Đầm Hà Xanh", "Cô Tô Biển", "Bình Liêu Miến", "An Bình"]
    assert (result.sort, result.descending, result.sort_param) == ("name", True, "-name")


def test_a_second_sort_field_breaks_ties_inside_the_first(producers):
    result = rows_for("?sort=commune")
    # Ba Chẽ before Hạ Long (folded "ba che" < "ha long"), then by name inside each commune
    assert names(result) == ["An Bình", "Cô Tô Biển", "Bình Liêu Miến", "Đầm Hà Xanh", "Hạ Long Mực"]


def test_equal_sort_values_keep_one_order_by_primary_key_in_both_directions(db):
    twins = [ProducerFactory(legal_name="Cùng Tên") for _ in range(3)]
    ascending = [p.pk for p in rows_for("?sort=name")]
    descending = [p.pk for p in rows_for("?sort=-name")]
    assert ascending == [twin.pk for twin in twins]
    assert descending == ascending[::-1]


@pytest.mark.parametrize("forged", ["password", "__class__", "-__class__", "pk;drop", "", "-", "name__x"])
def test_a_sort_key_outside_the_list_means_the_default_order(producers, forged):
    result = rows_for(f"?sort={forged}")
    assert names(result) == names(rows_for(""))
    assert result.sort == "name"


def test_the_default_may_be_descending(producers):
    result = rows_for("", default="-name")
    assert names(result)[0] == "Hạ Long Mực"
    assert result.sort_param == ""
    assert rows_for("?sort=name", default="-name").sort_param == "name"


def test_the_count_is_all_matching_rows_and_page_two_holds_the_next_ones(producers):
    result = rows_for("?page=2", per_page=2)
    assert result.count == 5
    assert result.num_pages == 3
    assert names(result) == ["Cô Tô Biển", "Đầm Hà Xanh"]


@pytest.mark.parametrize(("page", "expected"), [("abc", 1), ("999999", 3), ("-1", 3), ("0", 3), ("3", 3)])
def test_a_page_number_that_is_not_a_page_falls_back_to_the_first_or_the_last(producers, page, expected):
    assert rows_for(f"?page={page}", per_page=2).page.number == expected


def test_header_links_keep_the_filters_choose_a_column_and_go_back_to_page_one(producers):
    result = rows_for("?q=binh&commune=7&sort=name&page=2", per_page=2)
    assert query_of(result.headers["commune"].url) == {"q": ["binh"], "commune": ["7"], "sort": ["commune"]}
    # the sorted column flips its own direction
    assert query_of(result.headers["name"].url) == {"q": ["binh"], "commune": ["7"], "sort": ["-name"]}
    assert result.headers["name"].state == "ascending"
    assert result.headers["commune"].state == "none"
    assert urlsplit(result.headers["name"].url).path == "/producers/"


def test_a_descending_column_flips_back_to_ascending(producers):
    result = rows_for("?sort=-name")
    assert result.headers["name"].state == "descending"
    assert query_of(result.headers["name"].url) == {"sort": ["name"]}


def test_page_links_keep_the_filters_and_the_order(producers):
    result = rows_for("?q=a&type=cooperative&sort=-commune&page=2", per_page=2)
    assert [link.number for link in result.pages] == [1, 2, 3]
    assert [link.current for link in result.pages] == [False, True, False]
    assert query_of(result.pages[2].url) == {"q": ["a"], "type": ["cooperative"], "sort": ["-commune"], "page": ["3"]}
    # page 1 is the address without a page number
    assert query_of(result.previous_url) == {"q": ["a"], "type": ["cooperative"], "sort": ["-commune"]}
    assert query_of(result.next_url)["page"] == ["3"]


def test_a_long_list_shows_the_pages_near_the_current_one_and_both_ends(db):
    for index in range(20):
        ProducerFactory(legal_name=f"Chủ thể {index:02}")
    shown = [link.number for link in rows_for("?page=10", per_page=1).pages]
    assert shown == [1, None, 8, 9, 10, 11, 12, None, 20]


def test_one_page_has_no_page_links(producers):
    result = rows_for("")
    assert result.pages == []
    assert (result.previous_url, result.next_url) == ("", "")


def test_a_repeated_parameter_is_kept_whole(producers):
    result = rows_for("?status=a&status=b&sort=name")
    assert query_of(result.headers["commune"].url)["status"] == ["a", "b"]


def test_a_named_page_parameter_leaves_the_others_alone(producers):
    request = RequestFactory().get("/programme/?page0=2&page1=3")
    result = listing(request, Producer.objects.all(), sorts=SORTS, default="name", per_page=2, page_param="page1")
    assert result.page.number == 3
    assert query_of(result.pages[0].url) == {"page0": ["2"]}


def test_a_choice_field_sorts_on_its_label_in_the_active_language(db):
    from django.utils import translation

    from ocop.core.listing import by_label
    from ocop.producers.models import ProducerType

    cooperative = ProducerFactory(producer_type=ProducerType.COOPERATIVE)
    household = ProducerFactory(producer_type=ProducerType.HOUSEHOLD)
    request = RequestFactory().get("/producers/?sort=type")

    def order() -> list[int]:
        sorts = {"name": ("name_folded",), "type": (by_label("producer_type", ProducerType.choices),)}
        return [p.pk for p in listing(request, Producer.objects.all(), sorts=sorts, default="name", per_page=9)]

    assert order() == [household.pk, cooperative.pk]  # "Hộ sản xuất…" before "Hợp tác xã"
    with translation.override("en"):
        assert order() == [cooperative.pk, household.pk]  # "Cooperative" before "Household business"


def test_the_language_switch_carries_the_whole_query_and_comes_back_to_it(client, producers):
    from tests.factories import make_user, province

    client.force_login(make_user("provincial_officer", province=province(22)))
    address = "/producers/?q=binh&sort=-commune&page=1"
    html = client.get(address).content.decode()
    assert '<input name="next" type="hidden" value="/producers/?q=binh&amp;sort=-commune&amp;page=1">' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": address})
    assert (response.status_code, response["Location"]) == (302, address)
    assert "producers" in client.get(response["Location"]).content.decode()
