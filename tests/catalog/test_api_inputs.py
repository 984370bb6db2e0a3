"""Catalogue search: an unknown filter value is a 4xx naming the parameter, not an empty page
(422 for a value outside the enum OpenAPI lists, 400 for a market code the table does not hold)."""

import pytest

from tests.api_errors import fields_at_fault, messages_at_fault


@pytest.mark.parametrize(
    ("params", "field"),
    [({"certification": "iso_9999"}, "certification"), ({"sort": "price"}, "sort")],
)
def test_unknown_enum_value_is_refused_naming_it(db, client, params, field):
    response = client.get("/api/v1/catalog/search", params)

    assert response.status_code == 422
    assert fields_at_fault(response) == [field]


@pytest.mark.parametrize("market", ["EU", "atlantis"])
def test_unknown_market_code_is_refused_naming_it(db, client, market):
    response = client.get("/api/v1/catalog/search", {"market": market})

    assert response.status_code == 400
    assert fields_at_fault(response) == ["market"]


def test_unknown_market_message_lists_the_codes(db, client):
    response = client.get("/api/v1/catalog/search", {"market": "EU"})

    assert messages_at_fault(response) == ["Mã “EU” không có; các mã có: cn, eu, jp, kh, kr, la, my, us."]


@pytest.mark.parametrize(
    "params",
    [{"market": "eu"}, {"market": ""}, {"certification": "haccp"}, {"sort": "newest"}, {"sort": ""}],
)
def test_known_filter_codes_are_accepted(db, client, params):
    response = client.get("/api/v1/catalog/search", params)

    assert response.status_code == 200
