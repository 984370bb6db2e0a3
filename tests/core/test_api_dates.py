"""A day the API takes is written YYYY-MM-DD in 1900–2100: `day=0` is not 1 January 1970, and a
year 9999 that would run a 36-month validity past the calendar is refused, with the field named."""

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocop.api import api
from ocop.core.fields import ISO_DATE_PATTERN
from ocop.producers.models import Producer
from tests.api_errors import fields_at_fault, messages_at_fault


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("0", "Phải là ngày dạng YYYY-MM-DD."),
        ("1700000000", "Phải là ngày dạng YYYY-MM-DD."),
        ("9999-12-31", "Năm phải từ 1900 đến 2100."),
        ("1899-12-31", "Năm phải từ 1900 đến 2100."),
    ],
)
def test_a_query_day_that_is_not_a_date_in_1900_2100_is_refused(client, world, day, message):
    client.force_login(world["users"]["provincial_officer"])

    response = client.get("/api/v1/trade/readiness", {"day": day})

    assert response.status_code == 422
    assert fields_at_fault(response) == ["day"]
    assert messages_at_fault(response) == [message]


def test_a_query_day_in_range_is_accepted(client, world):
    client.force_login(world["users"]["provincial_officer"])

    assert client.get("/api/v1/trade/readiness", {"day": "2100-12-31"}).status_code == 200


@pytest.mark.parametrize("value", [0, "0", "9999-12-31", "2026-3-1"])
def test_a_body_date_outside_the_form_or_the_years_is_refused_and_nothing_changes(client, world, value):
    producer = world["qn"]
    client.force_login(world["users"]["provincial_officer"])

    response = client.patch(
        f"/api/v1/producers/{producer.pk}",
        data=json.dumps({"registration_date": value}),
        content_type="application/json",
    )

    assert response.status_code == 422
    assert fields_at_fault(response) == ["registration_date"]
    assert Producer.objects.get(pk=producer.pk).registration_date is None


@given(st.dates())
def test_the_openapi_pattern_takes_exactly_the_years_the_api_takes(day):
    text = day.isoformat()  # years below 1000 are written with four digits too

    assert (re.fullmatch(ISO_DATE_PATTERN, text) is not None) == (1900 <= day.year <= 2100)


def test_openapi_says_the_years_of_a_query_day_and_a_body_date():
    document = api.get_openapi_schema()
    day = next(p for p in document["paths"]["/api/v1/trade/readiness"]["get"]["parameters"] if p["name"] == "day")
    opens_on = document["components"]["schemas"]["RoundIn"]["properties"]["opens_on"]

    assert day["schema"]["anyOf"][0] == {"type": "string", "format": "date", "pattern": ISO_DATE_PATTERN}
    assert (opens_on["format"], opens_on["pattern"]) == ("date", ISO_DATE_PATTERN)
