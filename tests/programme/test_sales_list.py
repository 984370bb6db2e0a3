"""The sales lines page sorts by each column, pages with its count and keeps the year filter in links.

Given three lines of two products (2025 and 2026), when the provincial officer opens
/programme/sales/ with a sort or the year, then the rows come in that order.
"""

import pytest

from tests.factories import ProductFactory
from tests.factories.programme import sales_line
from tests.listing_helpers import header_links, links_missing, pager_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(world):
    tea = ProductFactory(producer=world["qn"], name_vi="Trà", name_folded="tra")
    squid = ProductFactory(producer=world["qn"], name_vi="Chả mực", name_folded="cha muc")
    return {
        "tea_2025": sales_line(tea, 2025, period=4, amount_vnd=30_000_000),
        "squid_2026": sales_line(squid, 2026, period=1, amount_vnd=5_000_000),
        "tea_2026": sales_line(tea, 2026, period=2, amount_vnd=12_000_000),
    }


def shown_amounts(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [cell.split("</td>", 1)[0] for cell in body.split('<td class="num">')[1:]]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["12.000.000 ₫", "5.000.000 ₫", "30.000.000 ₫"]),  # the latest period first
        ("period", ["30.000.000 ₫", "5.000.000 ₫", "12.000.000 ₫"]),
        ("amount", ["5.000.000 ₫", "12.000.000 ₫", "30.000.000 ₫"]),
        ("-amount", ["30.000.000 ₫", "12.000.000 ₫", "5.000.000 ₫"]),
        ("product", ["5.000.000 ₫", "12.000.000 ₫", "30.000.000 ₫"]),
        ("password", ["12.000.000 ₫", "5.000.000 ₫", "30.000.000 ₫"]),
    ],
)
def test_the_sales_lines_sort_by_each_column(client, world, lines, sort, expected):
    client.force_login(world["users"]["provincial_officer"])
    html = client.get(f"/programme/sales/?sort={sort}").content.decode()
    assert shown_amounts(html) == expected
    assert pager_text(html) == "3 dòng"


def test_the_year_filter_stays_in_the_header_links(client, world, lines):
    client.force_login(world["users"]["provincial_officer"])
    html = client.get("/programme/sales/?year=2026&sort=amount&page=abc").content.decode()
    assert shown_amounts(html) == ["5.000.000 ₫", "12.000.000 ₫"]
    assert links_missing(header_links(html), "year=2026") == []
