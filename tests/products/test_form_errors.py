"""A refused product form keeps what was typed and says each error once, beside the field it concerns."""

import pytest
from django.urls import reverse

from ocop.products.models import Product
from tests.confirm_helpers import csrf_client, post
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
PRICE = "Giá thấp nhất không được lớn hơn giá cao nhất."


def product_post(product, **changes) -> dict:
    data = {
        "name_vi": product.name_vi,
        "name_en": product.name_en,
        "product_set": product.product_set_id or "",
        "status": product.status,
        "net_content_unit": "",
    }
    return {key: value for key, value in {**data, **changes}.items() if value is not None}


def field_block(html: str, name: str) -> str:
    """One field of core/_form.html: from its label to the next field."""
    return html.split(f'for="id_{name}"')[1].split('<div class="field">')[0]


def test_the_price_range_error_is_said_once_beside_the_highest_price_and_the_prices_are_kept(world):
    product = ProductFactory(producer=world["qn"], name_vi="Chè Đường Hoa")
    client = csrf_client(world["users"]["producer"])
    url = reverse("products:edit", args=[product.pk])
    page = post(client, url, product_post(product, price_min_vnd="90000", price_max_vnd="50000"), csrf_from=url)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count(PRICE) == 1
    assert PRICE in field_block(html, "price_max_vnd")
    assert 'name="price_min_vnd" value="90000"' in html
    assert 'name="price_max_vnd" value="50000"' in html
    assert PRICE not in field_block(html, "price_min_vnd")
    assert 'class="errorlist nonfield"' not in html
    fresh = Product.objects.get(pk=product.pk)
    assert (fresh.price_min_vnd, fresh.price_max_vnd) == (product.price_min_vnd, product.price_max_vnd)
