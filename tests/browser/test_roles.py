"""Each role's main job, walked end to end in a real browser (issue 17).

One walk per role, each at desktop (1280 px) and phone (390 px, touch) width, in Vietnamese and in
English: the producer answers a buyer, the commune checks and forwards a dossier, the province puts
it in the round and reads its programme, a council member scores, the chair closes the scoring, the
buyer finds a product ready for a market and asks for it, the booth staff enter today's sales, and a
visitor checks a certificate. Every step asserts what the person sees (the words, the counts, the
state after the action); every page of a walk fits the width (nothing scrolls sideways) and is
saved as a screenshot named role-step-size-language.png (OCOP_SCREENSHOTS chooses the folder).

The walks share the session's demo server; `fresh_demo` gives each one the demo as loaded, so a
walk that sends a reply or closes a scoring leaves nothing behind for the next.
"""

import re
from dataclasses import dataclass

import pytest
from django.utils import timezone

from ocop.demo.data import DEMO_PASSWORD
from tests.browser_fixtures import screenshot

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# The demo products of the walks, as each language names them.
TEA = ("Trà hoa vàng Ba Chẽ", "Ba Che golden camellia tea")
WINE = ("Rượu ba kích Ba Chẽ", "Ba Che morinda root wine")
SQUID = ("Mực ống Cô Tô", "Co To squid")
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)


@dataclass
class Walk:
    page: object
    size: str
    language: str
    base_url: str

    def say(self, vietnamese: str, english: str) -> str:
        return vietnamese if self.language == "vi" else english

    @property
    def phone(self) -> bool:
        return self.size == "phone"

    def log_in(self, username: str) -> None:
        self.page.context.clear_cookies()
        self.page.context.add_cookies([{"name": "django_language", "value": self.language, "url": self.base_url}])
        self.page.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url("**/dashboard/")
        assert self.page.locator("html").get_attribute("lang") == self.language

    def menu(self, label: str) -> None:
        """Follow a link of the role menu: on a phone, the menu folds behind its button first."""
        if self.phone:
            self.page.locator("summary.menu-button").tap()
        link = self.page.locator("nav.main-nav a", has_text=label).first
        with self.page.expect_navigation():
            link.tap() if self.phone else link.click()

    def press(self, target) -> None:
        """Tap (phone) or click (desktop) what submits a form or leaves the page (a selector or a
        locator), and wait for the next page."""
        if isinstance(target, str):
            target = self.page.locator(target).first
        with self.page.expect_navigation():
            target.tap() if self.phone else target.click()

    def main(self) -> str:
        return self.page.locator("main").inner_text()

    def heading(self) -> str:
        return self.page.locator("main h1").first.inner_text()

    def message(self) -> str:
        return self.page.locator(".messages").inner_text()

    def queue(self, name: str) -> int:
        """The count of one work queue on the dashboard (data-queue="inquiries-unanswered")."""
        return int(self.page.locator(f"[data-queue={name}] .queue-count").inner_text())

    def shot(self, role: str, step: str) -> None:
        width = SIZES[self.size]["width"]
        scroll = self.page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll <= width, f"{role} {step}: the page is {scroll} px wide at {width} px"
        screenshot(self.page, f"{role}-{step}-{self.size}-{self.language}")


@pytest.fixture(
    params=[(size, language) for size in SIZES for language in ("vi", "en")],
    ids=lambda value: "-".join(value),
)
def walk(request, browser, fresh_demo):
    size, language = request.param
    options = {"viewport": SIZES[size]}
    if size == "phone":
        options.update(is_mobile=True, has_touch=True, user_agent=IPHONE)
    context = browser.new_context(base_url=fresh_demo, locale="vi-VN", **options)
    context.add_cookies([{"name": "django_language", "value": language, "url": fresh_demo}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Walk(page=page, size=size, language=language, base_url=fresh_demo)
    context.close()


# --- steps more than one walk takes ---------------------------------------------------------------


def forward_the_wine_dossier(walk: Walk, *, shots: bool) -> None:
    """The commune officer of Ba Chẽ accepts Rượu ba kích Ba Chẽ, pre-evaluates it and forwards it."""
    walk.log_in("canboxa")
    assert walk.queue("dossiers-to-check") == 1
    walk.press("[data-queue=dossiers-to-check] a")
    assert walk.heading() == walk.say("Hồ sơ chờ xã kiểm tra", "Dossiers waiting for the commune's check")
    walk.press(walk.page.locator("#queue-rows a", has_text=walk.say(*WINE)))
    status = walk.page.locator("#dossier-status")
    assert status.inner_text() == walk.say("Đã nộp, chờ xã kiểm tra", "Submitted, awaiting the commune's check")
    if shots:
        walk.shot("commune", "1-dossier")
    walk.press("#accept-dossier")
    assert walk.message() == walk.say("Đã tiếp nhận hồ sơ.", "Dossier accepted.")
    assert status.inner_text() == walk.say("Xã đã tiếp nhận", "Accepted by the commune")
    # The four local criteria: the second option of each (1 + 1 + 1 + 1 or 3 points)
    criteria = walk.page.locator("#commune-form fieldset.criterion")
    assert criteria.count() == 4
    for index in range(4):
        criteria.nth(index).locator("input[type=radio]").nth(1).check()
    walk.page.fill("#id_commune_comment", walk.say("Nguyên liệu của xã.", "Local ingredients."))
    if shots:
        walk.shot("commune", "2-pre-evaluation")
    walk.press("#save-commune")
    assert walk.message() == walk.say("Đã ghi kết quả đánh giá sơ bộ.", "Pre-evaluation recorded.")
    assert walk.page.locator("#commune-total").inner_text() == "8"
    walk.press("#forward-dossier")
    assert walk.heading() == walk.say("Chuyển hồ sơ lên tỉnh?", "Forward the dossier to the province?")
    assert "8" in walk.page.locator("#confirmation dl").inner_text()
    if shots:
        walk.shot("commune", "3-confirm-forward")
    walk.press("#confirm-action")
    assert walk.message() == walk.say("Đã chuyển hồ sơ lên tỉnh.", "Dossier forwarded to the province.")
    assert status.inner_text() == walk.say("Đã chuyển lên tỉnh", "Forwarded to the province")


def score_the_squid_as_the_last_member(walk: Walk, *, shots: bool) -> None:
    """hoidong3 owes the sheet of Mực ống Cô Tô: the best option below ★5 on every criterion (86)."""
    walk.log_in("hoidong3")
    assert walk.queue("sheets-to-score") == 1
    walk.press("[data-queue=sheets-to-score] a")
    assert walk.heading() == walk.say("Phiếu chấm chờ bạn chấm", "Score sheets waiting for you")
    walk.press(walk.page.locator("#queue-rows a", has_text=walk.say(*SQUID)))
    assert walk.say(*SQUID) in walk.heading()
    values = walk.page.evaluate(
        """() => [...document.querySelectorAll('#sheet-form fieldset.criterion')].map(fieldset => {
             const options = [...fieldset.querySelectorAll('input[type=radio]')].filter(radio =>
               radio.value !== 'none' && !(radio.closest('label').querySelector('.mark') || {}).textContent?.includes('5'));
             return options.length ? options[options.length - 1].value : null; }).filter(Boolean)"""
    )
    assert len(values) == 31
    for value in values:
        walk.page.check(f"#sheet-form input[type=radio][value='{value}']")
    walk.page.wait_for_function("document.querySelector('#sheet-result').innerText.includes('86')")
    if shots:
        walk.shot("council-member", "1-sheet-filled")
    walk.press("#submit-sheet")
    assert walk.message() == walk.say("Đã nộp phiếu chấm.", "Score sheet submitted.")
    assert walk.page.locator("#sheet-status").inner_text() == walk.say("Đã nộp", "Submitted")
    assert "86" in walk.page.locator("main > p", has=walk.page.locator("#sheet-status")).inner_text()


# --- the walks -----------------------------------------------------------------------------------


def test_producer_follows_the_dossier_and_answers_the_buyer(walk):
    walk.log_in("chuthe")
    dossier = walk.page.locator("[data-dossier]", has_text=walk.say(*TEA))
    assert dossier.locator(".status").inner_text() == walk.say("Đã có quyết định", "Decided")
    assert walk.say("Bước tiếp theo:", "Next step:") in dossier.inner_text()
    assert walk.say("Xem kết quả và giấy chứng nhận.", "See the result and the certificate.") in dossier.inner_text()
    assert walk.queue("inquiries-unanswered") == 1
    walk.shot("producer", "1-dashboard")

    walk.press("[data-queue=inquiries-unanswered] a")
    assert walk.heading() == walk.say("Yêu cầu của người mua chưa trả lời", "Buyers' inquiries not answered")
    walk.press("#queue-rows a >> text=Công ty TNHH Phân phối Viêng Chăn")
    assert walk.page.locator("main h1 .badge").first.inner_text() == walk.say("Mới", "New")
    assert walk.page.locator(".thread li").count() == 1
    reply = walk.say("Xin gửi báo giá DAP Cầu Treo trong tuần này.", "Our DAP Cau Treo quote follows this week.")
    if walk.phone:  # the reply is one tap away, not below the thread
        walk.page.locator("a.jump-to-action").tap()
    walk.page.fill("#reply textarea", reply)
    walk.shot("producer", "2-inquiry-reply")
    walk.press("#reply button[type=submit]")
    assert walk.page.locator(".thread li").count() == 2
    assert reply in walk.page.locator(".thread li").last.inner_text()
    assert walk.page.locator("main h1 .badge").first.inner_text() == walk.say("Đã trả lời", "Answered")
    walk.shot("producer", "3-inquiry-answered")

    walk.menu(walk.say("Bảng điều khiển", "Dashboard"))
    assert walk.queue("inquiries-unanswered") == 0


def test_commune_officer_checks_and_forwards_a_dossier(walk):
    forward_the_wine_dossier(walk, shots=True)
    walk.shot("commune", "4-forwarded")
    walk.menu(walk.say("Bảng điều khiển", "Dashboard"))
    assert walk.queue("dossiers-to-check") == 0


def test_provincial_officer_assigns_the_dossier_and_reads_the_programme(walk):
    forward_the_wine_dossier(walk, shots=False)
    walk.log_in("canbotinh")
    assert walk.queue("dossiers-to-assign") == 1
    walk.shot("province", "1-dashboard")
    walk.menu(walk.say("Đợt đánh giá", "Evaluation rounds"))
    walk.press("#round-list tbody a")
    choice = walk.page.locator("#id_dossier option", has_text=walk.say(*WINE))
    walk.page.select_option("#id_dossier", value=choice.get_attribute("value"))
    walk.shot("province", "2-round")
    walk.press("#assign-dossier")
    row = walk.page.locator("#progress tbody tr", has_text=walk.say(*WINE))
    assert walk.say("Hội đồng đang chấm", "Being scored by the council") in row.inner_text()
    assert "0 / 3" in row.inner_text()
    walk.shot("province", "3-assigned")

    walk.menu(walk.say("Giấy chứng nhận", "Certificates"))
    walk.page.fill("#id_q", "tra hoa vang ba che")
    walk.press("form.cert-filters button[type=submit]")
    row = walk.page.locator("main tbody tr", has_text=walk.say(*TEA))
    assert row.count() == 1
    assert walk.say("Còn hiệu lực", "Valid") in row.inner_text()
    walk.press(row.locator("a").first)
    assert "22-6970-0001-2026" in walk.main()
    walk.shot("province", "4-certificate")

    walk.menu(walk.say("Chương trình OCOP", "OCOP programme"))
    figure = walk.page.locator(".pg-figure[href*=certified_products_3plus]")
    assert figure.locator(".pg-value").inner_text() == "10"  # the demo's products rated ★3+ today
    assert figure.locator(".pg-parts").inner_text().split() == ["★3", "2", "★4", "5", "★5", "3"]
    walk.shot("province", "5-programme")
    walk.menu(walk.say("Bảng điều khiển", "Dashboard"))
    assert walk.queue("dossiers-to-assign") == 0


def test_council_member_scores_and_submits_the_sheet(walk):
    score_the_squid_as_the_last_member(walk, shots=True)
    walk.shot("council-member", "2-submitted")
    walk.menu(walk.say("Bảng điều khiển", "Dashboard"))
    assert walk.queue("sheets-to-score") == 0


def test_council_chair_sees_the_results_and_closes_the_scoring(walk):
    score_the_squid_as_the_last_member(walk, shots=False)
    walk.log_in("hoidong")
    walk.menu(walk.say("Hồ sơ được giao chấm", "My assignments"))
    row = walk.page.locator("main tbody tr", has_text=walk.say(*SQUID))
    assert walk.say("Hội đồng đang chấm", "Being scored by the council") in row.inner_text()
    walk.shot("chair", "1-assignments")
    walk.press(row.locator("a", has_text=walk.say(*SQUID)))
    walk.press(walk.page.locator("main a.button", has_text=walk.say("Chốt điểm", "Close scoring")))
    totals = walk.page.locator("#member-totals tbody tr")
    assert totals.count() == 3
    assert [totals.nth(i).locator("td").last.inner_text() for i in range(3)] == ["86", "86", "86"]
    assert walk.page.locator("#preview-total").inner_text() == "86"
    walk.shot("chair", "2-results")
    walk.press("#close-dossier")
    assert walk.heading() == walk.say("Chốt điểm sản phẩm?", "Close the product's scoring?")
    walk.shot("chair", "3-confirm-close")
    walk.press("#confirm-action")
    assert walk.page.locator("#dossier-status").inner_text() == walk.say(
        "Hội đồng đã chốt điểm", "Scoring closed by the council"
    )
    walk.shot("chair", "4-closed")


def test_buyer_finds_a_product_ready_for_a_market_and_asks_for_it(walk):
    walk.log_in("nguoimua")
    walk.press(walk.page.locator("main a", has_text=walk.say("Xem mức sẵn sàng", "See readiness")))
    assert walk.heading() == walk.say("Mức sẵn sàng xuất khẩu", "Export readiness")
    row = walk.page.locator("main tbody tr", has_text=walk.say(*TEA))
    assert row.locator("td").nth(2).inner_text().split() == ["✓", "100%", "5/5"]  # Laos, the second market
    walk.shot("buyer", "1-readiness")

    walk.page.goto("/catalog/san-pham/")
    walk.page.fill("#id_q", "tra hoa vang")
    walk.page.wait_for_function("document.querySelectorAll('#results a[href*=\"tra-hoa-vang\"]').length >= 2")
    walk.shot("buyer", "2-search")
    walk.press(walk.page.locator("#results a", has_text=walk.say(*TEA)).first)
    readiness = walk.main()
    assert walk.say("Lào: ✓ sẵn sàng", "Laos: ✓ ready") in readiness
    assert (
        walk.say("Nhật Bản: chưa sẵn sàng: đáp ứng 4/7 yêu cầu", "Japan: not ready: 4 of 7 requirements met")
        in readiness
    )
    walk.shot("buyer", "3-product")

    walk.press("a[href^='/trade/inquiries/new/']")
    assert walk.heading() == walk.say("Gửi yêu cầu mua hàng", "Send a purchase inquiry")
    walk.page.fill("#id_company", "Mekong Import Co. (demo)")
    walk.page.fill("#id_country", walk.say("Lào", "Laos"))
    walk.page.fill("#id_quantity", walk.say("300 hộp mỗi tháng", "300 boxes a month"))
    walk.page.select_option("#id_target_market", label=walk.say("Lào", "Laos"))
    walk.page.select_option("#id_incoterm", "DAP")
    walk.page.fill("#id_message", walk.say("Xin báo giá DAP Viêng Chăn.", "Please quote DAP Vientiane."))
    walk.shot("buyer", "4-inquiry")
    walk.press("main form button[type=submit]")
    assert walk.heading() == walk.say("Đã gửi yêu cầu", "Inquiry sent")
    walk.shot("buyer", "5-sent")
    walk.menu(walk.say("Yêu cầu của người mua", "Buyer inquiries"))
    row = walk.page.locator("main tbody tr", has_text="Mekong Import Co. (demo)")
    assert walk.say("Mới", "New") in row.inner_text()
    assert walk.say("Lào · DAP", "Laos · DAP") in row.inner_text()
    walk.shot("buyer", "6-inquiries")


def test_booth_staff_enter_todays_sales(walk):
    walk.log_in("chuthe")
    assert walk.queue("booth-sales-today") == 1
    walk.menu(walk.say("Gian hàng của tôi", "My booths"))
    running = walk.page.locator("main .card", has_text=walk.say("đang diễn ra", "in progress"))
    walk.press(running.locator("a.button", has_text=walk.say("Nhập doanh thu", "Enter sales")))
    today = timezone.localdate()
    assert walk.page.locator("#id_day").input_value() == today.isoformat()
    walk.page.fill("#id_amount_vnd", "1.500.000")
    walk.shot("booth", "1-entry")
    walk.press("main form.entry button[type=submit]")
    day = today.strftime("%d/%m/%Y")
    amount = walk.say("1.500.000 ₫", "1,500,000 ₫")  # each language's number format
    assert walk.message() == walk.say(f"Đã lưu doanh thu ngày {day}: {amount}.", f"Sales of {day} saved: {amount}.")
    assert amount in walk.page.locator("main table tr", has_text=day).inner_text()
    walk.shot("booth", "2-saved")
    walk.menu(walk.say("Bảng điều khiển", "Dashboard"))
    assert walk.queue("booth-sales-today") == 0


def test_visitor_verifies_a_certificate_by_its_address(walk):
    walk.page.goto("/catalog/san-pham/?q=tra hoa vang ba che")
    walk.press(walk.page.locator("#results a", has_text=walk.say(*TEA)).first)
    address = walk.page.locator("a.cat-verify-link").get_attribute("href")
    assert re.fullmatch(r"/v/[\w-]+(\?lang=en)?", address)
    walk.page.goto(address)
    verdict = walk.page.locator(".verify-verdict").inner_text()
    assert walk.say("Giấy chứng nhận thật, còn hiệu lực", "Genuine certificate, in force") in verdict
    assert walk.say(*TEA) in walk.main()
    assert "22-6970-0001-2026" in walk.main()
    walk.shot("visitor", "1-verified")
