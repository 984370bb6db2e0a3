"""On a phone (390 × 844): a stamp's public scan page (first check, then "checked 2 times"), the
producer's run page and the office's scan dashboard, on the demo data; nothing wider than the screen.
Screenshots in /tmp/shots-scans/ (and var/screenshots/)."""

import csv
import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ocop.demo.data import DEMO_PASSWORD
from tests.browser_fixtures import screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)
SHOTS = Path("/tmp/shots-scans")  # noqa: S108 - where the brief asks for them, besides var/screenshots


@pytest.fixture
def phone(browser, demo_server):
    """A new phone-sized context for each call: phone() → a page."""
    contexts = []

    def open_page():
        context = browser.new_context(
            base_url=demo_server, locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True, user_agent=IPHONE
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    screenshot(page, f"stamps-{name}")


def overflow(page) -> list[str]:
    """What sticks out to the right of the screen: the page's width, and each element wider than it."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          if (document.documentElement.scrollWidth > width) out.push(`page ${document.documentElement.scrollWidth} > ${width}`);
          for (const el of document.querySelectorAll('main *')) {
            if (el.closest('.table-scroll')) continue;
            const box = el.getBoundingClientRect();
            if (box.right > width + 1) out.push(`${el.tagName.toLowerCase()}.${el.className} right ${Math.round(box.right)}`);
          }
          return out.slice(0, 10);
        }"""
    )


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")


def test_scan_pages_run_page_and_dashboard_on_a_phone(phone):
    producer = phone()
    log_in(producer, "chuthe")  # the demo run is of its Trà hoa vàng Ba Chẽ
    producer.goto("/stamps/")
    producer.click("main tr:has-text('DEMO-2026-01') a")
    producer.wait_for_load_state()
    run_path = urlsplit(producer.url).path
    text = producer.locator("main").inner_text()
    assert "lô DEMO-2026-01" in text
    assert "Tỷ lệ lần quét đầu" in text
    assert overflow(producer) == []
    shot(producer, "producer-run")

    serials = producer.request.get(f"{run_path}serials.csv").text()
    rows = list(csv.reader(io.StringIO(serials)))
    row = next(r for r in rows[1:] if r[0].endswith("-10"))
    qr = urlsplit(next(cell for cell in row if cell.startswith("http")))
    stamp = f"{qr.path}?{qr.query}" if qr.query else qr.path

    visitor = phone()
    visitor.goto(stamp)
    text = visitor.locator("main").inner_text()
    assert "Tem do hệ thống OCOP cấp, lần kiểm tra đầu tiên" in text
    assert "DEMO-2026-01" in text
    assert overflow(visitor) == []
    shot(visitor, "scan-first")
    visitor.goto(stamp)
    text = visitor.locator("main").inner_text()
    assert "Tem đã được kiểm tra 2 lần, lần đầu ngày" in text
    assert "có thể đã bị sao chép" not in text
    assert overflow(visitor) == []
    shot(visitor, "scan-second")

    office = phone()
    log_in(office, "canbotinh")
    office.goto("/stamps/")
    office.click("main >> text=Lượt quét và cảnh báo")
    office.wait_for_url("**/stamps/scans/")
    main = office.locator("main")
    text = main.inner_text()
    assert "Lượt quét và cảnh báo tem" in text
    figures = office.locator(".st-figure .st-value").all_inner_texts()
    assert figures[:2] == ["7", "5"]  # the demo's 5 scans (4 first scans) and the two above (1 first)
    suspects = office.locator("#suspects tbody tr").all_inner_texts()
    assert len(suspects) == 1
    assert "Quảng Ninh, TP Hồ Chí Minh" in suspects[0]
    assert "Cửa hàng đặc sản ở TP Hồ Chí Minh (minh hoạ)" in text
    assert overflow(office) == []
    shot(office, "office-dashboard")
    office.click("#reports button[type=submit]")
    office.wait_for_load_state()
    assert "Đã đánh dấu báo cáo là đã xử lý." in office.locator("main").inner_text()
    assert office.locator("#reports .st-handled").count() == 1
    shot(office, "office-dashboard-handled")
    office.click("#suspects tbody a")
    office.wait_for_url("**/stamps/scans/log/**")
    assert office.locator("main tbody tr").count() == 2
    assert overflow(office) == []
    shot(office, "office-scan-log")
