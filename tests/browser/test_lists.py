"""A long list on a phone (390 px): sort by a column, flip the order, page on, switch the language.

Given the demo's sales lines (thousands of rows, 50 a page), when the provincial officer sorts by
revenue on a phone, then the arrow and aria-sort say so, the rows are in that order, the next page
keeps the order, and switching to English keeps the whole address. Screenshots in
var/screenshots/lists-*.png.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.test_phone import MENU_BUTTON, log_in, phone  # noqa: F401 - the phone fixture
from tests.browser_fixtures import screenshot

pytestmark = pytest.mark.browser

AMOUNT_HEADER = "th.sortable:nth-child(5)"


def shot(page, name: str) -> None:
    screenshot(page, f"lists-{name}")


def amounts(page) -> list[int]:
    cells = page.locator("main table tbody tr td.num").all_inner_texts()
    return [int(re.sub(r"\D", "", text)) for text in cells]


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_sort_and_page_a_list_on_a_phone_and_switch_language(phone):  # noqa: F811
    page = phone()
    log_in(page, "canbotinh")
    page.goto("/programme/sales/")
    page.click(f"{AMOUNT_HEADER} a")
    page.wait_for_url("**sort=amount**")
    assert page.get_attribute(AMOUNT_HEADER, "aria-sort") == "ascending"
    ascending = amounts(page)
    assert ascending == sorted(ascending)
    page.click(f"{AMOUNT_HEADER} a")
    page.wait_for_url("**sort=-amount**")
    assert page.get_attribute(AMOUNT_HEADER, "aria-sort") == "descending"
    first_page = amounts(page)
    assert first_page == sorted(first_page, reverse=True)
    assert len(first_page) == 50
    assert re.fullmatch(r"Trang 1/\d+ · [\d.]+ dòng", page.inner_text(".pager-count"))
    pager = page.locator(".pager").bounding_box()
    assert pager["x"] + pager["width"] <= 390
    page.locator(".pager").scroll_into_view_if_needed()
    shot(page, "sales-sorted-phone")

    page.focus(".pager a[rel=next]")  # a tap at 390 px can land on the wide table's scroller: the key is exact
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2**")
    assert query(page) == {"sort": ["-amount"], "page": ["2"]}
    second_page = amounts(page)
    assert second_page == sorted(second_page, reverse=True)
    assert max(second_page) <= min(first_page)
    assert page.inner_text(".pager-links [aria-current=page]") == "2"
    page.locator(".pager").scroll_into_view_if_needed()
    shot(page, "sales-page-2-phone")

    page.click(MENU_BUTTON)
    page.click(".lang-switch button[value=en]")
    page.wait_for_load_state()
    assert query(page) == {"sort": ["-amount"], "page": ["2"]}
    assert re.fullmatch(r"Page 2 of \d+ · [\d,]+ lines", page.inner_text(".pager-count"))
    assert page.get_attribute(AMOUNT_HEADER, "aria-sort") == "descending"
    shot(page, "sales-page-2-phone-en")
