"""The OpenAPI document at /api/v1/openapi.json describes the shapes the API actually returns."""

import json
import typing

import pytest
from pydantic import BaseModel

from ocop.api import api

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema(path_prefix="/api/v1/")


def _operations():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def _models(annotation, found: set) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _models(argument, found)


def test_no_two_schemas_share_a_name(document):
    """Two different classes under one name would leave one of them undescribed (the last one wins)."""
    found: set = set()
    for operation in _operations():
        for model in list((operation.response_models or {}).values()) + list(operation.models):
            if model:
                _models(model, found)
    shapes: dict[str, set[str]] = {}
    for model in found:
        if model.__name__ in document["components"]["schemas"]:
            shape = json.dumps(model.model_json_schema(ref_template="{model}"), sort_keys=True, default=str)
            shapes.setdefault(model.__name__, set()).add(shape)
    collisions = sorted(name for name, variants in shapes.items() if len(variants) > 1)
    assert collisions == []
    assert [name for name in document["components"]["schemas"] if "__" in name] == []


def test_the_served_document_is_the_same(client, document):
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert sorted(served.json()["components"]["schemas"]) == sorted(document["components"]["schemas"])


def test_every_list_is_described_as_the_page_shape(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            success = operation["responses"].get("200") or operation["responses"].get("201") or {}
            schema = success.get("content", {}).get("application/json", {}).get("schema", {})
            assert schema.get("type") != "array", f"{method.upper()} {path} answers a bare array"
            if "$ref" in schema:
                component = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
                if component.get("properties", {}).get("items", {}).get("type") == "array":
                    assert {"items", "count", "limit", "offset"} <= set(component["properties"]), path
