"""GET /api/v1/exchange/export: who may call it, what a provincial officer gets, clear 4xx for bad
parameters, the declared schema, and a query count that does not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.api import api
from tests.factories import ProducerFactory, ProductFactory, commune, make_certificate

pytestmark = pytest.mark.django_db
URL = "/api/v1/exchange/export"


def _get(client, user, query=""):
    if user is not None:
        client.force_login(user)
    return client.get(f"{URL}{query}")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("producer", 403),
        ("other_producer", 403),
        ("commune_officer", 403),
        ("council_member", 403),
        ("buyer", 403),
        ("provincial_officer", 200),
        ("central_officer", 200),
        ("admin", 200),
    ],
)
def test_only_the_central_and_provincial_offices_may_export(client, world, role, status):
    response = _get(client, world["users"][role])
    assert response.status_code == status
    if status == 403:
        assert response.json()["code"] == "forbidden"


def test_anonymous_is_asked_to_log_in(client, world):
    response = _get(client, None)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_provincial_officer_gets_their_province_only(client, world):
    officer = world["users"]["provincial_officer"]  # Quảng Ninh (22)
    document = _get(client, officer).json()
    assert sorted(p["legal_name"] for p in document["producers"]) == sorted(
        [world["qn"].legal_name, world["qn_other"].legal_name]
    )
    assert document["source"]["province_code"] == 22
    assert _get(client, officer, "?province=22").status_code == 200
    refused = _get(client, officer, "?province=15")
    assert refused.status_code == 403


def test_the_central_office_gets_every_province_or_the_one_it_asks_for(client, world):
    central = world["users"]["central_officer"]
    assert len(_get(client, central).json()["producers"]) == 3
    document = _get(client, central, "?province=15").json()
    assert [p["legal_name"] for p in document["producers"]] == [world["lc"].legal_name]


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("?since=yesterday", 400, "since"),
        ("?since=2026-13-01", 400, "since"),
        ("?since=9999-01-01", 400, "since"),
        ("?province=99999", 400, "province"),
        ("?province=0", 422, None),
        ("?province=abc", 422, None),
        ("?since=" + "1" * 41, 422, None),
    ],
)
def test_bad_parameters_are_a_clear_4xx(client, world, query, status, field):
    response = _get(client, world["users"]["central_officer"], query)
    assert response.status_code == status
    body = response.json()
    assert body["detail"]
    if field:
        assert [error["field"] for error in body["errors"]] == [field]


def test_since_in_the_api(client, world):
    response = _get(client, world["users"]["admin"], "?since=2100-01-01")
    assert response.status_code == 200
    assert response.json()["producers"] == []
    assert response.json()["since"] == "2099-12-31T17:00:00Z"


def test_the_operation_is_in_the_openapi_document_with_its_schema():
    schema = api.get_openapi_schema()
    operation = schema["paths"][URL]["get"]
    assert {"200", "401", "403"} <= {str(status) for status in operation["responses"]}
    certificate = schema["components"]["schemas"]["ExchangeCertificateOut"]["properties"]
    assert certificate["number"]["type"] == "string"
    assert "supersedes_number" in certificate


def _queries(client, user) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert _get(client, user).status_code == 200
    return len(captured)


def _add_rows(start: int, count: int) -> None:
    for index in range(start, start + count):
        producer = ProducerFactory(commune=commune(6970))
        product = ProductFactory(producer=producer, gtin="")
        make_certificate(product, number=f"22-6970-{index:04d}-2099-Q")


def test_the_query_count_does_not_grow_with_the_rows(client, world):
    central = world["users"]["central_officer"]
    client.force_login(central)
    _add_rows(0, 2)
    few = _queries(client, central)
    _add_rows(2, 10)
    many = _queries(client, central)
    assert many == few
    assert few <= 16  # session, user, the four tables; the rest is the login's bookkeeping
