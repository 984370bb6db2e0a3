"""The OpenAPI document describes every operation: who may call it, its errors, examples for the main writes."""

import json

import pytest
from django.test import Client

from ocop.accounts.services import api_token_create
from ocop.api import api
from ocop.core.api_docs import EXAMPLES
from ocop.producers.models import Producer

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document():
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))


def _operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _body_schema(operation_id):
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if api.get_openapi_operation_id(operation) == operation_id:
                    body = [model for model in operation.models if model.__ninja_param_source__ == "body"]
                    return next(iter(body[0].model_fields.values())).annotation
    raise AssertionError(f"no operation {operation_id}")


def test_every_operation_has_a_summary_and_a_description(document):
    for path, method, operation in _operations(document):
        assert operation.get("summary"), f"{method} {path}"
        assert operation.get("description"), f"{method} {path}"


def test_every_operation_declares_the_errors_it_can_answer_in_the_one_shape(document):
    for path, method, operation in _operations(document):
        declared = set(operation["responses"])
        if operation.get("security"):
            assert {"401", "403"} <= declared, f"{method} {path}"
        if operation.get("parameters") or operation.get("requestBody"):
            assert {"400", "404", "422"} <= declared, f"{method} {path}"
        for status, response in operation["responses"].items():
            if (
                status >= "400" and status not in SERVER_LIMITS_DECLARED
            ):  # ErrorOut, or a schema that extends it with more for the client
                name = response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
                shape = set(document["components"]["schemas"][name]["properties"])
                assert {"code", "detail", "errors"} <= shape, f"{method} {path} {status}"
    error = document["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == {"code", "detail", "errors"}


# Answered by the HTTP server before the application, in its own HTML page (docs/api.md, "Testing").
SERVER_LIMITS_DECLARED = {"414"}


def test_every_operation_declares_the_servers_414_for_a_too_long_address_as_html(document):
    """gunicorn answers 414 to a request line over 4094 bytes before Django sees it: OpenAPI says so."""
    for path, method, operation in _operations(document):
        too_long = operation["responses"].get("414")
        assert too_long is not None, f"{method} {path}"
        assert set(too_long["content"]) == {"text/html"}, f"{method} {path}"


def test_rate_limited_operations_declare_429(document):
    limited = {(path, method) for path, method, operation in _operations(document) if "429" in operation["responses"]}
    assert limited == {
        ("/api/v1/catalog/search", "get"),
        ("/api/v1/certificates/verify/{code}", "get"),
        ("/api/v1/trade/inquiries", "post"),
    }


def test_the_main_writes_have_an_example_that_fits_their_schema(document):
    with_example = {
        operation["operationId"]
        for _path, _method, operation in _operations(document)
        if any("example" in media for media in operation.get("requestBody", {}).get("content", {}).values())
    }
    assert with_example == set(EXAMPLES)
    for operation_id, (_description, example) in EXAMPLES.items():
        _body_schema(operation_id).model_validate(example)  # raises if the example does not fit


def test_the_producer_example_works_as_written(world):
    _token, key = api_token_create(user=world["users"]["provincial_officer"], name="ví dụ")
    _description, example = EXAMPLES["ocop_producers_api_create_producer"]
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/producers/",
        json.dumps(example),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201, response.content
    assert Producer.objects.get(pk=response.json()["id"]).tax_code == example["tax_code"]


def _referenced(document, schema, found: set) -> set:
    if isinstance(schema, dict):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            if name not in found:
                found.add(name)
                _referenced(document, document["components"]["schemas"][name], found)
        for value in schema.values():
            _referenced(document, value, found)
    elif isinstance(schema, list):
        for value in schema:
            _referenced(document, value, found)
    return found


def test_every_field_a_client_sends_is_described(document):
    sent: set = set()
    for _path, _method, operation in _operations(document):
        _referenced(document, operation.get("requestBody", {}), sent)
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), f"{operation['operationId']}: {parameter['name']}"
    undescribed = [
        f"{name}.{field}"
        for name in sorted(sent)
        for field, schema in document["components"]["schemas"][name].get("properties", {}).items()
        if not schema.get("description")
    ]
    assert undescribed == []


def test_most_fields_returned_are_described(document):
    fields = [
        prop
        for component in document["components"]["schemas"].values()
        for prop in component.get("properties", {}).values()
    ]
    described = sum(1 for prop in fields if prop.get("description"))
    assert described / len(fields) >= 0.85


def test_a_form_offers_no_null_an_optional_field_is_left_out(document):
    """In multipart a null could only be the text "null", which the API refuses (not a number, not a day)."""
    forms = [
        operation["requestBody"]["content"]["multipart/form-data"]["schema"]
        for _path, _method, operation in _operations(document)
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
    ]
    historical = document["paths"]["/api/v1/certificates/historical"]["post"]["requestBody"]["content"]
    properties = historical["multipart/form-data"]["schema"]["properties"]

    assert len(forms) == 5
    assert "null" not in json.dumps(forms)
    assert (properties["valid_from"]["type"], properties["valid_from"]["format"]) == ("string", "date")
    assert {"type": "number"} in properties["total"]["anyOf"]
