"""Illustration photos for the demo products, shipped in `src/ocop/demo/media/` (drawn for the project by
`ocop.demo.draw_photos`; nothing is fetched), marked "Ảnh minh hoạ / Illustration", so that the catalogue
a new user sees after `make run` has pictures.

Each one is attached through the platform's own photo path (`products.services.product_photo_add`: the
image is checked by `core.images`, resized, stored under /media/ and served like any uploaded photo).
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.accounts.system import SystemCaller
from ocop.demo.data import CAPTION, MEDIA, PHOTOS
from ocop.products.models import Product
from ocop.products.services import product_photo_add


def demo_photos_load() -> int:
    """Attach its shipped picture to each demo product that has no photo; returns how many were attached."""
    made = 0
    for product in Product.objects.filter(is_demo=True, photos__isnull=True, name_vi__in=PHOTOS).order_by("pk"):
        filename = PHOTOS[product.name_vi]
        upload = SimpleUploadedFile(filename, (MEDIA / filename).read_bytes(), content_type="image/jpeg")
        product_photo_add(actor=None, system=SystemCaller.DEMO, product=product, upload=upload, caption=CAPTION)
        made += 1
    return made
