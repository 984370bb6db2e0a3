"""Every form of the platform (ocop.core.forms.PlatformForm): no colon after a label, no "---------".

Given the forms people fill in, when they are drawn, then each select's empty choice reads
"— chọn —" (English "— choose —") and no label ends in a colon.
"""

import pytest
from django import forms
from django.utils import translation

from ocop.core.forms import PlatformForm
from ocop.producers.forms import ProducerForm
from ocop.products.forms import ProductForm

pytestmark = pytest.mark.django_db


class Example(PlatformForm):
    kind = forms.ChoiceField(label="Loại", choices=[("", "---------"), ("a", "A")], required=False)
    name = forms.CharField(label="Tên")


def test_a_platform_form_has_no_colon_after_its_labels_and_says_choose():
    html = Example().as_p()
    assert "Tên</label>" in html
    assert "Tên:" not in html
    assert "— chọn —" in html
    assert "---------" not in html


@pytest.mark.parametrize("form_class", [ProducerForm, ProductForm])
def test_model_forms_offer_choose_instead_of_dashes_in_both_languages(form_class):
    assert "---------" not in form_class().as_p()
    assert "— chọn —" in form_class().as_p()
    with translation.override("en"):
        assert "— choose —" in form_class().as_p()


def test_the_product_set_is_chosen_by_its_name_under_its_criteria_version_without_a_code_prefix():
    html = ProductForm().as_p()
    assert "QD148 ·" not in html
    assert '<optgroup label="Bộ tiêu chí OCOP theo Quyết định 148/QĐ-TTg (từ 2023)">' in html
    assert "01. Rau, củ, quả, hạt tươi</option>" in html
    with translation.override("en"):
        assert "01. Fresh vegetables, tubers, fruits and nuts</option>" in ProductForm().as_p()
