"""The public catalogue in a real browser (Debian's Chromium) on the demo server.

Search without diacritics as one types, filter, open a product, switch language on the same page,
follow the certificate verification link; screenshots of every page on desktop and phone widths.
"""

from urllib.parse import urlparse

import pytest

from tests.browser_fixtures import screenshot

pytestmark = pytest.mark.browser


def _results(browser_page) -> str:
    return browser_page.locator("#results").inner_text()


def test_search_filter_open_switch_language_and_verify(page, demo_server):
    page.goto("/catalog/san-pham/")
    page.locator("#id_q").press_sequentially("tra hoa vang", delay=30)
    page.wait_for_function("document.querySelector('#results').innerText.includes('“tra hoa vang”')")
    assert "Trà hoa vàng Ba Chẽ" in _results(page)
    assert "Chả mực Hạ Long" not in _results(page)
    assert page.url.endswith("/catalog/san-pham/?q=tra+hoa+vang&sort=relevance") or page.url.endswith(
        "/catalog/san-pham/?q=tra+hoa+vang"
    )  # the address follows the search (back button, sharing)
    screenshot(page, "catalog-search-vi")

    page.fill("#id_q", "")
    page.select_option("#id_group", label="Đồ uống")
    page.wait_for_url(lambda url: "group=" in url and "q=" not in url)
    page.wait_for_function("!document.querySelector('#results').innerText.includes('Chả mực Hạ Long')")
    assert "Nước khoáng Quang Hanh" in _results(page)

    page.click("#results >> text=Nước khoáng Quang Hanh")
    page.wait_for_url("**/catalog/san-pham/*-nuoc-khoang-quang-hanh/")
    product_path = urlparse(page.url).path
    assert page.locator("h1").inner_text() == "Nước khoáng Quang Hanh"
    screenshot(page, "catalog-product-vi")

    page.click("button[value=en]")
    page.wait_for_load_state()
    assert urlparse(page.url).path == product_path  # the switch keeps the page
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Quang Hanh mineral water"
    screenshot(page, "catalog-product-en")

    verify = page.locator("a.cat-verify-link")
    if verify.count():  # the demo has certificates once the certificates demo is loaded
        verify.click()
        page.wait_for_load_state()
        assert urlparse(page.url).path.startswith("/v/")
        assert "Genuine" in page.locator("main").inner_text()
        assert "Quang Hanh mineral water" in page.locator("main").inner_text()
        screenshot(page, "catalog-verification-en")

    hosts = {urlparse(url).netloc for url in page.requested if not url.startswith("data:")}
    assert hosts == {urlparse(demo_server).netloc}  # nothing loaded from the internet


@pytest.mark.parametrize("width,height,label", [(1280, 900, "desktop"), (390, 844, "phone")])
def test_screenshots(browser, demo_server, width, height, label):
    context = browser.new_context(base_url=demo_server, viewport={"width": width, "height": height})
    shot = context.new_page()
    try:
        for language in ("vi", "en"):
            context.add_cookies([{"name": "django_language", "value": language, "url": demo_server}])
            shot.goto("/catalog/san-pham/?q=tra+hoa+vang")
            screenshot(shot, f"catalog-list-{label}-{language}")
            shot.goto("/catalog/")
            screenshot(shot, f"catalog-home-{label}-{language}")
            shot.locator(".cat-card-link").first.click()
            shot.wait_for_load_state()
            assert shot.locator("h1").count() == 1
            screenshot(shot, f"catalog-product-{label}-{language}")
            shot.locator("dl.facts a").first.click()
            shot.wait_for_load_state()
            assert "/catalog/chu-the/" in shot.url
            screenshot(shot, f"catalog-producer-{label}-{language}")
    finally:
        context.close()
