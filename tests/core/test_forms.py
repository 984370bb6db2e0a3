"""One helper puts a service's refusal onto a form (core.forms.form_errors_from); one include renders any form."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from ocop.core.errors import DomainError
from ocop.core.forms import form_error_text, form_errors_from


class NameForm(forms.Form):
    name = forms.CharField(label="Tên")
    note = forms.CharField(label="Ghi chú", required=False, help_text="Không bắt buộc")


def _valid_form() -> NameForm:
    form = NameForm({"name": "Trà", "note": ""})
    assert form.is_valid()
    return form


def test_a_domain_error_goes_on_the_field_it_names():
    form = _valid_form()
    form_errors_from(form, DomainError("Tên đã có.", field="name"))
    assert form.errors == {"name": ["Tên đã có."]}
    assert "name" not in form.cleaned_data


def test_a_domain_error_naming_no_field_of_the_form_goes_above_it():
    for field in (None, "product_set"):
        form = _valid_form()
        form_errors_from(form, DomainError("Không được phép.", field=field))
        assert form.errors == {"__all__": ["Không được phép."]}
        assert form.non_field_errors() == ["Không được phép."]


def test_a_validation_error_per_field_goes_on_each_field_and_the_rest_above():
    form = _valid_form()
    form_errors_from(form, ValidationError({"name": ["Quá dài."], "gtin": ["Sai mã."], "__all__": ["Trùng."]}))
    assert form.errors == {"name": ["Quá dài."], "__all__": ["Sai mã.", "Trùng."]}


def test_a_plain_validation_error_and_any_other_error_go_above_the_form():
    form = _valid_form()
    form_errors_from(form, ValidationError(["Một.", "Hai."]))
    assert form.errors == {"__all__": ["Một.", "Hai."]}
    form = _valid_form()
    form_errors_from(form, ValueError("Lỗi khác."))
    assert form.errors == {"__all__": ["Lỗi khác."]}


def test_a_refused_form_as_one_line_names_each_field_by_its_label():
    form = NameForm({"name": ""})
    assert not form.is_valid()
    form_errors_from(form, DomainError("Không được phép."))
    assert form_error_text(form) == "Tên: Trường này là bắt buộc. Không được phép."


def test_the_form_include_shows_each_field_with_its_error_next_to_it():
    form = _valid_form()
    form_errors_from(form, DomainError("Tên đã có.", field="name"))
    form_errors_from(form, DomainError("Không được phép."))
    html = render_to_string("core/_form.html", {"form": form})
    name_block = html.split('<label for="id_name">')[1].split("</div>\n")[0]
    assert name_block.startswith("Tên *</label>")
    assert 'value="Trà"' in name_block
    assert "Tên đã có." in name_block
    assert (
        '<div class="msg msg-error" role="alert"><ul class="errorlist nonfield"><li>Không được phép.</li></ul></div>'
        in html
    )
    assert '<label for="id_note">Ghi chú</label>' in html
    assert '<span class="helptext">Không bắt buộc</span>' in html
