"""The register page sorts by each column, pages with its count and keeps its filters in the links.

Given the register of tests/certificates/test_register.py (five Quảng Ninh certificates), when the
provincial officer opens /certificates/ with a sort or a filter, then the rows come in that order.
"""

import pytest

from tests.certificates.test_register import register  # noqa: F401 - the register fixture
from tests.listing_helpers import header_links, links_missing, pager_text, row_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, world):
    client.force_login(world["users"]["provincial_officer"])
    return client


def ids(made, *keys) -> list[int]:
    return [made[key].pk for key in keys]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["tea", "pearl", "sauce", "wine", "old"]),  # the newest decision first
        ("decision", ["old", "wine", "sauce", "pearl", "tea"]),
        ("valid_until", ["old", "wine", "sauce", "pearl", "tea"]),
        ("-stars", ["pearl", "tea", "old", "wine", "sauce"]),
        ("stars", ["sauce", "wine", "old", "tea", "pearl"]),
    ],
)
def test_each_column_sorts_the_register(officer_client, register, sort, expected):  # noqa: F811
    html = officer_client.get(f"/certificates/?sort={sort}").content.decode()
    assert row_ids(html, "/certificates/") == ids(register, *expected)


def test_the_number_column_sorts_on_the_certificate_number(officer_client, register):  # noqa: F811
    shown = [c for key, c in register.items() if key != "lc"]
    html = officer_client.get("/certificates/?sort=-number").content.decode()
    assert row_ids(html, "/certificates/") == [c.pk for c in sorted(shown, key=lambda c: c.number, reverse=True)]


def test_a_filter_stays_in_the_header_links_and_the_count_follows_it(officer_client, register):  # noqa: F811
    html = officer_client.get("/certificates/?stars=3&sort=-decision").content.decode()
    assert row_ids(html, "/certificates/") == ids(register, "sauce", "wine", "old")
    assert pager_text(html) == "3 giấy chứng nhận"
    assert links_missing(header_links(html), "stars=3") == []
    assert '<input type="hidden" name="sort"' not in html  # the default order needs no field


@pytest.mark.parametrize("query", ["?sort=password", "?sort=__class__", "?page=abc", "?page=999999"])
def test_a_forged_sort_or_page_shows_the_default_register(officer_client, register, query):  # noqa: F811
    response = officer_client.get(f"/certificates/{query}")
    assert response.status_code == 200
    assert row_ids(response.content.decode(), "/certificates/") == ids(register, "tea", "pearl", "sauce", "wine", "old")
