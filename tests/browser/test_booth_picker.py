"""The booth form's product picker at phone width (390 px): typed without diacritics, two products picked,
one removed by its chip, a refused form that keeps the choice, then the booth saved with the right product.
Without JavaScript the same field is a list of checkboxes and posts the same way.
Screenshots in var/screenshots/booth-picker-*.png."""

import re

import pytest

from tests.browser import test_phone
from tests.browser.test_phone import log_in, scroll_width
from tests.browser_fixtures import screenshot

pytestmark = pytest.mark.browser

phone = test_phone.phone  # a phone-sized, touch browser page (javascript=False for one without scripts)

PRODUCER = "Công ty Cổ phần Ngọc trai Hạ Long (minh hoạ)"
AKOYA = "Ngọc trai Hạ Long Akoya"
TAHITI = "Ngọc trai Hạ Long Tahiti"


def _booth_form(page) -> list[str]:
    """Open the booth form of the first demo event that takes booths; returns the numbers of its booths."""
    page.goto("/promotion/events/")
    events = page.eval_on_selector_all(
        "main a[href*='/promotion/events/']",
        "links => [...new Set(links.map(a => a.getAttribute('href')).filter(h => /\\/events\\/\\d+\\/$/.test(h)))]",
    )
    for event in events:
        page.goto(event)
        add = page.locator("main a", has_text="Thêm gian hàng")
        if add.count():
            numbers = page.locator("main table tbody tr td:first-child").all_inner_texts()
            add.first.click()
            page.wait_for_url("**/booths/new/")
            return numbers
    pytest.fail("no demo event takes booths")


def _chips(page) -> list[str]:
    return page.locator(".picker-chip span").all_inner_texts()


def test_booth_products_are_picked_by_typing_at_phone_width(phone):
    page = phone()
    log_in(page, "canbotinh")
    numbers = _booth_form(page)
    assert numbers, "the demo fair has booths (one number is reused below to see a refusal)"
    page.select_option("#id_producer", label=PRODUCER)
    assert page.locator(".picker-checkboxes").is_visible() is False  # the script replaced the list
    search = page.locator("#id_products_search")
    search.tap()
    search.press_sequentially("ngoc trai ha long")  # no diacritics
    options = page.locator(".picker-option")
    assert sorted(o.split("\n")[0] for o in options.all_inner_texts()) == [AKOYA, TAHITI]
    screenshot(page, "booth-picker-typed")
    page.keyboard.press("Enter")  # the first match, by keyboard
    search.press_sequentially("tahiti")
    options.first.tap()  # the second, by touch
    assert sorted(_chips(page)) == [AKOYA, TAHITI]
    assert page.locator("input[name=products]:checked").count() == 2
    screenshot(page, "booth-picker-two-chosen")
    page.get_by_role("button", name=f"Bỏ chọn {TAHITI}").tap()
    assert _chips(page) == [AKOYA]
    assert page.locator("input[name=products]:checked").count() == 1
    assert page.locator(".picker-remove").first.bounding_box()["height"] >= 44
    assert scroll_width(page) <= 390

    # Refused (a booth number already taken at this fair): the chosen product is still chosen.
    page.fill("#id_number", numbers[0])
    with page.expect_navigation():
        page.locator("main button.primary").tap()
    assert page.locator("#id_number").input_value() == numbers[0]
    assert page.locator(".field [role=alert]").count() >= 1
    assert _chips(page) == [AKOYA]
    screenshot(page, "booth-picker-refused")

    page.fill("#id_number", "PICK-1")
    with page.expect_navigation():
        page.locator("main button.primary").tap()
    assert re.search(r"/promotion/events/\d+/$", page.url)
    row = page.locator("main table tbody tr", has=page.locator("td:first-child", has_text="PICK-1"))
    assert row.locator("td").nth(4).inner_text() == AKOYA
    screenshot(page, "booth-picker-saved")


def test_choosing_another_producer_drops_the_products_of_the_one_before(phone):
    page = phone()
    log_in(page, "canbotinh")
    _booth_form(page)
    page.select_option("#id_producer", label=PRODUCER)
    search = page.locator("#id_products_search")
    search.tap()
    search.press_sequentially("akoya")
    page.keyboard.press("Enter")
    assert _chips(page) == [AKOYA]
    others = page.eval_on_selector_all(
        "#id_producer option", "options => options.map(o => o.textContent.trim()).filter(t => t && !t.startsWith('—'))"
    )
    other = next(name for name in others if name != PRODUCER and "minh hoạ" in name)
    page.select_option("#id_producer", label=other)
    assert _chips(page) == []
    assert page.locator("input[name=products]:checked").count() == 0
    assert page.locator(".picker-status").inner_text() == "Đã bỏ 1 sản phẩm của chủ thể trước."
    screenshot(page, "booth-picker-producer-changed")


def test_without_javascript_the_products_are_checkboxes(phone):
    page = phone(javascript=False)
    log_in(page, "canbotinh")
    _booth_form(page)
    assert page.locator("#id_products_search").is_visible() is False
    page.select_option("#id_producer", label=PRODUCER)
    page.locator(".picker-choice", has_text=TAHITI).locator("input").check()
    page.fill("#id_number", "PICK-NOJS")
    screenshot(page, "booth-picker-no-script")
    with page.expect_navigation():
        page.locator("main button.primary").click()
    row = page.locator("main table tbody tr", has=page.locator("td:first-child", has_text="PICK-NOJS"))
    assert row.locator("td").nth(4).inner_text() == TAHITI
