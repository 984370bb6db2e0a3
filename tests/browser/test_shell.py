"""What a new user sees in a real browser: language, login, role menu, search as one types."""

from urllib.parse import urlparse

import pytest

from ocop.demo.data import DEMO_PASSWORD
from tests.browser_fixtures import screenshot

pytestmark = pytest.mark.browser


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")


def test_home_in_vietnamese_then_english_with_nothing_from_outside(page, demo_server):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Sản phẩm OCOP Quảng Ninh"
    screenshot(page, "home-vi")
    page.click("button[value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "OCOP products of Quảng Ninh"
    screenshot(page, "home-en")
    hosts = {urlparse(url).netloc for url in page.requested if not url.startswith("data:")}
    assert hosts == {urlparse(demo_server).netloc}


def test_officer_logs_in_sees_the_role_menu_and_searches_as_they_type(page):
    log_in(page, "canbotinh")
    assert "Cán bộ tỉnh (Văn phòng OCOP)" in page.locator("main").inner_text()
    screenshot(page, "dashboard-provincial-officer")
    page.click("nav.main-nav >> text=Chủ thể OCOP")
    page.wait_for_url("**/producers/")
    assert page.locator("#producer-rows tbody tr").count() == 12
    page.fill("#q", "cha muc")
    page.wait_for_function("document.querySelectorAll('#producer-rows tbody tr').length === 1")
    assert "Công ty TNHH Chả mực Hạ Long" in page.locator("#producer-rows").inner_text()
    screenshot(page, "producers-search")


def test_producer_edits_own_organisation_and_sees_it_in_the_history(page):
    log_in(page, "chuthe")
    page.click("nav.main-nav >> text=Tổ chức của tôi")
    page.click("text=Sửa thông tin")
    page.fill("#id_phone", "0203 3999 888")
    page.click("main button[type=submit]")
    assert "Đã lưu thông tin chủ thể." in page.locator(".messages").inner_text()
    page.click("text=Lịch sử thay đổi")
    assert "0203 3999 888" in page.locator("main").inner_text()
    screenshot(page, "producer-history")


def test_wrong_password_is_explained(page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "canbotinh")
    page.fill("#id_password", "sai")
    page.click("main button[type=submit]")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.locator("[role=alert]").inner_text()


def test_fits_a_phone_screen(browser, demo_server):
    context = browser.new_context(base_url=demo_server, viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    for url in ("/", "/accounts/login/"):
        phone.goto(url)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px on a phone"
    screenshot(phone, "home-phone")
    context.close()
