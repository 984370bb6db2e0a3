from django import template

from ocop.catalog import links
from ocop.core.text import fold_vietnamese

register = template.Library()


@register.filter
def product_url(product) -> str:
    return links.product_url(product)


@register.filter
def producer_url(producer) -> str:
    return links.producer_url(producer)


@register.filter
def star_range(stars) -> range:
    return range(stars or 0)


@register.filter
def first_photo(product):
    photos = getattr(product, "photo_list", None)
    if photos is None:
        photos = list(product.photos.all())
    return photos[0] if photos else None


@register.filter
def initials(name: str) -> str:
    """Two initials without tone marks, for photo placeholders: "Mực ống Cô Tô" → "MO"."""
    words = [word for word in fold_vietnamese(name or "").split() if word[:1].isalpha()]
    return "".join(word[0] for word in words[:2]).upper() or "★"


@register.filter
def hue(value) -> int:
    """A stable colour angle per id, for the photo placeholders."""
    try:
        return (int(value) * 47) % 360
    except (TypeError, ValueError):
        return 20
