"""OpenAPI says what text the API takes: no control character (the pattern the middleware enforces),
object keys likewise, and decimals written as strings look like decimals."""

import re

from hypothesis import given
from hypothesis import strategies as st

from ocop.api import api
from ocop.core.fields import DECIMAL_PATTERN, ISO_DATE_PATTERN, TEXT_PATTERN
from ocop.core.validators import forbidden_character


def document():
    return api.get_openapi_schema()


def parameter(doc, path, name):
    return next(p["schema"] for p in doc["paths"][path]["get"]["parameters"] if p["name"] == name)


@given(st.text())
def test_the_pattern_accepts_exactly_what_the_middleware_lets_through(text):
    assert (re.fullmatch(TEXT_PATTERN, text) is not None) == (forbidden_character(text) is None)


def test_text_parameters_and_fields_carry_the_pattern():
    doc = document()
    schemas = doc["components"]["schemas"]

    assert parameter(doc, "/api/v1/catalog/search", "q")["pattern"] == TEXT_PATTERN
    assert schemas["ProducerPatch"]["properties"]["legal_name"]["pattern"] == TEXT_PATTERN
    assert schemas["ProducerPatch"]["propertyNames"] == {"pattern": TEXT_PATTERN}


def test_enums_formats_and_numbers_keep_their_own_schema():
    doc = document()
    properties = doc["components"]["schemas"]["ProducerPatch"]["properties"]

    assert "pattern" not in parameter(doc, "/api/v1/certificates/", "status")
    assert properties["registration_date"]["anyOf"][0] == {
        "format": "date",
        "type": "string",
        "pattern": ISO_DATE_PATTERN,
    }
    assert "pattern" not in properties["employees"]["anyOf"][0]


def test_a_decimal_as_a_string_has_the_decimal_pattern():
    net_content = document()["components"]["schemas"]["ProductIn"]["properties"]["net_content"]

    assert {"type": "string", "pattern": DECIMAL_PATTERN} in net_content["anyOf"]
    assert re.fullmatch(DECIMAL_PATTERN, "12.5")
    assert not re.fullmatch(DECIMAL_PATTERN, "")
