"""The confirmation step of the consequential evaluation actions (core.confirm), as a browser without JavaScript
walks it with CSRF checks on: GET says what will happen, a POST without the confirm field changes nothing and
shows the step again, the confirmed POST acts. Also: an incomplete score sheet lists every missing criterion."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.evaluations import services
from ocop.evaluations.models import Decision, Dossier, ScoreSheet
from tests.confirm_helpers import confirm, consequences, csrf_client, post, step_of
from tests.criteria.helpers import answers_by_points
from tests.evaluations.conftest import LOCAL_ANSWERS, pdf, star4_answers
from tests.evaluations.test_services import EVIDENCE_KINDS, forwarded_dossier, scored_dossier, state, submitted_dossier

pytestmark = pytest.mark.django_db


def ready_dossier(people, tea, sheet) -> Dossier:
    """A draft with its self-assessment and every piece of evidence: ready to submit."""
    producer = people["producer"]
    dossier = services.dossier_create(actor=producer, product=tea)
    services.self_assessment_save(actor=producer, dossier=dossier, answers=star4_answers(sheet))
    for kind in EVIDENCE_KINDS:
        services.evidence_add(actor=producer, dossier=dossier, upload=pdf(f"{kind}.pdf"), kind=kind)
    return dossier


def test_submitting_a_dossier_shows_what_happens_and_acts_only_when_confirmed(people, tea, sheet):
    dossier = ready_dossier(people, tea, sheet)
    client = csrf_client(people["producer"])
    url = reverse("evaluations:dossier_action", args=[dossier.pk, "submit"])
    dossier_url = reverse("evaluations:dossier", args=[dossier.pk])
    # Given the dossier page's button: a GET of the action shows the step.
    page = client.get(url)
    assert page.status_code == 200
    said = consequences(page)
    assert f"cán bộ OCOP của {tea.producer.commune.name}" in said
    assert "không sửa được phiếu tự đánh giá" in said
    assert "Lần nộp thứ 1" in said
    before = state(dossier)
    # A POST without the confirm field (the dossier page's form) changes nothing and shows the step again.
    again = post(client, url, {}, csrf_from=dossier_url)
    assert again.status_code == 200
    assert step_of(again) == (url, {"confirm": "yes"})
    assert state(dossier) == before
    # The confirm button submits.
    done = confirm(client, again)
    assert done.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == "submitted"


def test_the_submit_step_warns_of_missing_evidence_and_the_confirmed_refusal_changes_nothing(people, tea, sheet):
    producer = people["producer"]
    dossier = services.dossier_create(actor=producer, product=tea)
    services.self_assessment_save(actor=producer, dossier=dossier, answers=star4_answers(sheet))
    client = csrf_client(producer)
    page = client.get(reverse("evaluations:dossier_action", args=[dossier.pk, "submit"]))
    assert "Còn thiếu minh chứng" in page.content.decode().split('id="confirm-warnings"')[1]
    before = state(dossier)
    refused = confirm(client, page)
    assert refused.status_code == 302
    assert state(dossier) == before


def test_who_may_not_submit_gets_no_step(people, tea, sheet):
    dossier = ready_dossier(people, tea, sheet)
    client = csrf_client(people["commune_officer"])
    assert client.get(reverse("evaluations:dossier_action", args=[dossier.pk, "submit"])).status_code == 403


def test_returning_keeps_the_reason_typed_and_returns_only_when_confirmed(people, tea, sheet):
    dossier = submitted_dossier(people, tea, sheet)
    client = csrf_client(people["commune_officer"])
    url = reverse("evaluations:dossier_action", args=[dossier.pk, "return"])
    dossier_url = reverse("evaluations:dossier", args=[dossier.pk])
    before = state(dossier)
    page = post(client, url, {"reason": "Thiếu ảnh nhãn sản phẩm"}, csrf_from=dossier_url)
    assert page.status_code == 200
    assert "Bị trả lại để bổ sung" in consequences(page)
    assert "Thiếu ảnh nhãn sản phẩm</textarea>" in page.content.decode()  # what was typed, still editable
    assert state(dossier) == before
    done = confirm(client, page, reason="Thiếu ảnh nhãn sản phẩm")
    assert done.status_code == 302
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.status == "returned"
    assert fresh.versions.get().return_reason == "Thiếu ảnh nhãn sản phẩm"


def test_forwarding_shows_the_preliminary_score_and_forwards_only_when_confirmed(people, tea, sheet):
    dossier = submitted_dossier(people, tea, sheet)
    commune = people["commune_officer"]
    services.dossier_accept(actor=commune, dossier=dossier)
    services.commune_assessment_save(actor=commune, dossier=dossier, answers=LOCAL_ANSWERS)
    client = csrf_client(commune)
    url = reverse("evaluations:dossier_action", args=[dossier.pk, "forward"])
    page = client.get(url)
    assert "Xã không còn trả lại hồ sơ" in consequences(page)
    assert "17 điểm" in page.content.decode()
    before = state(dossier)
    assert post(client, url, {}, csrf_from=url).status_code == 200
    assert state(dossier) == before
    assert confirm(client, page).status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == "forwarded"


def test_closing_the_scoring_shows_the_mean_then_closes_only_when_confirmed(people, tea, sheet, round_with_council):
    answers = star4_answers(sheet)
    dossier = scored_dossier(
        people, tea, sheet, round_with_council, {"chair": answers, "member2": answers, "member3": answers}
    )
    client = csrf_client(people["chair"])
    url = reverse("evaluations:close", args=[dossier.pk])
    before = state(dossier)
    page = post(client, url, {"outlier_reason": "Đã thảo luận"}, csrf_from=url)
    assert page.status_code == 200
    assert "Không thành viên nào sửa được phiếu chấm" in consequences(page)
    assert "81 điểm" in page.content.decode()  # the mean to be fixed
    assert step_of(page)[1] == {"outlier_reason": "Đã thảo luận", "confirm": "yes"}
    assert state(dossier) == before
    # "Change" goes back to the closing page with the reason typed.
    back = client.post(url, {**step_of(page)[1], "edit": "1", "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert ">Đã thảo luận</textarea>" in back.content.decode()
    assert state(dossier) == before
    assert confirm(client, page).status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).status == "closed"


def test_a_member_who_is_not_the_chair_gets_no_closing_step(people, tea, sheet, round_with_council):
    answers = star4_answers(sheet)
    dossier = scored_dossier(
        people, tea, sheet, round_with_council, {"chair": answers, "member2": answers, "member3": answers}
    )
    client = csrf_client(people["member2"])
    url = reverse("evaluations:close", args=[dossier.pk])
    assert post(client, url, {"outlier_reason": ""}, csrf_from=url).status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).status == "assigned"


def test_recording_the_decision_shows_number_stars_and_certificate_then_records_only_when_confirmed(
    people, tea, sheet, round_with_council
):
    answers = star4_answers(sheet)
    dossier = scored_dossier(
        people, tea, sheet, round_with_council, {"chair": answers, "member2": answers, "member3": answers}
    )
    services.dossier_close(actor=people["chair"], dossier=dossier)
    client = csrf_client(people["secretary"])
    url = reverse("evaluations:decision", args=[dossier.pk])
    typed = {
        "number": "12/QĐ-UBND",
        "decided_on": timezone.localdate().isoformat(),
        "signer_name": "Nguyễn Văn A",
        "signer_title": "Phó Chủ tịch",
    }
    page = post(client, url, typed, csrf_from=url)
    assert page.status_code == 200
    said = consequences(page)
    assert "Quyết định số 12/QĐ-UBND" in said
    assert "giấy chứng nhận OCOP được cấp ngay" in said
    assert "81 điểm, 4 sao" in page.content.decode()
    assert step_of(page)[1] == {**typed, "confirm": "yes"}
    assert not Decision.objects.filter(dossier=dossier).exists()
    # "Change" brings the form back filled in; nothing recorded.
    back = client.post(url, {**step_of(page)[1], "edit": "1", "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert 'value="12/QĐ-UBND"' in back.content.decode()
    assert 'id="decision-form"' in back.content.decode()
    assert not Decision.objects.filter(dossier=dossier).exists()
    assert confirm(client, page).status_code == 302
    assert Decision.objects.get(dossier=dossier).number == "12/QĐ-UBND"
    assert Dossier.objects.get(pk=dossier.pk).status == "decided"


def test_an_incomplete_score_sheet_lists_every_missing_criterion_and_keeps_the_answers(
    people, tea, sheet, round_with_council
):
    dossier = forwarded_dossier(people, tea, sheet)
    services.dossier_assign(actor=people["provincial_officer"], round_=round_with_council, dossier=dossier)
    client = csrf_client(people["member2"])
    url = reverse("evaluations:score", args=[dossier.pk])
    answers = answers_by_points(sheet, {})
    missing = ["1.2", "3.1", "6.3"]
    form = {f"c-{code}": option for code, option in answers.items() if code not in missing}
    page = post(client, url, {**form, "submit": "1", "comment": "Chấm dở"}, csrf_from=url)
    text = page.content.decode()
    assert page.status_code == 200
    names = [sheet.criterion_name(code) for code in missing]
    message = text.split('class="messages"')[1].split("</ul>")[0]
    assert f"Phiếu chấm còn 3 tiêu chí chưa được trả lời: {'; '.join(names)}." in message
    unanswered = text.split('<ul id="unanswered">')[1].split("</ul>")[0]
    links = re.findall(r'<a href="#criterion-([^"]+)">([^<]+)</a>', unanswered)
    assert links == [(code, html.escape(name)) for code, name in zip(missing, names, strict=True)]
    kept = next(code for code in answers if code not in missing and answers[code])
    assert f'value="{answers[kept]}" checked' in text  # the answers given are still ticked
    assert ">Chấm dở</textarea>" in text
    assert not ScoreSheet.objects.filter(dossier=dossier, member__user=people["member2"], status="submitted").exists()
