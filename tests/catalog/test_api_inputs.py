"""Catalogue search: an unknown filter code is a 422 naming the parameter, not an empty page."""

import pytest

from tests.api_errors import fields_at_fault, messages_at_fault


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"market": "EU"}, "market"),
        ({"market": "atlantis"}, "market"),
        ({"certification": "iso_9999"}, "certification"),
        ({"sort": "price"}, "sort"),
    ],
)
def test_unknown_filter_code_is_refused_naming_it(db, client, params, field):
    response = client.get("/api/v1/catalog/search", params)

    assert response.status_code == 422
    assert fields_at_fault(response) == [field]


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
