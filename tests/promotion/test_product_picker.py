"""The booth form's product picker renders checkboxes that carry what the script searches (folded text,
producer), posts the usual `products` field, and keeps the chosen products on a refused form."""

import re

import pytest

from ocop.promotion.forms import BoothForm
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_checkboxes_carry_the_folded_name_and_the_producer(world):
    tea = ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng Đầm Hà")
    html = str(BoothForm()["products"])
    assert 'class="product-picker"' in html
    assert f'data-producer="{world["qn"].pk}"' in html
    assert 'data-search="tra hoa vang dam ha ' in html
    assert f'name="products" value="{tea.pk}"' in html
    assert 'id="id_products_search"' in html
    assert BoothForm()["products"].id_for_label == "id_products_search"


def test_a_refused_form_keeps_the_chosen_products(world):
    chosen = ProductFactory(producer=world["qn"], name_vi="Chả mực thử")
    other = ProductFactory(producer=world["qn"], name_vi="Nước mắm thử")
    form = BoothForm(data={"number": "", "producer": world["qn"].pk, "products": [chosen.pk]})
    assert not form.is_valid()
    html = str(form["products"])
    assert " checked" in _checkbox(html, chosen.pk)
    assert " checked" not in _checkbox(html, other.pk)


def _checkbox(html: str, pk: int) -> str:
    (tag,) = re.findall(rf'<input type="checkbox" name="products" value="{pk}"[^>]*>', html)
    return tag
