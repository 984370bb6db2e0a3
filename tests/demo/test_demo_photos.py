"""The demo products have illustration photos, served like any uploaded photo."""

import pytest

from ocop.demo.loader import demo_load
from ocop.demo.photos import CAPTION
from ocop.products.models import Product, ProductPhoto

pytestmark = pytest.mark.django_db


def test_every_demo_product_gets_one_illustration_once(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    first = demo_load()
    products = Product.objects.filter(is_demo=True)
    assert first.photos_created == products.count() == 13
    assert ProductPhoto.objects.filter(product__in=products).count() == 13
    assert demo_load().photos_created == 0  # a second run changes nothing

    photo = ProductPhoto.objects.select_related("product").get(product__name_vi="Chả mực Hạ Long")
    assert (photo.caption, photo.width, photo.height) == (CAPTION, 800, 600)
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
