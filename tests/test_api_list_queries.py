"""Issue 16: an API list costs the same number of SQL queries whatever the number of rows it returns.

Every GET operation of the schema that takes no path parameter and pages its answer (`limit`) is
asked for one row and for a default page, as the central officer (who sees both provinces of the
walk's world) and as a provincial officer; the second answer must hold several rows and take no
more queries than the first: no query per row.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ocop.api import api
from tests.accounts.walk_world import build

pytestmark = pytest.mark.django_db


def paged_lists() -> list[str]:
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        names = {parameter["name"] for parameter in get.get("parameters", []) if parameter.get("in") == "query"}
        if "limit" in names:
            found.append(path)
    return sorted(found)


def _rows(body) -> list:
    return body["items"] if isinstance(body, dict) else body


def _queries(client: Client, url: str) -> tuple[int, int] | None:
    """(rows, queries) of a list, or None when the role may not read it (403)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code == 403:
        return None
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return len(_rows(response.json())), len(captured.captured_queries)


def test_the_lists_include_every_register():
    lists = paged_lists()
    for path in ("/api/v1/producers/", "/api/v1/products/", "/api/v1/certificates/", "/api/v1/trade/listings"):
        assert path in lists


@pytest.mark.parametrize("role", ["central_officer", "provincial_officer"])
def test_no_api_list_makes_a_query_per_row(world, role):
    users, _objects = build(world)
    client = Client()
    client.force_login(users[role])
    covered, grown = [], []
    for path in paged_lists():
        client.get(f"{path}?limit=1")  # warm: per-process caches (reference data) are not the point
        one = _queries(client, f"{path}?limit=1")
        page = _queries(client, path)
        if one is None or page is None or page[0] < 2:
            continue
        covered.append(path)
        if page[1] > one[1]:
            grown.append(f"{path}: {one[1]} queries for 1 row, {page[1]} for {page[0]}")
    assert grown == []
    assert len(covered) >= 20, f"{role}: only {len(covered)} lists held two rows: {covered}"
