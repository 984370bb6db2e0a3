"""In the browser: a certificate that contradicts the recorded decision is refused, naming the decision."""

import pytest

from ocop.demo.data import DEMO_PASSWORD
from tests.browser_fixtures import screenshot

pytestmark = pytest.mark.browser


def test_manual_issue_contradicting_the_decision_is_refused_in_the_page(page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "canbotinh")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")
    page.goto("/certificates/new/")
    # The demo's Gạo nếp cái hoa vàng Đông Triều was rated ★2, not recognised (decision 1877/QĐ-UBND).
    option = page.locator("#id_product option", has_text="Gạo nếp cái hoa vàng Đông Triều")
    page.select_option("#id_product", value=option.get_attribute("value"))
    page.select_option("#id_stars", value="4")
    page.fill("#id_decision_number", "1877/QĐ-UBND")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "Trái với quyết định số 1877/QĐ-UBND ngày" in text
    assert "sản phẩm được xếp hạng 2 sao và không được công nhận là sản phẩm OCOP" in text
    assert "không cấp giấy chứng nhận 4 sao" in text
    screenshot(page, "certificate-issue-refused")
    page.goto("/certificates/?q=gao nep")
    assert "Không có giấy chứng nhận nào khớp." in page.locator("main").inner_text()


def test_a_historical_record_is_marked_on_the_register_and_the_public_page(page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "canbotinh")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")
    page.goto("/certificates/?q=mien dong")
    row = page.locator("main table tbody tr").first
    assert "Hồ sơ lịch sử" in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_load_state()
    assert "bản quét quyết định" in page.locator("main").inner_text()
    page.click("text=Trang xác thực công khai")
    page.wait_for_load_state()
    assert "Hồ sơ lịch sử" in page.locator("main").inner_text()
    screenshot(page, "certificate-historical-public")
