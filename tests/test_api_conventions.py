"""One page shape and one error shape across the whole API, in the language the person chose."""

import json

import pytest
from django.test import Client

from ocop.core.pagination import MAX_LIMIT, MAX_OFFSET
from ocop.evaluations.models import Notification
from ocop.producers.models import Producer

pytestmark = pytest.mark.django_db

PAGE_KEYS = {"items", "count", "limit", "offset"}
ERROR_KEYS = {"code", "detail", "errors"}


@pytest.fixture
def officer_client(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["provincial_officer"])
    return client


def english(client):
    client.cookies["django_language"] = "en"
    return client


# --- pages ---------------------------------------------------------------------------------------


def test_lists_of_every_kind_answer_one_page_shape(officer_client, world):
    for path in (
        "/api/v1/geo/provinces",
        "/api/v1/criteria/versions",
        "/api/v1/producers/",
        "/api/v1/certificates/revocation-grounds",
        "/api/v1/promotion/events/upcoming",
        "/api/v1/imports/jobs",
        "/api/v1/trade/platforms",
    ):
        body = officer_client.get(path).json()
        assert set(body) == PAGE_KEYS, path
        assert (body["limit"], body["offset"]) == (50, 0), path
    search = officer_client.get("/api/v1/catalog/search", {"q": "tra"}).json()
    assert set(search) == PAGE_KEYS | {"corrected"}


def test_limit_and_offset_page_through_the_rows(client):
    first = client.get("/api/v1/geo/provinces", {"limit": 2}).json()
    second = client.get("/api/v1/geo/provinces", {"limit": 2, "offset": 2}).json()
    every = client.get("/api/v1/geo/provinces", {"limit": MAX_LIMIT}).json()
    assert (first["count"], first["limit"], first["offset"]) == (34, 2, 0)
    assert [p["code"] for p in first["items"] + second["items"]] == [p["code"] for p in every["items"][:4]]
    assert len(every["items"]) == 34
    assert client.get("/api/v1/geo/provinces", {"offset": 40}).json()["items"] == []


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"limit": MAX_LIMIT + 1}, "limit", f"Phải nhỏ hơn hoặc bằng {MAX_LIMIT}."),
        ({"limit": 0}, "limit", "Phải lớn hơn hoặc bằng 1."),
        ({"limit": 10**30}, "limit", f"Phải nhỏ hơn hoặc bằng {MAX_LIMIT}."),
        ({"offset": 2**63}, "offset", f"Phải nhỏ hơn hoặc bằng {MAX_OFFSET}."),
        ({"offset": -1}, "offset", "Phải lớn hơn hoặc bằng 0."),
        ({"limit": "mười"}, "limit", "Phải là số nguyên."),
    ],
)
def test_a_page_size_out_of_bounds_is_422_naming_the_field(officer_client, params, field, message):
    for path in ("/api/v1/producers/", "/api/v1/catalog/search", "/api/v1/geo/communes"):
        response = officer_client.get(path, params)
        assert response.status_code == 422, path
        body = response.json()
        assert body["code"] == "invalid"
        assert [(e["field"], e["message"]) for e in body["errors"]] == [(field, message)], path


# --- errors --------------------------------------------------------------------------------------


def test_an_unknown_api_address_is_a_json_404(client):
    for path in ("/api/v1/khong-co", "/api/v1/producers/1/khong-co", "/api/khong-co"):
        response = client.get(path)
        assert (response.status_code, response["Content-Type"]) == (404, "application/json"), path
        assert response.json() == {"code": "not_found", "detail": "Không tìm thấy.", "errors": []}


def test_a_method_the_address_does_not_take_is_a_json_405(client):
    response = client.delete("/api/v1/geo/provinces")
    assert (response.status_code, response["Allow"]) == (405, "GET")
    assert response.json()["code"] == "method_not_allowed"


def test_a_missing_object_is_the_same_404(officer_client):
    response = officer_client.get("/api/v1/producers/999999")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Không tìm thấy.", "errors": []}


def test_a_body_that_is_not_json_is_400_naming_the_body(client):
    response = client.post("/api/v1/criteria/QD148/sets/1/score", "{không phải json", content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "bad_request"
    assert [e["field"] for e in body["errors"]] == ["body"]


@pytest.mark.parametrize("body", ["[null]", "[]", "5", '"x"', "null"])
def test_a_json_body_that_is_not_an_object_is_422_naming_the_body_and_nothing_changes(world, body):
    """ninja would read `[null]` as an object with every field at its default: "mark all read"."""
    producer = world["users"]["producer"]
    notice = Notification.objects.create(user=producer, key="k", message_vi="Xin chào", message_en="Hello")
    client = Client()
    client.force_login(producer)

    response = client.post("/api/v1/evaluations/notifications/read", body, content_type="application/json")

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "detail": "Dữ liệu không hợp lệ.",
        "errors": [{"field": "body", "message": "Phải là một đối tượng JSON.", "code": "model_type", "row": None}],
    }
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_patch_body_that_is_not_an_object_changes_nothing(client, world):
    producer = world["qn"]
    before = Producer.objects.values().get(pk=producer.pk)
    client.force_login(world["users"]["provincial_officer"])

    response = client.patch(f"/api/v1/producers/{producer.pk}", "[]", content_type="application/json")

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body"]
    assert Producer.objects.values().get(pk=producer.pk) == before


def test_a_body_that_does_not_fit_names_each_field(client):
    response = client.post(
        "/api/v1/criteria/QD148/sets/1/score",
        json.dumps({"answers": [{"criterion": 11}], "knockouts": "không"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("answers.0.criterion", "string_type"),
        ("answers.0.option", "missing"),
        ("knockouts", "list_type"),
    ]


def test_a_rule_of_the_domain_is_400_with_the_same_shape(client):
    response = client.post(
        "/api/v1/criteria/QD148/sets/1/score",
        json.dumps({"answers": [{"criterion": "77.1", "option": None}]}),
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "refused"
    assert body["errors"][0]["field"] == "77.1"
    assert body["errors"][0]["message"] == body["detail"]


def test_forbidden_is_403_with_the_same_shape(world):
    client = Client()
    client.force_login(world["users"]["buyer"])
    response = client.get("/api/v1/trade/partners")
    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "detail": "Bạn không có quyền thực hiện thao tác này.",
        "errors": [],
    }


def test_errors_follow_the_chosen_language_not_the_browser(client):
    response = client.get("/api/v1/geo/provinces", {"limit": 0}, headers={"Accept-Language": "en"})
    assert response.json()["errors"][0]["message"] == "Phải lớn hơn hoặc bằng 1."
    english(client)
    response = client.get("/api/v1/geo/provinces", {"limit": 0})
    assert response.json()["detail"] == "The data is not valid."
    assert response.json()["errors"][0]["message"] == "Must be greater than or equal to 1."
    assert client.get("/api/v1/khong-co").json()["detail"] == "Not found."
    assert client.get("/api/v1/accounts/me").json()["detail"] == "Log in or send an API token."


# --- integers are integers -----------------------------------------------------------------------


@pytest.mark.parametrize("value", [True, False])
def test_a_boolean_for_an_integer_field_is_422_naming_it_and_nothing_changes(client, world, value):
    """pydantic's lax mode reads `true` as 1: OpenAPI says `integer`, and a boolean is refused."""
    producer = world["qn"]
    before = Producer.objects.values().get(pk=producer.pk)
    client.force_login(world["users"]["provincial_officer"])

    response = client.patch(
        f"/api/v1/producers/{producer.pk}",
        json.dumps({"employees": value, "founded_year": 2015}),
        content_type="application/json",
    )

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("employees", "int_type")]
    assert response.json()["errors"][0]["message"] == "Phải là số nguyên."
    assert Producer.objects.values().get(pk=producer.pk) == before


def test_a_boolean_in_a_list_of_ids_is_422_naming_its_place(world):
    producer = world["users"]["producer"]
    notice = Notification.objects.create(user=producer, key="k", message_vi="Xin chào", message_en="Hello")
    client = Client()
    client.force_login(producer)

    response = client.post(
        "/api/v1/evaluations/notifications/read", json.dumps({"ids": [True]}), content_type="application/json"
    )

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("ids.0", "int_type")]
    notice.refresh_from_db()
    assert notice.read_at is None


def test_an_integer_in_a_query_string_is_still_read_as_a_number(officer_client, world):
    commune = world["qn"].commune
    response = officer_client.get("/api/v1/producers/", {"commune_code": str(commune.code)})
    assert response.status_code == 200
    assert world["qn"].pk in [row["id"] for row in response.json()["items"]]


def test_an_id_beyond_64_bits_is_422_naming_its_place_not_an_overflow(world):
    producer = world["users"]["producer"]
    client = Client()
    client.force_login(producer)

    response = client.post(
        "/api/v1/evaluations/notifications/read", json.dumps({"ids": [2**63]}), content_type="application/json"
    )

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("ids.0", "less_than_equal")]
