"""Clean public URLs: /catalog/san-pham/<id>-<slug>/ and /catalog/chu-the/<id>-<slug>/.

The slug is the folded name (`Chả mực Hạ Long` → `cha-muc-ha-long`); the id keeps the URL stable
when the name changes (the old slug redirects to the new one).
"""

from django.urls import reverse
from django.utils.text import slugify

from ocop.core.text import fold_vietnamese


def slug_for(name: str) -> str:
    return slugify(fold_vietnamese(name))[:80].strip("-") or "ocop"


def product_url(product) -> str:
    return reverse("catalog:product", kwargs={"pk": product.pk, "slug": slug_for(product.name_vi)})


def producer_url(producer) -> str:
    return reverse("catalog:producer", kwargs={"pk": producer.pk, "slug": slug_for(producer.legal_name)})
