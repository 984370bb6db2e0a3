"""Results that explain themselves: 86.67 points and ★2 say which minimum capped them, everywhere.

Set 12 (teas from other plants), every best option but 5.1 "Không có câu chuyện" (0): 5.2 applies only
when there is a story, so its ★3 option does not count → 87 points, band ★4, ★2. The chair and member 2
score 87, member 3 scores 86 (4.3 one step lower): the mean is 86.67; the agreed options are the medians.
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.evaluations import selectors, services
from ocop.evaluations.models import Decision, Dossier
from tests.criteria.helpers import answers_by_points
from tests.evaluations.test_services import scored_dossier, state

pytestmark = pytest.mark.django_db

OWN_STORY = "Có câu chuyện riêng, gắn với nguồn gốc xuất xứ"
CAP_VI = (
    f"Hạng 3 sao bắt buộc tiêu chí 5. b) Trí tuệ/bản sắc địa phương (mã 5.2) đạt tối thiểu “{OWN_STORY}” (3 điểm): "
    "đã chọn “Có câu chuyện sản phẩm đặc sắc, mang sắc thái truyền thống, văn hóa và trí tuệ/bản sắc địa phương” "
    "nhưng không được tính vì tiêu chí này chỉ áp dụng khi có câu chuyện "
    "(5. a) Câu chuyện về sản phẩm (mã 5.1) được 0 điểm)."
)


@pytest.fixture
def closed(people, tea, sheet, round_with_council):
    no_story = answers_by_points(sheet, {"5.1": 0})
    dossier = scored_dossier(
        people,
        tea,
        sheet,
        round_with_council,
        {"chair": no_story, "member2": no_story, "member3": {**no_story, "4.3": "4.3-4"}},
    )
    result = services.dossier_close(actor=people["chair"], dossier=dossier)
    assert (result.total, result.stars, result.band_stars) == (Decimal("86.67"), 2, 4)
    return Dossier.objects.get(pk=dossier.pk)


def decide(people, dossier):
    return services.decision_record(
        actor=people["secretary"],
        dossier=dossier,
        number="77/QĐ-UBND",
        decided_on=timezone.localdate(),
        signer_name="Nguyễn Văn B",
    )


def test_the_council_result_explains_the_capped_star(closed):
    found = selectors.dossier_result(closed)
    explanation = found.explanation
    assert (str(explanation.total), explanation.band_stars, explanation.stars, explanation.certified) == (
        "86.67",
        4,
        2,
        False,
    )
    assert [(c.stars, c.criterion_code, c.required_option_code, c.chosen_option_code) for c in explanation.caps] == [
        (3, "5.2", "5.2-3", "5.2-4"),
        (4, "5.2", "5.2-4", "5.2-4"),
    ]
    assert found.explanation_lines("vi") == [
        "Tổng điểm 86,67 thuộc khung 4 sao (từ 70 đến dưới 90 điểm).",
        CAP_VI,
        found.explanation_lines("vi")[2],
        "Vì chưa đạt tiêu chí bắt buộc của hạng 3 sao, sản phẩm chỉ được 2 sao.",
        "Không đủ điều kiện công nhận sản phẩm OCOP (cần từ 3 sao).",
    ]
    assert found.applicability_lines("en") == [
        "Criterion 5. b) Trí tuệ/bản sắc địa phương (code 5.2) applies only when there is a story: "
        "5. a) Câu chuyện về sản phẩm (code 5.1) scored 0, so the chosen option “Có câu chuyện sản phẩm đặc sắc, "
        "mang sắc thái truyền thống, văn hóa và trí tuệ/bản sắc địa phương” (5 points) does not count."
    ]
    story = next(row for row in found.criteria if row.code == "5.2")
    assert (story.outcome, story.agreed_option, story.agreed_points) == ("not_applicable", "5.2-4", 0)


def test_the_secretary_sees_why_before_recording_and_the_producer_after(client, people, closed):
    client.force_login(people["secretary"])
    page = client.get(reverse("evaluations:decision", args=[closed.pk])).content.decode()
    assert 'id="decision-form"' in page
    explanation = page.split('<ul id="star-explanation">')[1].split("</ul>")[0]
    assert "<li>Tổng điểm 86,67 thuộc khung 4 sao (từ 70 đến dưới 90 điểm).</li>" in explanation
    assert f"<li>{CAP_VI}</li>" in explanation
    assert 'id="advice"' in page
    assert "Bắt buộc cho hạng 3 sao" in page
    decide(people, closed)

    client.force_login(people["producer"])
    page = client.get(reverse("evaluations:dossier", args=[closed.pk])).content.decode()
    assert "không được công nhận" in page
    result = page.split('<section class="card" id="result">')[1].split("</section>")[0]
    assert f"<li>{CAP_VI}</li>" in result
    assert "<li>Vì chưa đạt tiêu chí bắt buộc của hạng 3 sao, sản phẩm chỉ được 2 sao.</li>" in result
    assert "(không áp dụng: không có câu chuyện)" in result
    assert 'id="not-applicable"' in result

    english = Client()
    english.force_login(people["producer"])
    english.post(reverse("set_language"), {"language": "en"})
    page = english.get(reverse("evaluations:dossier", args=[closed.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<li>A total of 86.67 points falls in the 4-star band (from 70 to under 90 points).</li>" in page
    assert "<li>Because a mandatory minimum of 3 stars is not met, the product gets only 2 stars.</li>" in page
    assert "(not applicable: no story)" in page


def test_the_result_api_returns_the_same_explanation(client, people, closed):
    client.force_login(people["secretary"])
    body = client.get(f"/api/v1/evaluations/dossiers/{closed.pk}/result").json()
    explanation = body["explanation"]
    assert (explanation["total"], explanation["band_stars"], explanation["stars"]) == ("86.67", 4, 2)
    assert [(c["stars"], c["criterion"], c["required_option"], c["chosen_option"], c["outcome"]) for c in explanation["caps"]] == [
        (3, "5.2", "5.2-3", "5.2-4", "not_applicable"),
        (4, "5.2", "5.2-4", "5.2-4", "not_applicable"),
    ]  # fmt: skip
    assert explanation["message_vi"] == selectors.dossier_result(closed).explanation_lines("vi")
    assert (
        explanation["message_en"][0] == "A total of 86.67 points falls in the 4-star band (from 70 to under 90 points)."
    )
    assert [(n["criterion"], n["requires"]) for n in body["not_applicable"]] == [("5.2", "5.1")]
    assert next(c["outcome"] for c in body["criteria"] if c["code"] == "5.2") == "not_applicable"
    assert (body["decision_recorders"], body["may_record_decision"]) == ([people["secretary"].display_name], True)
    client.force_login(people["chair"])
    body = client.get(f"/api/v1/evaluations/dossiers/{closed.pk}/result").json()
    assert (body["decision_recorders"], body["may_record_decision"]) == ([people["secretary"].display_name], False)


def test_member_sheet_api_reports_story_answers_that_do_not_count(client, people, tea, sheet, round_with_council):
    dossier = scored_dossier(people, tea, sheet, round_with_council, {})
    client.force_login(people["chair"])
    payload = {"answers": [{"criterion": c, "option": o} for c, o in answers_by_points(sheet, {"5.1": 0}).items()]}
    saved = client.put(
        f"/api/v1/evaluations/dossiers/{dossier.pk}/score", data=json.dumps(payload), content_type="application/json"
    )
    assert saved.status_code == 200, saved.content
    assert [(n["criterion"], n["option"], n["option_points"]) for n in saved.json()["not_applicable"]] == [
        ("5.2", "5.2-4", "5.00")
    ]


@pytest.mark.parametrize("who", ["chair", "provincial_officer", "member2"])
def test_who_may_not_decide_sees_who_does_instead_of_a_form(client, people, closed, who):
    client.force_login(people[who])
    page = client.get(reverse("evaluations:decision", args=[closed.pk])).content.decode()
    assert "<form" not in page.split("<main")[1].split("</main>")[0]
    recorders = page.split('id="decision-recorders">')[1].split("</p>")[0]
    assert recorders == (f"Quyết định do thư ký hội đồng ghi: <strong>{people['secretary'].display_name}</strong>.")
    assert f"<li>{CAP_VI}</li>" in page  # the result and its reason are still shown
    dossier_page = client.get(reverse("evaluations:dossier", args=[closed.pk])).content.decode()
    assert 'id="record-decision-link"' not in dossier_page
    assert "Chờ quyết định. Quyết định do thư ký hội đồng ghi" in dossier_page
    # A forged post is refused and changes nothing.
    before = state(closed)
    refused = client.post(
        reverse("evaluations:decision", args=[closed.pk]),
        {"number": "1/QĐ", "decided_on": timezone.localdate().isoformat(), "signer_name": "X"},
    )
    assert refused.status_code == 403
    assert state(closed) == before
    assert not Decision.objects.filter(dossier=closed).exists()


def test_the_secretary_sees_the_form_and_the_link(client, people, closed):
    client.force_login(people["secretary"])
    dossier_page = client.get(reverse("evaluations:dossier", args=[closed.pk])).content.decode()
    assert 'id="record-decision-link"' in dossier_page
    assert 'id="decision-recorders"' not in dossier_page
    # A refusal keeps what was typed.
    page = client.post(
        reverse("evaluations:decision", args=[closed.pk]),
        {
            "number": "9/QĐ-UBND",
            "decided_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "signer_name": "Trần Thị C",
            "signer_title": "Chủ tịch",
        },
    ).content.decode()
    assert "Ngày quyết định không được sau hôm nay." in page
    assert 'value="9/QĐ-UBND"' in page
    assert 'value="Trần Thị C"' in page
    assert Dossier.objects.get(pk=closed.pk).status == "closed"


def test_a_decided_dossier_has_no_form_even_for_the_secretary(client, people, closed):
    decide(people, closed)
    client.force_login(people["secretary"])
    page = client.get(reverse("evaluations:decision", args=[closed.pk])).content.decode()
    assert 'id="decision-form"' not in page
    assert "Đã ghi quyết định số 77/QĐ-UBND" in page
