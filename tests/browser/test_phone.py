"""On a phone (390 × 844) the header is one row and the role menu folds behind one button; on a
desktop (1280 px) the menu shows as before, without a click. Each page people use on their phones
starts within the first screen and never scrolls sideways. Screenshots in var/screenshots/phone-*.png.
"""

import pytest
from django.utils import timezone

from ocop.demo.data import DEMO_PASSWORD
from tests.browser_fixtures import screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)
MENU_BUTTON = "summary.menu-button"
FIRST_SCREEN_TOP = 200  # the main heading starts this high on the screen, whatever the menu holds


@pytest.fixture
def phone(browser, demo_server):
    """phone(javascript=True) → a new page in a phone-sized, touch context."""
    contexts = []

    def open_page(javascript: bool = True):
        context = browser.new_context(
            base_url=demo_server,
            locale="vi-VN",
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            user_agent=IPHONE,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")


def heading_top(page) -> float:
    return page.locator("main h1").first.bounding_box()["y"]


def scroll_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def menu_expanded(page) -> bool | None:
    """What assistive technology is told about the menu button: Chromium's accessibility tree."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    for node in nodes:
        if node.get("name", {}).get("value") == "Trình đơn" and node["role"]["value"] != "StaticText":
            states = {prop["name"]: prop["value"].get("value") for prop in node.get("properties", [])}
            return states.get("expanded")
    return None


def test_the_menu_folds_on_a_phone_and_opens_and_closes(phone):
    page = phone()
    log_in(page, "chuthe")
    menu_link = page.locator("nav.main-nav a", has_text="Gian hàng của tôi")
    assert heading_top(page) < FIRST_SCREEN_TOP
    assert menu_link.is_visible() is False
    assert menu_expanded(page) is False
    assert scroll_width(page) <= PHONE["width"]
    screenshot(page, "phone-dashboard-menu-closed")

    button = page.locator(MENU_BUTTON)
    box = button.bounding_box()
    assert box["height"] >= 44
    assert box["width"] >= 44
    button.tap()
    assert menu_link.is_visible() is True
    assert menu_expanded(page) is True
    link_box = menu_link.bounding_box()
    assert link_box["height"] >= 44
    assert link_box["width"] >= PHONE["width"] / 2  # one link a row, the row's width to tap
    assert scroll_width(page) <= PHONE["width"]
    screenshot(page, "phone-dashboard-menu-open")

    page.keyboard.press("Escape")  # from the menu, Escape folds it and goes back to its button
    assert menu_link.is_visible() is False
    assert page.evaluate("document.activeElement.matches('summary.menu-button')") is True
    button.tap()
    menu_link.tap()
    page.wait_for_url("**/promotion/my-booths/")
    assert page.locator("main h1").inner_text() == "Gian hàng của tôi"
    assert menu_link.is_visible() is False  # a new page starts with the menu folded again


def test_the_menu_works_without_javascript(phone):
    page = phone(javascript=False)
    page.goto("/accounts/login/")
    link = page.locator("nav.top-actions a", has_text="Kiểm tra tem QR")
    assert link.is_visible() is False
    assert heading_top(page) < FIRST_SCREEN_TOP
    page.click(MENU_BUTTON)
    assert link.is_visible() is True
    assert menu_expanded(page) is True
    screenshot(page, "phone-login-menu-open-without-javascript")
    page.click(MENU_BUTTON)
    assert link.is_visible() is False
    assert menu_expanded(page) is False


def test_on_a_desktop_the_menu_shows_without_a_click(browser, demo_server):
    context = browser.new_context(base_url=demo_server, locale="vi-VN", viewport=DESKTOP)
    page = context.new_page()
    log_in(page, "canbotinh")
    assert page.locator(MENU_BUTTON).is_visible() is False
    for label in ("Bảng điều khiển", "Chủ thể OCOP", "Tự đánh giá theo bộ tiêu chí"):
        assert page.locator("nav.main-nav a", has_text=label).is_visible() is True
    assert page.locator("nav.top-actions button[value=en]").is_visible() is True
    # the role menu is the full-width band under the header, as before
    band = page.evaluate(
        "(() => { const r = document.querySelector('nav.main-nav').getBoundingClientRect();"
        " return [r.top, getComputedStyle(document.querySelector('nav.main-nav')).backgroundColor]; })()"
    )
    assert band[0] < FIRST_SCREEN_TOP
    assert band[1] == "rgb(140, 29, 24)"  # --red-dark
    assert scroll_width(page) <= DESKTOP["width"]
    page.click("nav.main-nav >> text=Chủ thể OCOP")
    page.wait_for_url("**/producers/")
    screenshot(page, "desktop-producers-menu")
    context.close()


def one_handed(page, name: str, first: str = "main h1") -> None:
    """The page starts within the first screen, never scrolls sideways, and its menu opens and closes."""
    assert page.locator(first).first.bounding_box()["y"] < FIRST_SCREEN_TOP, f"{name}: {first} starts too low"
    assert scroll_width(page) <= PHONE["width"], f"{name} scrolls sideways"
    screenshot(page, f"phone-{name}")
    menu_link = page.locator(".site-menu .menu-panel a").first
    assert menu_link.is_visible() is False
    page.locator(MENU_BUTTON).tap()
    assert menu_link.is_visible() is True
    assert scroll_width(page) <= PHONE["width"], f"{name} scrolls sideways with the menu open"
    screenshot(page, f"phone-{name}-menu-open")
    page.locator(MENU_BUTTON).tap()
    assert menu_link.is_visible() is False


def within_first_screen(page, selector: str) -> dict:
    box = page.locator(selector).bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], f"{selector} is below the first screen"
    assert box["height"] >= 44, f"{selector} is {box['height']} px high"
    return box


def test_booth_sales_entry_one_handed(phone):
    # The demo's fair of this year runs today; the producer chuthe has not entered today's sale yet.
    page = phone()
    log_in(page, "chuthe")
    page.locator(MENU_BUTTON).tap()
    page.locator("nav.main-nav a", has_text="Gian hàng của tôi").tap()
    page.wait_for_url("**/promotion/my-booths/")
    page.locator("main .card", has_text="đang diễn ra").locator("a.button", has_text="Nhập doanh thu").tap()
    page.wait_for_url("**/promotion/booths/*/")
    # The day (today), the amount (a number keypad) and the save button are all on the first screen
    one_handed(page, "booth-sales")
    assert page.locator("#id_day").input_value() == timezone.localdate().isoformat()
    amount = page.locator("#id_amount_vnd")
    assert amount.get_attribute("inputmode") == "numeric"
    within_first_screen(page, "#id_amount_vnd")
    within_first_screen(page, "#id_day")
    save = within_first_screen(page, "main form.entry button[type=submit]")
    assert save["width"] >= PHONE["width"] / 2
    amount.tap()
    amount.fill("1.500.000")  # not saved: the demo's "today's sale still to enter" stays for the others
    screenshot(page, "phone-booth-sales-typed")


def test_certificate_verification_one_handed(phone):
    page = phone()
    page.goto("/catalog/san-pham/")
    page.click("#results >> text=Trà hoa vàng Ba Chẽ")
    page.click("a.cat-verify-link")
    page.wait_for_url("**/v/*")
    assert "Giấy chứng nhận thật, còn hiệu lực" in page.locator(".verify-verdict").inner_text()
    one_handed(page, "verification", first=".verify-verdict")
    assert page.locator("main h1").bounding_box()["y"] < PHONE["height"] / 2


def test_stamp_scan_page_one_handed(phone):
    # A code whose signature does not match: the page a consumer sees for a copied or invented stamp
    # (a genuine scan is counted, and tests/browser/test_stamps.py counts them; it checks that page
    # at this size too).
    page = phone()
    page.goto("/s/1-12-0000000000")
    assert "Không phải tem thật" in page.locator(".verify-verdict").inner_text()
    one_handed(page, "stamp-not-genuine", first=".verify-verdict")


def test_producer_dashboard_one_handed(phone):
    page = phone()
    log_in(page, "chuthe")
    one_handed(page, "producer-dashboard")
    small = page.evaluate(
        """() => [...document.querySelectorAll('main a.button, main button')]
             .filter(e => e.offsetParent && e.getBoundingClientRect().height < 44).map(e => e.innerText)"""
    )
    assert small == []


def test_inquiry_reply_one_handed(phone):
    page = phone()
    log_in(page, "canbotinh")
    page.goto("/trade/inquiries/")
    page.click("main tbody a >> text=Kobe Pearl Trading")  # answered already: a reply changes no queue
    page.wait_for_url("**/trade/inquiries/*/")
    one_handed(page, "inquiry")
    jump = within_first_screen(page, "a.jump-to-action")  # the reply is one tap away, not below the thread
    assert jump["width"] >= PHONE["width"] / 2
    page.locator("a.jump-to-action").tap()
    reply = page.locator("#reply textarea")
    page.wait_for_function("document.querySelector('#reply').getBoundingClientRect().top < window.innerHeight")
    reply.fill("Văn phòng OCOP đã chuyển yêu cầu cho chủ thể (thử trên điện thoại).")
    send = page.locator("#reply button[type=submit]")
    assert send.bounding_box()["height"] >= 44
    screenshot(page, "phone-inquiry-reply")
    with page.expect_navigation():
        send.tap()
    assert "Văn phòng OCOP đã chuyển yêu cầu cho chủ thể (thử trên điện thoại)." in page.locator(".thread").inner_text()
    assert scroll_width(page) <= PHONE["width"]
