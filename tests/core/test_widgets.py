"""QuickSelect writes exactly what Django's Select writes, without a template per option."""

import pytest
from django import forms

from ocop.core.widgets import QuickSelect

CHOICES = [("", "Tất cả"), (1, "Trà & <hoa> vàng"), (2, 'Chả mực "Hạ Long"'), ("x y", "Khác")]


def _forms(**field):
    class Django(forms.Form):
        a = forms.TypedChoiceField(required=False, coerce=str, empty_value=None, choices=CHOICES, **field)

    class Quick(forms.Form):
        a = forms.TypedChoiceField(
            required=False, coerce=str, empty_value=None, choices=CHOICES, widget=QuickSelect, **field
        )

    return Django, Quick


@pytest.mark.parametrize("data", [None, {}, {"a": ""}, {"a": "1"}, {"a": "2"}, {"a": "x y"}, {"a": "nope"}])
def test_the_same_html_as_djangos_select(data):
    django_form, quick_form = (form(data) if data is not None else form() for form in _forms())
    if data is not None:  # an invalid choice adds aria-invalid and the error's id, as Django does
        django_form.is_valid()
        quick_form.is_valid()
    assert str(quick_form["a"]) == str(django_form["a"])


def test_attributes_and_an_initial_value_are_kept():
    django_form, quick_form = (form(initial={"a": 2}) for form in _forms(disabled=True))
    html = str(quick_form["a"])
    assert html == str(django_form["a"])
    assert ' disabled id="id_a"' in html or " disabled" in html
    assert '<option value="2" selected>Chả mực &quot;Hạ Long&quot;</option>' in html
