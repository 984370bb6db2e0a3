"""The whole evaluation flow in Debian's Chromium, on the demo server: ends in a decided ★4 product."""

import re

import pytest
from django.utils import timezone

from ocop.demo.data import DEMO_PASSWORD
from tests.browser_fixtures import screenshot
from tests.criteria.conftest import parsed_sheets
from tests.evaluations.conftest import LOCAL_ANSWERS, PDF, star4_answers

pytestmark = pytest.mark.browser


def session(browser, demo_server, username):
    context = browser.new_context(base_url=demo_server, locale="vi-VN")
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")
    return context, page


def tick(page, answers):
    for code, option in answers.items():
        page.check(f"input[name='c-{code}'][value='{option}']")


def test_dossier_to_decision_in_the_browser(browser, demo_server, tmp_path):
    sheet = parsed_sheets()[12]
    answers = star4_answers(sheet)

    # The producer opens an upgrade dossier for Trà hoa vàng Ba Chẽ, self-assesses and uploads what is missing.
    context, page = session(browser, demo_server, "chuthe")
    page.goto("/evaluations/")
    page.select_option(
        "#id_product", page.locator("#id_product option", has_text="Trà hoa vàng Ba Chẽ").get_attribute("value")
    )
    page.select_option("#id_kind", "upgrade")
    page.click("#create-dossier")
    page.wait_for_url(re.compile(r".*/evaluations/dossiers/\d+/$"))
    dossier_url = page.url
    dossier_id = int(re.search(r"/dossiers/(\d+)/", dossier_url).group(1))
    page.click("a:has-text('Tự đánh giá theo phiếu chấm')")
    tick(page, answers)
    page.wait_for_function("document.querySelector('#total').textContent.trim() === '81'")
    screenshot(page, "evaluation-self-assessment")
    page.click("#save-sheet")
    page.wait_for_url(dossier_url)
    missing = page.locator("#missing-evidence").inner_text()
    assert "Hợp đồng liên kết" in missing
    assert "Hồ sơ, thủ tục về môi trường" in missing
    evidence = tmp_path / "minh-chung.pdf"
    evidence.write_bytes(PDF)
    for kind in ("contract", "environment"):
        page.select_option("#id_kind", kind)
        page.set_input_files("#id_file", str(evidence))
        page.click("#upload-evidence")
        page.wait_for_load_state()
    assert page.locator("#missing-evidence").count() == 0
    page.click("#submit-dossier")
    page.click("#confirm-action")  # the confirmation step
    assert page.locator("#dossier-status").inner_text() == "Đã nộp, chờ xã kiểm tra"
    context.close()

    # The commune accepts, pre-evaluates the four local criteria and forwards.
    context, page = session(browser, demo_server, "canboxa")
    page.goto(dossier_url)
    page.click("#accept-dossier")
    tick(page, LOCAL_ANSWERS)
    page.click("#save-commune")
    assert page.locator("#commune-total").inner_text() == "17"
    page.click("#forward-dossier")
    page.click("#confirm-action")  # the confirmation step
    assert page.locator("#dossier-status").inner_text() == "Đã chuyển lên tỉnh"
    context.close()

    # The province assigns it to the round's council.
    context, page = session(browser, demo_server, "canbotinh")
    page.goto("/evaluations/rounds/")
    page.click(f"#round-list a:has-text('Đợt 1 năm {timezone.localdate().year}')")  # the demo's round: this year's
    page.select_option("#id_dossier", str(dossier_id))
    page.click("#assign-dossier")
    assert "Đã phân công chấm" in page.locator(".messages").inner_text()
    round_url = page.url
    context.close()

    # Three members score independently.
    for username, changes in (("hoidong", {}), ("hoidong2", {"4.2": "4.2-3"}), ("hoidong3", {"5.1": "5.1-6"})):
        context, page = session(browser, demo_server, username)
        page.goto(f"/evaluations/dossiers/{dossier_id}/score/")
        tick(page, star4_answers(sheet, **changes))
        page.click("#submit-sheet")
        assert page.locator("#sheet-status").inner_text() == "Đã nộp"
        context.close()

    # The chair closes; the secretary records the decision.
    context, page = session(browser, demo_server, "hoidong")
    page.goto(f"/evaluations/dossiers/{dossier_id}/close/")
    assert (
        page.locator("#preview-total").inner_text() == "81,33" or page.locator("#preview-total").inner_text() == "81.33"
    )
    page.click("#close-dossier")
    page.click("#confirm-action")  # the confirmation step
    assert page.locator("#dossier-status").inner_text() == "Hội đồng đã chốt điểm"
    context.close()
    context, page = session(browser, demo_server, "thuky")
    page.goto(f"/evaluations/dossiers/{dossier_id}/decision/")
    page.fill("#id_number", "2468/QĐ-UBND")
    page.fill("#id_signer_name", "Nguyễn Văn A")
    page.fill("#id_signer_title", "Phó Chủ tịch UBND tỉnh")
    page.click("#record-decision")
    page.click("#confirm-action")  # the confirmation step
    assert page.locator("#dossier-status").inner_text() == "Đã có quyết định"
    context.close()

    # The producer sees the stars, the result per criterion, the advice and the history.
    context, page = session(browser, demo_server, "chuthe")
    page.goto(dossier_url)
    assert page.locator("#decision-stars").inner_text() == "★★★★☆"
    assert "2468/QĐ-UBND" in page.locator("#decision").inner_text()
    assert page.locator("#advice li").first.inner_text().startswith("Để đạt 5 sao")
    timeline = page.locator("#timeline")
    assert "thuky: Ghi quyết định công nhận → Đã có quyết định" in timeline.inner_text()  # words, not "dossier.decide"
    assert "dossier.decide" not in timeline.inner_text()
    screenshot(page, "evaluation-decided")
    page.goto("/evaluations/notifications/")
    assert "4 sao" in page.locator("#notification-list").inner_text()
    context.close()
    assert round_url
