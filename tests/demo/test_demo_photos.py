"""The demo products have illustration photos, shipped with the project (small JPEGs drawn for it) and
attached through the platform's own photo path, served like any uploaded photo."""

import pytest
from PIL import Image

from ocop.core.models import AuditEvent
from ocop.demo.data import CAPTION, MEDIA, PHOTOS
from ocop.demo.loader import demo_load
from ocop.products.models import Product, ProductPhoto

pytestmark = pytest.mark.django_db


def test_every_demo_product_gets_one_illustration_once(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    first = demo_load()
    products = Product.objects.filter(is_demo=True)
    assert first.photos_created == products.count() == 13
    assert ProductPhoto.objects.filter(product__in=products).count() == 13
    assert demo_load().photos_created == 0  # a second run changes nothing
    assert AuditEvent.objects.filter(action="product.photo_add", actor=None).count() == 13

    photo = ProductPhoto.objects.select_related("product").get(product__name_vi="Chả mực Hạ Long")
    assert (photo.caption, photo.width, photo.height) == (CAPTION, 800, 600)
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_the_shipped_pictures_are_small_jpegs_one_per_demo_product():
    assert sorted(path.name for path in MEDIA.iterdir() if path.suffix == ".jpg") == sorted(PHOTOS.values())
    for name in PHOTOS.values():
        path = MEDIA / name
        assert path.stat().st_size < 60 * 1024, name
        with Image.open(path) as image:
            assert (image.format, image.size) == ("JPEG", (800, 600)), name
