"""Every enum filter of the API says its values in OpenAPI and refuses others with a 422 naming it
(an unknown value used to give an empty 200, indistinguishable from "nothing matches")."""

import pytest

from ocop.api import api
from tests.api_errors import fields_at_fault

FILTERS = [
    ("/api/v1/certificates/", "status", "valid"),
    ("/api/v1/evaluations/dossiers", "status", "submitted"),
    ("/api/v1/products/", "status", "certified"),
    ("/api/v1/producers/", "producer_type", "cooperative"),
    ("/api/v1/promotion/events", "event_type", "fair"),
    ("/api/v1/trade/listings", "status", "active"),
    ("/api/v1/trade/agreements", "kind", "memorandum"),
    ("/api/v1/trade/inquiries", "status", "new"),
    ("/api/v1/catalog/search", "sort", "stars"),
    ("/api/v1/catalog/search", "certification", "vietgap"),
]


@pytest.mark.parametrize(("url", "name", "known"), FILTERS)
def test_unknown_enum_value_is_a_422_naming_the_filter(client, world, url, name, known):
    client.force_login(world["users"]["provincial_officer"])

    refused = client.get(url, {name: f"{known}-x"})
    accepted = client.get(url, {name: known})

    assert refused.status_code == 422
    assert fields_at_fault(refused) == [name]
    assert accepted.status_code == 200


@pytest.mark.parametrize(("url", "name", "known"), FILTERS)
def test_openapi_lists_the_values_of_each_enum_filter(url, name, known):
    path = url.removeprefix("/api/v1")
    parameters = api.get_openapi_schema()["paths"][f"/api/v1{path}"]["get"]["parameters"]
    schema = next(parameter["schema"] for parameter in parameters if parameter["name"] == name)

    assert "" in schema["enum"]
    assert known in schema["enum"]
