"""Field types for the API's schemas and parameters: what the database can hold, said in OpenAPI.

A value outside them is a 422 naming the field, before any query runs; without them a year like
17265742 or a day count like 10**20 reaches PostgreSQL and ends the request in a server error, and
an unknown filter value silently gives an empty list. A code kept in a table (a market) is checked
against the table: a 400 refusal naming the parameter.
"""

import datetime
import re
from typing import Annotated, ClassVar, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import BeforeValidator, ConfigDict, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from ocop.core.errors import DomainError


def _not_a_boolean(value):
    """JSON `true`/`false` is not a number: pydantic's lax mode would read them as 1 and 0."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


# An integer of the API (ids, counts, amounts, numbers): `true`/`false` are a 422 naming the field, as
# OpenAPI's `integer` says; a numeric text in a query string ("12") is still read as 12. At most what
# a 64-bit column holds: a bigger id is a 422, not an overflow in the database driver. The bounds come
# before the validator, so that OpenAPI says them (`minimum`, `maximum`); a type with other bounds is
# made with `bounded_int`, not by adding `Field(ge=…)` to `Int` (pydantic would not describe those).


def bounded_int(low: int, high: int):
    return Annotated[int, Field(ge=low, le=high), BeforeValidator(_not_a_boolean)]


Int = bounded_int(-(2**63), 2**63 - 1)
# A calendar year the registry can hold (founding years, decision years, programme years).
Year = bounded_int(1900, 2100)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_within_years(value):
    """A date written as YYYY-MM-DD in 1900–2100: not a number (pydantic would read 0 as 1970-01-01),
    not year 9999 (a certificate's 36 months would run past the calendar)."""
    if isinstance(value, datetime.date):
        text = value.isoformat()
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        text = value
    else:
        raise ValueError(_("Phải là ngày dạng YYYY-MM-DD."))
    if not 1900 <= int(text[:4]) <= 2100:
        raise ValueError(_("Năm phải từ 1900 đến 2100."))
    return value


# The years 1900–2100 as a JSON Schema pattern on a `date`: OpenAPI then says the range the API
# takes, and a client (or a fuzzer) does not send year 0001 or 9999 believing it valid.
ISO_DATE_PATTERN = "^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"

# A calendar day the API takes: YYYY-MM-DD, year 1900–2100.
IsoDate = Annotated[
    datetime.date,
    BeforeValidator(_iso_date_within_years),
    WithJsonSchema({"type": "string", "format": "date", "pattern": ISO_DATE_PATTERN}),
]
# A count of days ahead or back (certificates last 36 months; ten years is the farthest anyone looks).
Days = bounded_int(0, 3650)


def one_of(*values: str, blank: bool = True):
    """A string that must be one of `values` (an enum in OpenAPI), "" meaning "any" unless blank=False.

    Anything else is a 422 that names the parameter and lists the values it takes.
    """
    return Literal[tuple(([""] if blank else []) + [str(value) for value in values])]


def require_known_code(field: str, value: str, known) -> str:
    """`value` if it is "" or one of the `known` codes (rows of a table, so not an enum in OpenAPI);
    else the API's 400 refusal naming the parameter `field` and listing the codes."""
    codes = sorted(str(code) for code in known)
    if value and value not in codes:
        raise DomainError(
            _("Mã “%(value)s” không có; các mã có: %(codes)s.") % {"value": value, "codes": ", ".join(codes) or "—"},
            field=field,
        )
    return value


def _not_null_in_openapi(schema: dict, model) -> None:
    """OpenAPI: a field that may be left out but not sent as null is its plain type, no default."""
    for name, prop in schema.get("properties", {}).items():
        if name in model.nullable:
            continue
        options = prop.get("anyOf") or []
        if {"type": "null"} in options:
            rest = [option for option in options if option != {"type": "null"}]
            del prop["anyOf"]
            if len(rest) == 1:
                prop.update(rest[0])
            else:
                prop["anyOf"] = rest
        if "default" in prop and prop["default"] is None:
            del prop["default"]


class PatchSchema(Schema):
    """A partial update: a field left out keeps its value; `null` clears only the fields in `nullable`.

    An explicit null for any other field is a 422 naming it (its column cannot hold NULL, and an empty
    text is written as "", not null); OpenAPI describes those fields as not nullable.
    """

    nullable: ClassVar[frozenset[str]] = frozenset()
    model_config = ConfigDict(json_schema_extra=_not_null_in_openapi)

    @model_validator(mode="after")
    def _refuse_null(self):
        refused = sorted(
            name for name in self.model_fields_set if getattr(self, name) is None and name not in self.nullable
        )
        if refused:
            message = _("Không được để trống (null); bỏ trường này đi nếu không đổi.")
            raise ValidationError(
                [
                    {"type": "value_error", "loc": ("body", "payload", name), "msg": message, "ctx": {"error": message}}
                    for name in refused
                ]
            )
        return self


# What ForbiddenCharactersMiddleware lets through, as a JSON Schema pattern: OpenAPI then says that
# text holds no control character, and a client (or a fuzzer) knows before it sends one.
DECIMAL_PATTERN = "^-?[0-9]{1,15}(\\.[0-9]{1,6})?$"
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f]*$"


def describe_text(document: dict) -> dict:
    """Give every plain string and object key of the OpenAPI `document` (parameters, bodies,
    components) TEXT_PATTERN.

    Strings with an enum, a const, a format (dates, e-mail, files) or a pattern of their own keep it.
    """

    def walk(node) -> None:
        if isinstance(node, dict):
            options = node.get("anyOf") or []
            if any(option.get("type") in ("number", "integer") for option in options):
                for option in options:  # a decimal also taken as a string ("12.5"): say which strings
                    if option.get("type") == "string" and "pattern" not in option:
                        option["pattern"] = DECIMAL_PATTERN
            if node.get("type") == "string" and not {"enum", "const", "format", "pattern"} & node.keys():
                node["pattern"] = TEXT_PATTERN
            if node.get("type") == "object" and "propertyNames" not in node:
                node["propertyNames"] = {"pattern": TEXT_PATTERN}  # keys are text too
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in document.get("paths", {}).values():
        for operation in path.values():
            if isinstance(operation, dict):
                walk(operation.get("parameters", []))
                walk(operation.get("requestBody", {}))
    for schema in document.get("components", {}).get("schemas", {}).values():
        walk(schema)
    return document
