"""Register filters outside what the database holds are a 422 naming the parameter, not a 500."""

import pytest

from tests.api_errors import fields_at_fault


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": 17265742}, "year"),
        ({"year": 1899}, "year"),
        ({"year": 2101}, "year"),
        ({"expiring_within": 10**20}, "expiring_within"),
        ({"expiring_within": 3651}, "expiring_within"),
        ({"expiring_within": -1}, "expiring_within"),
        ({"status": "valide"}, "status"),
    ],
)
def test_register_filter_out_of_range_is_refused_naming_it(client, world, params, field):
    client.force_login(world["users"]["provincial_officer"])

    response = client.get("/api/v1/certificates/", params)

    assert response.status_code == 422
    assert fields_at_fault(response) == [field]


@pytest.mark.parametrize(
    "params", [{"year": 1900}, {"year": 2100}, {"expiring_within": 0}, {"expiring_within": 3650}, {"status": ""}]
)
def test_register_filter_at_its_bounds_is_accepted(client, world, params):
    client.force_login(world["users"]["provincial_officer"])

    response = client.get("/api/v1/certificates/", params)

    assert response.status_code == 200
    assert response.json()["items"] == []
