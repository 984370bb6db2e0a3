"""PATCH: a field left out keeps its value, `null` clears only what may be empty; years are 1900–2100."""

import json

import pytest

from ocop.api import api
from ocop.producers.models import Producer
from tests.api_errors import fields_at_fault


def patch(client, producer, body):
    return client.patch(f"/api/v1/producers/{producer.pk}", data=json.dumps(body), content_type="application/json")


# commune_code may be null together with an old commune: alone, it is the 400 of test_address.py.
@pytest.mark.parametrize("field", ["legal_name", "tax_code", "story_vi", "email"])
def test_explicit_null_for_a_field_that_cannot_be_empty_is_refused_naming_it(client, world, field):
    producer = world["qn"]
    before = Producer.objects.values().get(pk=producer.pk)
    client.force_login(world["users"]["provincial_officer"])

    response = patch(client, producer, {"short_name": "Trà Ba Chẽ", field: None})

    assert response.status_code == 422
    assert fields_at_fault(response) == [field]
    assert Producer.objects.values().get(pk=producer.pk) == before


def test_explicit_null_clears_a_field_that_may_be_empty(client, world):
    producer = world["qn"]
    Producer.objects.filter(pk=producer.pk).update(founded_year=2015, employees=12)
    client.force_login(world["users"]["provincial_officer"])

    response = patch(client, producer, {"founded_year": None})

    assert response.status_code == 200
    assert Producer.objects.values_list("founded_year", "employees").get(pk=producer.pk) == (None, 12)


@pytest.mark.parametrize("year", [1899, 2101, 10**12])
def test_founded_year_outside_1900_2100_is_refused(client, world, year):
    producer = world["qn"]
    client.force_login(world["users"]["provincial_officer"])

    response = patch(client, producer, {"founded_year": year})

    assert response.status_code == 422
    assert fields_at_fault(response) == ["founded_year"]
    assert Producer.objects.get(pk=producer.pk).founded_year is None


def test_openapi_says_which_patch_fields_take_null():
    properties = api.get_openapi_schema()["components"]["schemas"]["ProducerPatch"]["properties"]

    assert properties["legal_name"]["type"] == "string"
    assert "anyOf" not in properties["legal_name"]
    assert "default" not in properties["legal_name"]
    assert {"type": "null"} in properties["founded_year"]["anyOf"]
