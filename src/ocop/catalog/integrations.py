"""What the catalogue reads from apps that may not have landed yet: each access is guarded.

Every function works (returns nothing / the queryset unchanged) when the other app has not built
the selector or URL yet, so the catalogue pages never break because of a missing neighbour.
"""

import importlib
import logging
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from ocop.catalog.selectors import Bilingual
    from ocop.products.models import Product

logger = logging.getLogger(__name__)


def _selector(module_name: str, name: str):
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    return getattr(module, name, None)


def _reverse(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


# --- certificates -----------------------------------------------------------------------------


def verification_url(certificate) -> str:
    """The public verification page of a certificate (/v/<code>), or "" if that page does not exist."""
    make_code = _selector("ocop.certificates.codes", "make_code")
    if make_code is None or certificate is None:
        return ""
    return _reverse("certificates_public:verify", code=make_code(certificate.pk))


# --- trade ------------------------------------------------------------------------------------


def inquiry_url(product) -> str:
    """The "contact the producer" form for a product, or "" before the trade app provides it."""
    return _reverse("trade:inquiry_new", product_id=product.pk)


def product_listings(product) -> list:
    selector = _selector("ocop.trade.selectors", "product_listings")
    return list(selector(product)) if selector else []


def product_readiness(product) -> list:
    """Export readiness per active market for the public page (certified products only); [] without trade."""
    selector = _selector("ocop.trade.selectors", "public_product_readiness")
    return list(selector(product)) if selector else []


def product_sales_points(product) -> list:
    selector = _selector("ocop.trade.selectors", "product_sales_points")
    return list(selector(product)) if selector else []


def export_markets() -> "list[tuple[str, Bilingual]]":
    """(code, label) of the active target markets for the export-readiness filter; [] without trade."""
    if _selector("ocop.trade.selectors", "filter_export_ready") is None:
        return []
    market = _selector("ocop.trade.models", "Market")
    if market is None:
        return []
    from ocop.catalog.selectors import Bilingual

    rows = market.objects.filter(active=True).order_by("position", "code").values_list("code", "name_vi", "name_en")
    return [(code, Bilingual(vi, en)) for code, vi, en in rows]


def filter_export_ready(products, market_code: str):
    selector = _selector("ocop.trade.selectors", "filter_export_ready")
    return selector(products, market_code) if selector and market_code else products


def _online_q():
    """Products with an active listing on an active platform (trade's own filter when it has one)."""
    listing = _selector("ocop.trade.models", "Listing")
    if listing is None:
        return None
    from django.db.models import Exists, OuterRef

    return Exists(listing.objects.filter(product=OuterRef("pk"), status="active", platform__active=True))


def online_filter_available() -> bool:
    return _selector("ocop.trade.selectors", "filter_available_online") is not None or _online_q() is not None


def filter_available_online(products: "QuerySet[Product]") -> "QuerySet[Product]":
    selector = _selector("ocop.trade.selectors", "filter_available_online")
    if selector is not None:
        return selector(products)
    condition = _online_q()
    return products.filter(condition) if condition is not None else products


# --- promotion --------------------------------------------------------------------------------


def upcoming_events(limit: int = 3) -> list:
    selector = _selector("ocop.promotion.selectors", "upcoming_events")
    if selector is None:
        return []
    return list(selector(limit))


def producer_upcoming_events(producer, limit: int = 3) -> list:
    """Upcoming fairs where this producer has a booth (when promotion offers that selector)."""
    selector = _selector("ocop.promotion.selectors", "producer_upcoming_events")
    if selector is None:
        return []
    return list(selector(producer, limit=limit))


def events_url() -> str:
    return _reverse("promotion:public_events") or _reverse("promotion:events_public")


def verify_form_url() -> str:
    return _reverse("certificates_public:verify_form")
