"""A producer's address before and after the 2025 reform, in the form and the API: the old commune
alone gives today's commune; a split one offers its successors; an inconsistent address is refused."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from ocop.core.selectors import audit_history
from ocop.geo.models import Commune, HistoricalCommune, HistoricalDistrict
from ocop.producers.models import Producer
from tests.api_errors import fields_at_fault

pytestmark = pytest.mark.django_db

HA_LONG_OLD = 193  # Thành phố Hạ Long (before 7/2025)
HA_KHANH = 6649  # Phường Hà Khánh → Phường Cao Xanh (6658)
HA_KHAU = 6655  # Phường Hà Khẩu, split → Phường Tuần Châu (6706), Phường Việt Hưng (6661)
SPLIT_MESSAGE = (
    "Phường Hà Khẩu (Thành phố Hạ Long) đã được chia cho nhiều đơn vị mới: "
    "Phường Tuần Châu (mã 6706); Phường Việt Hưng (mã 6661). Hãy chọn xã, phường hiện nay trong các đơn vị này."
)


def pk(model, code: int) -> int:
    return model.objects.get(code=code).pk


@pytest.fixture
def officer_client(world) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["provincial_officer"])
    client.cookies["django_language"] = "vi"
    client.get(reverse("producers:create"))  # sets the CSRF cookie
    return client


def csrf(client: Client) -> dict:
    return {"X-CSRFToken": client.cookies["csrftoken"].value}


def form_post(client: Client, url: str, **address) -> object:
    data = {"legal_name": "Hợp tác xã Địa chỉ cũ", "producer_type": "cooperative", **address}
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    return client.post(url, data)


def api(client: Client, method: str, url: str, payload: dict):
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json", headers=csrf(client))


# --- the form -----------------------------------------------------------------------------------


def test_form_registers_a_producer_from_its_old_address_alone(officer_client):
    response = form_post(
        officer_client,
        reverse("producers:create"),
        historical_district=pk(HistoricalDistrict, HA_LONG_OLD),
        historical_commune=pk(HistoricalCommune, HA_KHANH),
    )
    producer = Producer.objects.get(legal_name="Hợp tác xã Địa chỉ cũ")
    assert response.status_code == 302
    assert (producer.commune.code, producer.historical_district.code, producer.historical_commune.code) == (
        6658,
        HA_LONG_OLD,
        HA_KHANH,
    )
    assert audit_history(producer).get().after["commune"] == pk(Commune, 6658)


def test_form_offers_the_successors_of_a_split_old_commune_then_accepts_one(officer_client):
    before = Producer.objects.count()
    response = form_post(officer_client, reverse("producers:create"), historical_commune=pk(HistoricalCommune, HA_KHAU))
    assert response.status_code == 200
    assert Producer.objects.count() == before
    form = response.context["form"]
    assert form.errors["commune"] == [SPLIT_MESSAGE]
    assert [commune.code for commune in form.fields["commune"].queryset] == [6706, 6661]
    assert "Phường Tuần Châu (mã 6706)" in response.content.decode()

    response = form_post(
        officer_client,
        reverse("producers:create"),
        historical_commune=pk(HistoricalCommune, HA_KHAU),
        commune=pk(Commune, 6661),
    )
    assert response.status_code == 302
    producer = Producer.objects.get(legal_name="Hợp tác xã Địa chỉ cũ")
    assert (producer.commune.code, producer.historical_district.code) == (6661, HA_LONG_OLD)


def test_form_refuses_an_old_commune_outside_the_old_district_and_saves_nothing(officer_client, world):
    producer = world["qn"]
    before = Producer.objects.values().get(pk=producer.pk)
    thanh_son = HistoricalCommune.objects.get(name="Xã Thanh Sơn", district__name="Huyện Ba Chẽ")
    response = form_post(
        officer_client,
        reverse("producers:edit", args=[producer.pk]),
        commune=producer.commune_id,
        historical_district=pk(HistoricalDistrict, HA_LONG_OLD),
        historical_commune=thanh_son.pk,
    )
    assert response.status_code == 200
    assert response.context["form"].errors["historical_commune"] == [
        "Xã Thanh Sơn không thuộc Thành phố Hạ Long (trước 7/2025): xã này thuộc Huyện Ba Chẽ."
    ]
    assert Producer.objects.values().get(pk=producer.pk) == before


# --- the API ------------------------------------------------------------------------------------


def test_api_registers_a_producer_from_its_old_commune_code(officer_client):
    response = api(
        officer_client,
        "post",
        "/api/v1/producers/",
        {"legal_name": "HTX Địa chỉ cũ", "producer_type": "cooperative", "historical_commune_code": HA_KHANH},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["commune_code"], body["commune_name"]) == (6658, "Phường Cao Xanh")
    assert (body["historical_district_code"], body["historical_district"]) == (HA_LONG_OLD, "Thành phố Hạ Long")
    assert (body["historical_commune_code"], body["historical_commune"]) == (HA_KHANH, "Phường Hà Khánh")


def test_api_lists_the_successors_of_a_split_old_commune_until_one_is_chosen(officer_client):
    before = Producer.objects.count()
    payload = {"legal_name": "HTX Hà Khẩu", "producer_type": "cooperative", "historical_commune_code": HA_KHAU}
    response = api(officer_client, "post", "/api/v1/producers/", payload)
    assert response.status_code == 400
    assert response.json() == {
        "code": "address",
        "detail": SPLIT_MESSAGE,
        "errors": [{"field": "commune_code", "message": SPLIT_MESSAGE, "code": "address", "row": None}],
        "successors": [{"code": 6706, "name": "Phường Tuần Châu"}, {"code": 6661, "name": "Phường Việt Hưng"}],
    }
    assert Producer.objects.count() == before
    response = api(officer_client, "post", "/api/v1/producers/", {**payload, "commune_code": 6706})
    assert response.status_code == 201
    assert response.json()["commune_code"] == 6706


def test_api_refuses_a_commune_that_is_not_a_successor_and_changes_nothing(officer_client, world):
    producer = world["qn"]
    before = Producer.objects.values().get(pk=producer.pk)
    events = audit_history(producer).count()
    response = api(
        officer_client,
        "patch",
        f"/api/v1/producers/{producer.pk}",
        {"historical_commune_code": HA_KHAU, "short_name": "Đổi tên"},  # today's commune stays Xã Ba Chẽ
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Xã Ba Chẽ không phải đơn vị mới của Phường Hà Khẩu (Thành phố Hạ Long). "
        "Đơn vị mới của xã này: Phường Tuần Châu (mã 6706); Phường Việt Hưng (mã 6661)."
    )
    assert [error["field"] for error in response.json()["errors"]] == ["commune_code"]
    assert [unit["code"] for unit in response.json()["successors"]] == [6706, 6661]
    assert Producer.objects.values().get(pk=producer.pk) == before
    assert audit_history(producer).count() == events


def test_api_patch_to_an_old_address_fills_in_todays_commune_and_audits_it(officer_client, world):
    producer = world["qn"]
    response = api(
        officer_client,
        "patch",
        f"/api/v1/producers/{producer.pk}",
        {"commune_code": None, "historical_commune_code": HA_KHANH},
    )
    assert response.status_code == 200, response.json()
    producer.refresh_from_db()
    assert (producer.commune.code, producer.historical_district.code) == (6658, HA_LONG_OLD)
    event = audit_history(producer).order_by("-pk").first()
    assert event.before == {"commune": pk(Commune, 6970), "historical_district": None, "historical_commune": None}
    assert event.after == {
        "commune": pk(Commune, 6658),
        "historical_district": pk(HistoricalDistrict, HA_LONG_OLD),
        "historical_commune": pk(HistoricalCommune, HA_KHANH),
    }


def test_api_clears_todays_commune_only_together_with_an_old_commune(officer_client, world):
    producer = world["qn"]
    before = Producer.objects.values().get(pk=producer.pk)
    response = api(officer_client, "patch", f"/api/v1/producers/{producer.pk}", {"commune_code": None})
    # A rule across two fields, not a shape the schema refuses: 400, as OpenAPI declares (the fuzzer
    # counted a 422 here as a schema-valid request rejected).
    assert response.status_code == 400
    assert response.json()["code"] == "refused"
    assert fields_at_fault(response) == ["commune_code"]
    assert response.json()["detail"] == (
        "Chỉ bỏ trống xã, phường hiện nay khi ghi xã, phường trước 7/2025 (historical_commune_code)."
    )
    assert Producer.objects.values().get(pk=producer.pk) == before
