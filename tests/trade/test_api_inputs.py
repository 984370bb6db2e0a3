"""Trade filters: unknown enum values (422) and market codes (400) are refused naming the parameter."""

import pytest

from tests.api_errors import fields_at_fault


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/trade/listings", {"status": "open"}, "status"),
        ("/api/v1/trade/agreements", {"kind": "mou"}, "kind"),
        ("/api/v1/trade/agreements", {"status": "signed!"}, "status"),
        ("/api/v1/trade/inquiries", {"status": "nope"}, "status"),
    ],
)
def test_unknown_filter_value_is_refused_naming_it(client, world, url, params, field):
    client.force_login(world["users"]["provincial_officer"])

    response = client.get(url, params)

    assert response.status_code == 422
    assert fields_at_fault(response) == [field]


def test_readiness_for_an_unknown_market_is_refused_naming_it(client, world):
    client.force_login(world["users"]["provincial_officer"])

    response = client.get("/api/v1/trade/readiness", {"market": "EU"})

    assert response.status_code == 400
    assert fields_at_fault(response) == ["market"]


def test_readiness_for_one_known_market_has_one_cell_per_product(client, world):
    client.force_login(world["users"]["provincial_officer"])

    response = client.get("/api/v1/trade/readiness", {"market": "jp"})

    assert response.status_code == 200
    assert {cell["market"] for row in response.json()["items"] for cell in row["markets"]} <= {"jp"}
