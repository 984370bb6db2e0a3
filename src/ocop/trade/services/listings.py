"""Writes of marketplace listings and sales points."""

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.policy import require_change
from ocop.accounts.system import SystemCaller, require_system_caller
from ocop.core.services import audit_changes, audit_record, fields_apply, snapshot
from ocop.core.text import fold_vietnamese
from ocop.products.models import Product
from ocop.trade.models import (
    Listing,
    Platform,
    SalesPoint,
)
from ocop.trade.services.common import (
    LISTING_FIELDS,
    SALES_POINT_FIELDS,
    require_manage_province,
)

# --- Listings -----------------------------------------------------------------------------------


def platform_domains(platform: Platform) -> list[str]:
    return [domain.strip().lower().lstrip(".") for domain in platform.domain.split(",") if domain.strip()]


def _host_matches(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def listing_url_problems(platform: Platform, url: str) -> tuple[list[str], list[str]]:
    """(errors, warnings) about a listing's address on a platform.

    Errors: not http(s), not a valid address, or not on the platform's domain when it has one.
    Warnings (the listing is still saved): an own-shop address on a known platform's domain, plain http.
    """
    errors: list[str] = []
    warnings: list[str] = []
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return [_("Đường dẫn phải là một địa chỉ web đầy đủ, bắt đầu bằng https:// hoặc http://.")], []
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    domains = platform_domains(platform)
    if domains:
        if not any(_host_matches(host, domain) for domain in domains):
            errors.append(
                _("Đường dẫn %(host)s không thuộc sàn %(platform)s (tên miền %(domains)s).")
                % {"host": host, "platform": platform.name, "domains": ", ".join(domains)}
            )
    else:
        for other in Platform.objects.exclude(domain="").exclude(pk=platform.pk):
            if any(_host_matches(host, domain) for domain in platform_domains(other)):
                warnings.append(
                    _("Đường dẫn này thuộc sàn %(other)s: nên chọn sàn %(other)s thay vì %(platform)s.")
                    % {"other": other.name, "platform": platform.name}
                )
                break
    if url.lower().startswith("http://"):
        warnings.append(_("Đường dẫn dùng http (không mã hoá): nên dùng https nếu trang hỗ trợ."))
    return errors, warnings


def _check_listing(listing: Listing) -> None:
    errors, _warnings = listing_url_problems(listing.platform, listing.url)
    if errors:
        raise ValidationError({"url": errors})
    listing.full_clean()


@transaction.atomic
def listing_create(
    *, actor: User | None, system: SystemCaller | None = None, product: Product, **fields: Any
) -> Listing:
    if actor is None:
        require_system_caller(system)
    else:
        require_change(actor, product)
    listing = Listing(product=product, **fields)
    listing.url = (listing.url or "").strip()
    _check_listing(listing)
    listing.save()
    audit_record(actor=actor, action="trade.listing_create", target=listing, after=snapshot(listing, LISTING_FIELDS))
    return listing


@transaction.atomic
def listing_update(*, actor: User | None, listing: Listing, changes: dict[str, Any]) -> Listing:
    locked = Listing.objects.select_for_update().select_related("platform").get(pk=listing.pk)
    require_change(actor, locked)
    before = fields_apply(locked, changes, editable=LISTING_FIELDS)
    locked.url = (locked.url or "").strip()
    _check_listing(locked)
    locked.save()
    audit_changes(actor=actor, action="trade.listing_update", target=locked, before=before)
    return locked


# --- Sales points -------------------------------------------------------------------------------


def _check_sales_point_products(point: SalesPoint, products: list[Product]) -> None:
    for product in products:
        if product.producer.commune.province_id != point.commune.province_id:
            raise ValidationError(
                {"products": _("Sản phẩm %(name)s không thuộc tỉnh của điểm bán.") % {"name": product}}
            )


@transaction.atomic
def sales_point_create(
    *, actor: User | None, system: SystemCaller | None = None, products: list[Product] | None = None, **fields: Any
) -> SalesPoint:
    point = SalesPoint(**fields)
    if actor is None:
        require_system_caller(system)
    else:
        require_manage_province(actor, point.commune.province_id)
    point.name_folded = fold_vietnamese(f"{point.name} {point.address}")
    point.full_clean()
    _check_sales_point_products(point, products or [])
    point.save()
    if products:
        point.products.set(products)
    after = snapshot(point, SALES_POINT_FIELDS)
    after["products"] = sorted(product.pk for product in products or [])
    audit_record(actor=actor, action="trade.sales_point_create", target=point, after=after)
    return point


@transaction.atomic
def sales_point_update(
    *, actor: User | None, point: SalesPoint, changes: dict[str, Any], products: list[Product] | None = None
) -> SalesPoint:
    locked = SalesPoint.objects.select_for_update().get(pk=point.pk)
    require_change(actor, locked)
    before = fields_apply(locked, changes, editable=SALES_POINT_FIELDS)
    if "commune" in changes:
        require_manage_province(actor, locked.commune.province_id)
    locked.name_folded = fold_vietnamese(f"{locked.name} {locked.address}")
    locked.full_clean()
    if products is not None:
        _check_sales_point_products(locked, products)
    locked.save()
    after = snapshot(locked, list(changes))
    if products is not None:
        before["products"] = sorted(locked.products.values_list("pk", flat=True))
        locked.products.set(products)
        after["products"] = sorted(product.pk for product in products)
    if before != after:
        audit_record(actor=actor, action="trade.sales_point_update", target=locked, before=before, after=after)
    return locked
