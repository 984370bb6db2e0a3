"""The one formatter of numbers, money, dates and a record's language (ocop.core.formatting)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from ocop.core.formatting import dmy, in_language, is_english, localized, number, percent, vnd


@pytest.mark.parametrize(
    ("value", "places", "vietnamese", "english"),
    [
        (1250000, 0, "1.250.000", "1,250,000"),
        (0, 0, "0", "0"),
        (-4500, 0, "-4.500", "-4,500"),
        (Decimal("1250.55"), 1, "1.250,6", "1,250.6"),
        (Decimal("0.125"), 2, "0,13", "0.13"),
        (Decimal("999.5"), 0, "1.000", "1,000"),
        ("12500", 0, "12.500", "12,500"),
        (None, 0, "—", "—"),
        ("", 0, "—", "—"),
    ],
)
def test_number_in_each_language(value, places, vietnamese, english):
    with translation.override("vi"):
        assert number(value, places) == vietnamese
    with translation.override("en"):
        assert number(value, places) == english


def test_money_has_one_sign_in_both_languages():
    with translation.override("vi"):
        assert vnd(1250000) == "1.250.000 ₫"
        assert vnd(None) == "—"
    with translation.override("en"):
        assert vnd(1250000) == "1,250,000 ₫"
        assert vnd("") == "—"


def test_percent_and_date():
    with translation.override("vi"):
        assert percent(Decimal("15.46"), 1) == "15,5 %"
        assert percent(336) == "336 %"
    with translation.override("en"):
        assert percent(Decimal("15.46"), 1) == "15.5%"
        assert percent(None) == "—"
    assert dmy(datetime.date(2017, 5, 9)) == "09/05/2017"
    assert dmy(None) == "—"


def test_language_picker_falls_back_to_vietnamese():
    product = SimpleNamespace(name_vi="Chả mực Hạ Long", name_en="Ha Long squid cake")
    untranslated = SimpleNamespace(name_vi="Trà hoa vàng", name_en="")
    event = SimpleNamespace(name="Hội chợ OCOP Quảng Ninh", name_en="Quang Ninh OCOP Fair")
    with translation.override("vi"):
        assert not is_english()
        assert localized(product, "name") == "Chả mực Hạ Long"
        assert localized(event) == "Hội chợ OCOP Quảng Ninh"
        assert in_language("Có", "Yes") == "Có"
    with translation.override("en"):
        assert is_english()
        assert localized(product, "name") == "Ha Long squid cake"
        assert localized(untranslated, "name") == "Trà hoa vàng"
        assert localized(event) == "Quang Ninh OCOP Fair"
        assert in_language("Có", "") == "Có"
        assert localized({"message_vi": "Thiếu cột", "message_en": "Column missing"}, "message") == "Column missing"


def test_template_filters_are_the_core_functions():
    template = Template(
        '{% load ocop %}{{ amount|vnd }} | {{ count|number }} | {{ share|percent:1 }} | {{ day|dmy }} | {{ product|localized:"name" }}'
    )
    context = Context(
        {
            "amount": 6800000000,
            "count": 54000,
            "share": Decimal("57.35"),
            "day": datetime.date(2025, 3, 1),
            "product": SimpleNamespace(name_vi="Chả mực", name_en="Squid cake"),
        }
    )
    with translation.override("vi"):
        assert template.render(context) == "6.800.000.000 ₫ | 54.000 | 57,4 % | 01/03/2025 | Chả mực"
    with translation.override("en"):
        assert template.render(context) == "6,800,000,000 ₫ | 54,000 | 57.4% | 01/03/2025 | Squid cake"
