"""The public criteria API."""

from decimal import Decimal

import pytest

from ocop.criteria import selectors
from ocop.criteria.models import ProductSet
from tests.criteria.helpers import answers_by_points
from tests.criteria.test_engine import SET01_75

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("criteria_db")]


def sheet(number):
    return selectors.sheet_get(product_set=ProductSet.objects.get(version__code="QD148", number=number))


def payload(answers, knockouts=()):
    return {"answers": [{"criterion": c, "option": o} for c, o in answers.items()], "knockouts": list(knockouts)}


def test_versions_and_sets_are_public(client):
    versions = client.get("/api/v1/criteria/versions")
    assert versions.status_code == 200
    assert [v["code"] for v in versions.json()["items"]] == ["QD148", "QD1048"]
    assert versions.json()["items"][0]["name_en"] == "OCOP criteria of Decision 148/QĐ-TTg (from 2023)"
    sets = client.get("/api/v1/criteria/qd148/sets").json()["items"]
    assert [s["number"] for s in sets] == list(range(1, 27))
    assert sets[10]["status"] == "unverified"
    assert sets[10]["warning"].startswith("Bộ tiêu chí chưa kiểm chứng")
    assert sets[0]["warning"] is None


def test_full_sheet(client):
    response = client.get("/api/v1/criteria/QD148/sets/01")
    assert response.status_code == 200
    body = response.json()
    assert [p["code"] for p in body["parts"]] == ["A", "B", "C"]
    criterion = body["parts"][0]["sections"][1]["criteria"][0]
    assert (criterion["code"], criterion["name"], criterion["max_points"]) == (
        "2.1",
        "2. a) Nguồn gốc ý tưởng sản phẩm",
        "4.00",
    )
    assert [(o["code"], o["points"], o["mandatory_stars"]) for o in criterion["options"]][-1] == ("2.1-4", "4.00", 4)
    assert [k["code"] for k in body["knockouts"]] == [
        "common_product-2.1",
        "hazardous_impurity-6.1",
        "food_safety_certificate-10",
    ]
    assert client.get("/api/v1/criteria/QD148/sets/rau-cu-qua-hat-tuoi").json()["product_set"]["number"] == 1


def test_score_returns_totals_star_missing_minimums_and_advice(client):
    answers = answers_by_points(sheet(1), SET01_75)
    response = client.post("/api/v1/criteria/QD148/sets/1/score", payload(answers), content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert (Decimal(body["total"]), body["stars"], body["band_stars"], body["certified"]) == (Decimal(75), 3, 4, True)
    assert [(p["code"], Decimal(p["points"])) for p in body["parts"]] == [("A", 34), ("B", 17), ("C", 24)]
    assert body["missing"][0]["stars"] == 4
    assert [g["criterion"] for g in body["missing"][0]["mandatory"]] == ["2.1"]
    assert [(s["criterion"], s["to_option"]) for s in body["advice"]["steps"]] == [("2.1", "2.1-4")]
    assert body["advice"]["message_vi"][0] == "Để đạt 4 sao, cần 1 thay đổi (thêm 1 điểm):"
    assert body["advice"]["message_en"][0] == "To reach 4 stars: 1 change(s), 1 more point(s):"


def test_score_with_a_knockout(client):
    answers = answers_by_points(sheet(1), {})
    response = client.post(
        "/api/v1/criteria/QD148/sets/1/score",
        payload(answers, ["food_safety_certificate-10"]),
        content_type="application/json",
    )
    body = response.json()
    assert (Decimal(body["total"]), body["stars"], body["knockouts"]) == (
        Decimal(95),
        2,
        ["food_safety_certificate-10"],
    )


def test_unverified_set_scores_with_a_warning(client):
    answers = answers_by_points(sheet(11), {})
    body = client.post("/api/v1/criteria/QD148/sets/11/score", payload(answers), content_type="application/json").json()
    assert (Decimal(body["total"]), Decimal(body["max_total"]), body["status"]) == (97, 97, "unverified")
    assert body["warning"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda a: a.pop("1.2"), "1.2", "Tiêu chí 1. b) Gia tăng giá trị chưa được trả lời"),
        (lambda a: a.update({"1.1": "1.2-1"}), "1.1", "Phương án “1.2-1” không thuộc tiêu chí 1. a)"),
        (lambda a: a.update({"77.1": None}), "77.1", "Tiêu chí “77.1” không có trong phiếu chấm bộ 01"),
    ],
)
def test_bad_answers_are_400_naming_the_criterion(client, change, field, message):
    answers = answers_by_points(sheet(1), {})
    change(answers)
    response = client.post("/api/v1/criteria/QD148/sets/1/score", payload(answers), content_type="application/json")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert response.json()["detail"].startswith(message)


def test_every_unanswered_criterion_is_one_error_of_the_400(client):
    answers = answers_by_points(sheet(1), {})
    for code in ("1.2", "3.4", "12.1"):
        answers.pop(code)
    response = client.post("/api/v1/criteria/QD148/sets/1/score", payload(answers), content_type="application/json")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["1.2", "3.4", "12.1"]
    assert response.json()["detail"].startswith("Phiếu chấm còn 3 tiêu chí chưa được trả lời")


def test_two_options_for_one_criterion_are_400(client):
    body = payload(answers_by_points(sheet(1), {}))
    body["answers"].append({"criterion": "1.1", "option": "1.1-1"})
    response = client.post("/api/v1/criteria/QD148/sets/1/score", body, content_type="application/json")
    assert (response.status_code, response.json()["errors"][0]["field"]) == (400, "1.1")


def test_malformed_body_is_422_and_unknown_set_or_version_404(client):
    bad = client.post("/api/v1/criteria/QD148/sets/1/score", {"answers": "x"}, content_type="application/json")
    assert bad.status_code == 422
    assert client.get("/api/v1/criteria/QD148/sets/27").status_code == 404
    assert client.get("/api/v1/criteria/QD999/sets").status_code == 404
    assert (
        client.post("/api/v1/criteria/QD1048/sets/1/score", payload({}), content_type="application/json").status_code
        == 404
    )


def test_score_explains_the_capped_star_and_reports_answers_without_a_story(client):
    # Set 01, best options but 5.1 "Không có câu chuyện": 88 points, band ★4, ★2 because 5.2 does not count.
    answers = answers_by_points(sheet(1), {"5.1": 0})
    body = client.post("/api/v1/criteria/QD148/sets/1/score", payload(answers), content_type="application/json").json()
    assert (Decimal(body["total"]), body["stars"], body["band_stars"]) == (Decimal(88), 2, 4)
    explanation = body["explanation"]
    assert (explanation["band_stars"], Decimal(explanation["band_min"]), Decimal(explanation["band_next"])) == (
        4,
        Decimal(70),
        Decimal(90),
    )
    assert [(c["stars"], c["criterion"], c["required_option"], c["chosen_option"], c["outcome"]) for c in explanation["caps"]] == [
        (3, "5.2", "5.2-3", "5.2-4", "not_applicable"),
        (4, "5.2", "5.2-4", "5.2-4", "not_applicable"),
    ]  # fmt: skip
    assert explanation["caps"][0]["required_option_text"] == "Có câu chuyện riêng, gắn với nguồn gốc xuất xứ"
    assert explanation["message_vi"][-2] == "Vì chưa đạt tiêu chí bắt buộc của hạng 3 sao, sản phẩm chỉ được 2 sao."
    assert (
        explanation["message_en"][-2]
        == "Because a mandatory minimum of 3 stars is not met, the product gets only 2 stars."
    )
    assert [(n["criterion"], n["requires"], n["option"], Decimal(n["option_points"])) for n in body["not_applicable"]] == [
        ("5.2", "5.1", "5.2-4", Decimal(5)),
        ("5.3", "5.1", "5.3-3", Decimal(2)),
    ]  # fmt: skip
    assert body["not_applicable"][0]["message_en"].startswith(
        "Criterion 5. b) Trí tuệ/bản sắc địa phương (code 5.2) applies only when there is a story"
    )
    assert [c["outcome"] for c in body["criteria"] if c["code"] in ("5.2", "5.3")] == ["not_applicable"] * 2
