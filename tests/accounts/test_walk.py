"""Every role over every page and every API operation, inside its scope and outside it.

The pages are read from the URL patterns and the API operations from the OpenAPI schema, so an
endpoint added without an expected row in walk_expected.py fails `test_every_endpoint_has_a_row`.
Each page is asked with GET and with an empty POST, each API operation with its method and a body
that its schema accepts; every request that takes an object is asked twice, for the record of the
"a" side (the Ba Chẽ producer's, Quảng Ninh's) and of the "b" side (the Hạ Long producer's, Lào
Cai's), see walk_world.py. Writes go through a client that enforces CSRF, with the token.

Each request runs in a savepoint that is rolled back, so every row starts from the same world.
A refusal (401, 403, 404, 405, 400, 422, 429 or the redirect to the login page) must not have run a
single INSERT, UPDATE or DELETE (the login session aside): nothing changed. A GET that answers 200
must not show a marker string (a buyer's e-mail, an agreement's number) to a role that may not read
it, and no history page may be open where the object's own page is not.

The expected status per role is in walk_expected.py, one row per request; run
`OCOP_WALK_WRITE=<folder> pytest tests/accounts/test_walk.py` to write what the code answers today
(one JSON file per role) and compare.
"""

import json
import os
import re
from copy import deepcopy
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from ocop.api import api
from tests.accounts import walk_expected
from tests.accounts.walk_world import build

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "producer",
    "other_producer",
    "commune_officer",
    "provincial_officer",
    "other_provincial_officer",
    "council_assigned",
    "council_unassigned",
    "central_officer",
    "buyer",
    "admin",
]
LOGIN = "/accounts/login/"
CSRF_TOKEN = "walkwalkwalkwalkwalkwalkwalkwalk"  # 32 characters: an unmasked CSRF secret
SKIPPED_PREFIXES = ("admin/", "api/v1/")  # Django's admin guards itself (staff only); the API is walked below
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# --- the endpoints ---------------------------------------------------------------------------------


def _patterns(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or ""), pattern.callback


def page_views() -> list[tuple[str, str, object]]:
    """(route, name, view) of every page outside the admin and the API."""
    return [
        (route, name, view)
        for route, name, view in _patterns(get_resolver().url_patterns)
        if not route.startswith(SKIPPED_PREFIXES)
    ]


def pages() -> list[tuple[str, str]]:
    """(route, name) of every page outside the admin and the API."""
    return [(route, name) for route, name, _view in page_views()]


def operations() -> list[tuple[str, str, dict]]:
    """(method, path, operation) of every API operation in the OpenAPI schema."""
    schema = api.get_openapi_schema()
    return [(method.upper(), path, op) for path, ops in schema["paths"].items() for method, op in ops.items()]


# The record a route's `pk` names, by route name.
PK_KIND = {
    "producers:": "producer",
    "products:document_edit": "document",
    "products:": "product",
    "imports:": "import_job",
    "jobs:": "export_job",
    "evaluations:round": "round",
    "evaluations:historical_job": "historical",
    "evaluations:": "dossier",
    "certificates:": "certificate",
    "stamps:report_handle": "stamp_report",
    "stamps:": "stamp_run",
    "promotion:import_preview": "figure_import",
    "promotion:import_progress": "figure_import",
    "promotion:booth_sales": "booth",
    "promotion:series_report": "series",
    "promotion:": "event",
    "trade:credential_edit": "credential",
    "trade:listing_edit": "listing",
    "trade:sales_point": "sales_point",
    "trade:agreement": "agreement",
    "trade:inquiry": "inquiry",
    "catalog:product": "product",
    "catalog:producer": "producer",
    "programme:sales_delete": "sales",
    "programme:sales_import_preview": "sales_import",
    "programme:sales_import_progress": "sales_import",
    "core:history": "dossier",
}
# Path parameters of the API, by name (`job_id` by the path it is in).
PARAM_KIND = {
    "producer_id": "producer",
    "product_id": "product",
    "dossier_id": "dossier",
    "evidence_id": "evidence",
    "round_id": "round",
    "certificate_id": "certificate",
    "event_id": "event",
    "booth_id": "booth",
    "series_id": "series",
    "listing_id": "listing",
    "point_id": "sales_point",
    "agreement_id": "agreement",
    "inquiry_id": "inquiry",
    "line_id": "sales",
    "photo_id": "photo",
    "market_code": "market",
}
FIXED = {
    "kind": "producers",
    "version": "qd148",
    "product_set": "12",
    "year": "2025",
    "day": "2025-03-01",
    "uidb64": "MQ",
    "token": "set-password",
    "slug": "tra",
    "model_label": "evaluations.dossier",
    "queue": "certificates-expiring-30",
}
ACTIONS = {"evaluations:dossier_action": "submit", "evaluations:round_action": "close"}


def _pk_kind(name: str) -> str:
    return next(kind for prefix, kind in PK_KIND.items() if name.startswith(prefix))


def _kinds(route: str, name: str) -> dict[str, str]:
    """The path parameters of a page and the record kind each names."""
    params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
    kinds = {}
    for param in (a or b for a, b in params):
        if param == "pk":
            kinds[param] = _pk_kind(name)
        elif param == "gtin":
            kinds[param] = "gtin"
        elif param == "code":
            kinds[param] = "code" if name.startswith("certificates_public") else "indicator"
        elif param == "name":  # an uploaded file: the evidence file of the dossier
            kinds[param] = "evidence_file"
        elif param in PARAM_KIND:
            kinds[param] = PARAM_KIND[param]
    return kinds


def _value(kind: str, variant: str, objects: dict) -> str:
    if kind == "indicator":
        return "producers"
    if kind == "evidence_file":
        return objects["evidence"][variant].file.name
    found = objects[kind][variant]
    return str(getattr(found, "pk", found))


def page_requests(objects: dict) -> list[tuple[str, str, str]]:
    """(row key, method, url) for every page: GET and POST, on the "a" and the "b" record if it takes one."""
    requests = []
    for route, name in pages():
        label = name or route
        kinds = _kinds(route, name)
        variants = ["a", "b"] if kinds else ["-"]
        for variant in variants:
            if route.startswith("^01/"):
                url = "/01/" + objects["gtin"][variant]
            else:
                url = "/" + route
                for param in re.findall(r"<(?:\w+:)?(\w+)>", route):
                    if param in kinds:
                        value = _value(kinds[param], variant, objects)
                    else:
                        value = ACTIONS.get(name) or FIXED[param]
                    url = re.sub(rf"<(?:\w+:)?{param}>", value, url)
            for method in ("GET", "POST"):
                requests.append((f"{method} {label} {variant}", method, url))
    return requests + history_requests(objects)


def scoped_models() -> list[str]:
    """Every model the policy scopes, by label: each has a history page."""
    return sorted(model._meta.label_lower for model in apps.get_models() if getattr(model, "scope_paths", None))


# The world's record of each scoped model; a model without one is asked for a row that does not exist.
HISTORY_KIND = {
    "producers.producer": "producer",
    "products.product": "product",
    "products.productphoto": "photo",
    "products.certificationdocument": "document",
    "imports.importjob": "import_job",
    "evaluations.evaluationround": "round",
    "evaluations.council": "council",
    "evaluations.dossier": "dossier",
    "evaluations.evidencefile": "evidence",
    "evaluations.historicalimport": "historical",
    "certificates.certificate": "certificate",
    "stamps.stamprun": "stamp_run",
    "promotion.eventseries": "series",
    "promotion.event": "event",
    "promotion.booth": "booth",
    "promotion.dailyvisits": "visits",
    "promotion.boothsale": "booth_sale",
    "promotion.figureimport": "figure_import",
    "trade.distributionagreement": "agreement",
    "trade.listing": "listing",
    "trade.salespoint": "sales_point",
    "trade.exportcredential": "credential",
    "trade.exportprofile": "export_profile",
    "trade.inquiry": "inquiry",
    "programme.salesline": "sales",
}


# The page that shows a scoped model's record: its history must never be open where that page is not.
OBJECT_PAGE = {
    "producers.producer": "producers:detail",
    "products.product": "products:detail",
    "imports.importjob": "imports:job",
    "evaluations.evaluationround": "evaluations:round",
    "evaluations.dossier": "evaluations:dossier",
    "evaluations.evidencefile": "evaluations:evidence_download",
    "evaluations.historicalimport": "evaluations:historical_job",
    "certificates.certificate": "certificates:detail",
    "stamps.stamprun": "stamps:run_detail",
    "promotion.event": "promotion:event_detail",
    "promotion.booth": "promotion:booth_sales",
    "promotion.figureimport": "promotion:import_preview",
    "promotion.eventseries": "promotion:series_report",
    "trade.distributionagreement": "trade:agreement_detail",
    "trade.salespoint": "trade:sales_point_detail",
    "trade.inquiry": "trade:inquiry_detail",
    "trade.exportprofile": "trade:product_export",
}


def history_requests(objects: dict) -> list[tuple[str, str, str]]:
    """GET of the history page of the "a" and the "b" record of every scoped model."""
    requests = []
    for label in scoped_models():
        for variant in ("a", "b"):
            pk = _value(HISTORY_KIND[label], variant, objects) if label in HISTORY_KIND else "0"
            requests.append((f"GET history {label} {variant}", "GET", f"/history/{label}/{pk}/"))
    return requests


# Ids in a body that no path parameter names: the first row of their model, which is id 1 on SQLite
# (its ids restart with each test) but not on PostgreSQL (sequences go on across tests).
FIRST_ROW_OF = {
    "chair_id": "accounts.User",
    "secretary_id": "accounts.User",
    "member_id": "evaluations.CouncilMember",
    "partner_id": "trade.Partner",
}


def _first_pk(label: str) -> int:
    first = apps.get_model(label).objects.order_by("pk").values_list("pk", flat=True).first()
    return first if first is not None else 1


def _schema(ref_or_schema: dict, components: dict) -> dict:
    if "$ref" in ref_or_schema:
        return components[ref_or_schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in ref_or_schema:
        return _schema(ref_or_schema["allOf"][0], components)
    return ref_or_schema


def _field(name: str, spec: dict, components: dict, variant: str, objects: dict):
    spec = _schema(spec, components)
    if "anyOf" in spec:
        spec = _schema(next(s for s in spec["anyOf"] if s.get("type") != "null"), components)
    if name in PARAM_KIND:
        return int(_value(PARAM_KIND[name], variant, objects)) if name != "market_code" else objects["market"][variant]
    if "enum" in spec:
        return spec["enum"][0]
    kind = spec.get("type")
    if kind == "integer" and name in FIRST_ROW_OF:
        return _first_pk(FIRST_ROW_OF[name])
    if kind in ("integer", "number"):
        value = 2025 if name == "year" else 1
        return min(max(value, spec.get("minimum", value)), spec.get("maximum", value))
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if kind == "object":
        return _body(spec, components, variant, objects)
    if spec.get("format") == "date":
        return "2025-03-01"
    if "email" in name:
        return "walk@example.test"
    return "walk"


def _body(spec: dict, components: dict, variant: str, objects: dict) -> dict:
    spec = _schema(spec, components)
    properties = spec.get("properties", {})
    return {
        name: _field(name, properties[name], components, variant, objects)
        for name in spec.get("required", [])
        if name in properties
    }


def _body_names(request_body: dict, components: dict) -> set[str]:
    names = set()
    for content in request_body.get("content", {}).values():
        names |= set(_schema(content["schema"], components).get("required", []))
    return names


def _query_names(op: dict) -> set[str]:
    return {p["name"] for p in op.get("parameters", []) if p["in"] == "query" and p.get("required")}


def api_requests(objects: dict) -> list[tuple[str, str, str, dict]]:
    """(row key, method, url, client keyword arguments) for every API operation, per variant."""
    components = api.get_openapi_schema()["components"]["schemas"]
    requests = []
    for method, path, op in operations():
        params = re.findall(r"{(\w+)}", path)
        names = set(params) | _body_names(op.get("requestBody", {}), components) | _query_names(op)
        variants = ["a", "b"] if names & (set(PARAM_KIND) | {"job_id", "code"}) else ["-"]
        for variant in variants:
            url = path
            for param in params:
                if param == "job_id":
                    kind = (
                        "historical"
                        if "historical" in path
                        else "export_job"
                        if path.startswith("/api/v1/jobs/")
                        else "import_job"
                    )
                    value = _value(kind, variant, objects)
                elif param == "code":
                    value = _value("code" if "certificates" in path else "indicator", variant, objects)
                elif param in PARAM_KIND:
                    value = _value(PARAM_KIND[param], variant, objects)
                else:
                    value = FIXED[param]
                url = url.replace("{" + param + "}", value)
            query = {
                p["name"]: _field(p["name"], p["schema"], components, variant, objects)
                for p in op.get("parameters", [])
                if p["in"] == "query" and p.get("required")
            }
            if query:
                url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
            kwargs: dict = {}
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = _body(content["application/json"]["schema"], components, variant, objects)
                kwargs = {"data": json.dumps(body), "content_type": "application/json"}
            elif "multipart/form-data" in content:
                spec = content["multipart/form-data"]["schema"]
                form = {}
                for name, field in spec.get("properties", {}).items():
                    if field.get("format") == "binary":
                        form[name] = (name, field)
                    elif name in spec.get("required", []):
                        form[name] = _field(name, field, components, variant, objects)
                kwargs = {"multipart": form}
            requests.append((f"{method} {path} {variant}", method, url, kwargs))
    return requests


# --- the walk --------------------------------------------------------------------------------------


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# The login session and the login-attempt log are the only tables a refused request may write.
BOOKKEEPING = ("django_session", "axes_")


def writes(queries: list[dict]) -> list[str]:
    """The SQL statements among `queries` that change a row of the platform."""
    return [
        query["sql"][:120]
        for query in queries
        if WRITE.match(query["sql"]) and not any(table in query["sql"] for table in BOOKKEEPING)
    ]


def _files(form: dict) -> dict:
    data = {}
    for name, value in form.items():
        if isinstance(value, tuple):
            image = name == "image"
            data[name] = SimpleUploadedFile(
                "walk.png" if image else "walk.pdf", PNG if image else PDF, "image/png" if image else "application/pdf"
            )
        else:
            data[name] = value
    return data


def send(client: Client, method: str, url: str, kwargs: dict):
    headers = {"HTTP_X_CSRFTOKEN": CSRF_TOKEN}
    if "multipart" in kwargs:
        return client.post(url, data=_files(kwargs["multipart"]), **headers)
    if method == "GET":
        return client.get(url, **kwargs)
    return getattr(client, method.lower())(url, **kwargs, **headers)


def code_of(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(LOGIN):
        return "L"
    return str(response.status_code)


# Strings that only the roles given may read anywhere: a buyer's e-mail, an agreement's number.
MARKERS = {
    "buyer@import.example": {"producer", "provincial_officer", "buyer", "admin"},
    "other@import.example": {"other_producer", "provincial_officer", "admin"},
    "WALK-AGREEMENT-A": {"provincial_officer", "central_officer", "admin"},
    "WALK-AGREEMENT-B": {"other_provincial_officer", "central_officer", "admin"},
}
REFUSALS = {"L", "400", "401", "403", "404", "405", "422", "429"}


def walk(role: str, users: dict, objects: dict) -> tuple[dict[str, str], list[str], list[str]]:
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(users[role])
    client.cookies["csrftoken"] = CSRF_TOKEN
    cookies = deepcopy(client.cookies)
    requests = [(key, method, url, {}) for key, method, url in page_requests(objects)] + api_requests(objects)
    seen, changed, exposed = {}, [], []
    for key, method, url, kwargs in requests:
        cache.clear()
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            try:
                response = send(client, method, url, kwargs)
                seen[key] = code_of(response)
            except Exception as error:  # noqa: BLE001 - a crash is a row of the table, not the end of the walk
                seen[key] = f"E:{type(error).__name__}"
            if method == "GET" and seen[key] == "200" and not getattr(response, "streaming", False):
                text = response.content.decode(errors="replace")
                exposed += [
                    f"{key}: {marker}" for marker, roles in MARKERS.items() if marker in text and role not in roles
                ]
            if seen[key] in REFUSALS and writes(queries.captured_queries):
                changed.append(f"{key} ({seen[key]}): {writes(queries.captured_queries)}")
            transaction.set_rollback(True)
        client.cookies = deepcopy(cookies)
    return seen, changed, exposed


@pytest.fixture
def walk_world(world):
    return build(world)


def test_every_endpoint_has_a_row(walk_world):
    _, objects = walk_world
    keys = {key for key, *_ in page_requests(objects)} | {key for key, *_ in api_requests(objects)}
    assert len(keys) == len(page_requests(objects)) + len(api_requests(objects))
    assert sorted(keys - set(walk_expected.EXPECTED)) == [], "add a row for each new endpoint to walk_expected.py"
    assert sorted(set(walk_expected.EXPECTED) - keys) == [], "remove the rows of endpoints that no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_over_every_endpoint(walk_world, role):
    users, objects = walk_world
    seen, changed, exposed = walk(role, users, objects)
    if os.environ.get("OCOP_WALK_WRITE"):  # a folder: the statuses seen, one JSON file per role
        (Path(os.environ["OCOP_WALK_WRITE"]) / f"{role}.json").write_text(json.dumps(seen, ensure_ascii=False))
    assert changed == [], "a refused request changed rows"
    assert exposed == [], "a page or API answer shows what the role may not see"
    leaks = [
        f"{key}: history {code}, {OBJECT_PAGE[key.split()[2]]} {seen[f'GET {OBJECT_PAGE[key.split()[2]]} {key[-1]}']}"
        for key, code in seen.items()
        if key.startswith("GET history ") and code == "200" and key.split()[2] in OBJECT_PAGE
        if seen[f"GET {OBJECT_PAGE[key.split()[2]]} {key[-1]}"] != "200"
    ]
    assert leaks == [], "a history page is open to a role for which the object itself is not"
    column = ROLES.index(role)
    wanted = {key: row.split()[column] for key, row in walk_expected.EXPECTED.items() if key in seen}
    mismatches = {
        key: f"expected {wanted.get(key)}, got {code}" for key, code in seen.items() if wanted.get(key) != code
    }
    assert mismatches == {}, "status differs from walk_expected.py"


def test_a_session_write_without_the_csrf_token_is_refused(walk_world):
    """The walk's client enforces CSRF: without the token a session write is 403 and changes nothing."""
    users, objects = walk_world
    product = objects["product"]["a"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["provincial_officer"])
    body = {"data": json.dumps({"name_vi": "Đổi tên"}), "content_type": "application/json"}
    with CaptureQueriesContext(connection) as queries:
        refused = client.patch(f"/api/v1/products/{product.pk}", **body)
    assert refused.status_code == 403
    assert writes(queries.captured_queries) == []
    client.cookies["csrftoken"] = CSRF_TOKEN
    accepted = client.patch(f"/api/v1/products/{product.pk}", **body, HTTP_X_CSRFTOKEN=CSRF_TOKEN)
    assert accepted.status_code == 200
    product.refresh_from_db()
    assert product.name_vi == "Đổi tên"
