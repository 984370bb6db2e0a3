"""Reads of distribution and export data, always within what the user may see.

Public reads used by the catalogue (`product_listings`, `product_sales_points`, `filter_export_ready`)
take no user: active listings, active sales points and readiness are public facts about a product.
"""

from collections.abc import Sequence
from datetime import date
from typing import TypedDict

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.utils import timezone

from ocop.accounts import policy
from ocop.accounts.models import User
from ocop.accounts.policy import role_of, visible
from ocop.core.formatting import is_english
from ocop.core.text import fold_vietnamese
from ocop.products.models import Product
from ocop.products.selectors import public_products
from ocop.trade.models import (
    DistributionAgreement,
    ExportCredential,
    Inquiry,
    InquiryMessage,
    Listing,
    ListingStatus,
    Market,
    MessageSide,
    Platform,
    SalesPoint,
)
from ocop.trade.readiness import Readiness, export_ready_q, product_readiness

# --- ★3+ products: the one place that asks the certificates app -------------------------------


def certified_q(min_stars: int = 3, day: date | None = None) -> Q:
    """Products with a certificate in force on `day` of at least `min_stars` stars."""
    from ocop.certificates.models import Certificate
    from ocop.certificates.selectors import current_q

    current = Certificate.objects.filter(current_q(day), product=OuterRef("pk"), stars__gte=min_stars)
    return Q(Exists(current))


def with_stars(products: QuerySet[Product], day: date | None = None) -> QuerySet[Product]:
    from ocop.certificates.selectors import with_current_stars

    return with_current_stars(products, day)


# --- Catalogue interfaces ----------------------------------------------------------------------


def public_readiness_products(day: date | None = None) -> QuerySet[Product]:
    """The products whose export readiness anyone may read: public (the catalogue's rule) and certified
    (a certificate of any star in force on `day`). A buyer's matrix and the public product page use it."""
    return public_products().filter(certified_q(1, day))


def public_product_readiness(product: Product, day: date | None = None) -> list[Readiness]:
    """Readiness per active market of one product for its public page; [] unless it is public and certified."""
    if not public_readiness_products(day).filter(pk=product.pk).exists():
        return []
    return product_readiness(product, day=day)


def product_listings(product: Product) -> QuerySet[Listing]:
    """Active e-commerce listings of a product (platform name, URL), for "where to buy"."""
    return (
        Listing.objects.filter(product=product, status=ListingStatus.ACTIVE, platform__active=True)
        .select_related("platform")
        .order_by("platform__position", "platform__name", "id")
    )


def product_sales_points(product: Product) -> QuerySet[SalesPoint]:
    """Active OCOP shops and showrooms that carry a product."""
    return (
        SalesPoint.objects.filter(products=product, active=True)
        .select_related("commune__province")
        .order_by("commune__name", "name")
    )


def filter_export_ready(queryset: QuerySet[Product], market_code: str, day: date | None = None) -> QuerySet[Product]:
    """The products of `queryset` fully ready for the market on `day` (today by default).

    An unknown or inactive market code gives no products (a filter that cannot be met).
    """
    market = Market.objects.filter(code=market_code, active=True).first()
    if market is None:
        return queryset.none()
    return queryset.filter(export_ready_q(market, day))


def filter_available_online(queryset: QuerySet[Product]) -> QuerySet[Product]:
    """The products of `queryset` with an active listing on an active platform."""
    active = Listing.objects.filter(product=OuterRef("pk"), status=ListingStatus.ACTIVE, platform__active=True)
    return queryset.filter(Exists(active))


# --- Listings -------------------------------------------------------------------------------


def platforms_active() -> QuerySet[Platform]:
    return Platform.objects.filter(active=True).order_by("position", "name")


def listing_list(
    *,
    user: User | AnonymousUser,
    platform_id: int | None = None,
    status: str = "",
    query: str = "",
    product_id: int | None = None,
) -> QuerySet[Listing]:
    listings = visible(user, Listing.objects.all())
    if platform_id:
        listings = listings.filter(platform_id=platform_id)
    if status:
        listings = listings.filter(status=status)
    if product_id:
        listings = listings.filter(product_id=product_id)
    folded = fold_vietnamese(query)
    if folded:
        listings = listings.filter(
            Q(product__name_folded__contains=folded) | Q(product__producer__name_folded__contains=folded)
        )
    return listings.select_related("product__producer", "platform").order_by(
        "product__name_vi", "platform__position", "id"
    )


class ListingCoverage(TypedDict):
    """The online-listing page's figures (see listing_coverage)."""

    day: date
    platforms: Sequence[Platform]
    products_total: int
    products_online: int
    certified_total: int
    certified_online: int
    certified_on_target: int
    target_platforms: list[Platform]
    certified_missing_target: QuerySet[Product]


def listing_coverage(*, user: User | AnonymousUser, day: date | None = None) -> ListingCoverage:
    """How many products are listed where, and which ★3+ products are not yet online.

    Counts cover the products the user may see (not archived). "Online" = an active listing on an
    active platform; the national target (2022) = every ★3+ product on a platform marked as counting
    for it (Postmart, Voso).
    """
    day = day or timezone.localdate()
    products = visible(user, Product.objects.filter(archived_at__isnull=True))
    active = Listing.objects.filter(status=ListingStatus.ACTIVE, platform__active=True)
    platforms = list(
        platforms_active().annotate(
            product_count=Count(
                "listings__product",
                filter=Q(listings__status=ListingStatus.ACTIVE, listings__product__in=products.values("pk")),
                distinct=True,
            )
        )
    )
    online = Exists(active.filter(product=OuterRef("pk")))
    on_target = Exists(active.filter(product=OuterRef("pk"), platform__counts_for_national_target=True))
    certified = products.filter(certified_q(3, day))
    figures = certified.aggregate(
        total=Count("pk"),
        online=Count("pk", filter=Q(online)),
        on_target=Count("pk", filter=Q(on_target)),
    )
    missing = (
        with_stars(certified.filter(~Q(on_target)), day)
        .select_related("producer__commune")
        .prefetch_related(
            Prefetch(
                "listings",
                queryset=Listing.objects.filter(status=ListingStatus.ACTIVE).select_related("platform"),
                to_attr="active_listings",
            )
        )
        .order_by("producer__commune__name", "name_vi", "pk")
    )
    return {
        "day": day,
        "platforms": platforms,
        "products_total": products.count(),
        "products_online": products.filter(online).count(),
        "certified_total": figures["total"],
        "certified_online": figures["online"],
        "certified_on_target": figures["on_target"],
        "target_platforms": [platform for platform in platforms if platform.counts_for_national_target],
        "certified_missing_target": missing,
    }


# --- Sales points, agreements, credentials ----------------------------------------------------


def sales_point_list(
    *, user: User | AnonymousUser, query: str = "", commune_id: int | None = None, include_inactive: bool = False
) -> QuerySet[SalesPoint]:
    points = SalesPoint.objects.all()
    if role_of(user) is not None:
        points = visible(user, points)
    if not include_inactive:
        points = points.filter(active=True)
    if commune_id:
        points = points.filter(commune_id=commune_id)
    folded = fold_vietnamese(query)
    if folded:
        points = points.filter(name_folded__contains=folded)
    return points.select_related("commune__province").annotate(product_count=Count("products")).order_by("name")


def sales_point_detail_queryset() -> QuerySet[SalesPoint]:
    return SalesPoint.objects.select_related("commune__province").prefetch_related(
        Prefetch("products", queryset=Product.objects.select_related("producer").order_by("name_vi"))
    )


def agreement_list(
    *, user: User | AnonymousUser, kind: str = "", status: str = "", query: str = ""
) -> QuerySet[DistributionAgreement]:
    agreements = visible(user, DistributionAgreement.objects.all())
    if kind:
        agreements = agreements.filter(kind=kind)
    if status:
        agreements = agreements.filter(status=status)
    folded = fold_vietnamese(query)
    if folded:
        agreements = agreements.filter(Q(partner__name_folded__contains=folded) | Q(title__icontains=query.strip()))
    return (
        agreements.select_related("partner", "producer", "province")
        .annotate(product_count=Count("products"))
        .order_by("-signed_on", "-id")
    )


def agreement_detail_queryset() -> QuerySet[DistributionAgreement]:
    return DistributionAgreement.objects.select_related("partner", "producer", "province").prefetch_related(
        Prefetch("products", queryset=Product.objects.select_related("producer").order_by("name_vi"))
    )


def credential_list(
    *, user: User | AnonymousUser, producer_id: int | None = None, product_id: int | None = None
) -> QuerySet[ExportCredential]:
    credentials = visible(user, ExportCredential.objects.all())
    if producer_id:
        credentials = credentials.filter(producer_id=producer_id)
    if product_id:
        producer_of_product = Product.objects.filter(pk=product_id).values("producer_id")[:1]
        credentials = credentials.filter(
            Q(product_id=product_id) | Q(product__isnull=True, producer_id=producer_of_product)
        )
    return credentials.select_related("producer", "product", "market").order_by("kind", "-issued_on", "id")


# --- Readiness --------------------------------------------------------------------------------


def readiness_products(
    *,
    user: User | AnonymousUser,
    query: str = "",
    commune_id: int | None = None,
    certified_only: bool = False,
    day: date | None = None,
) -> QuerySet[Product]:
    """The products the readiness matrix shows, optionally only ★3+: for the trade workspace's roles those
    in their scope, not archived; for a buyer the public products with a certificate in force."""
    if policy.may_see_trade(user):
        products = visible(user, Product.objects.filter(archived_at__isnull=True))
    else:
        products = public_readiness_products(day)
    folded = fold_vietnamese(query)
    if folded:
        products = products.filter(Q(name_folded__contains=folded) | Q(producer__name_folded__contains=folded))
    if commune_id:
        products = products.filter(producer__commune_id=commune_id)
    if certified_only:
        products = products.filter(certified_q(3, day))
    if is_english():
        english = Coalesce(NullIf("name_en", Value("")), "name_vi")
        return products.annotate(display_name=english).order_by("display_name", "pk")
    return products.order_by("name_vi", "pk")


# --- Inquiries --------------------------------------------------------------------------------


def inquiries_visible(user: User | AnonymousUser, queryset: QuerySet[Inquiry] | None = None) -> QuerySet[Inquiry]:
    """The policy's answer (Inquiry.scope_paths): the producer's, the province's, or the buyer's own."""
    return visible(user, Inquiry.objects.all() if queryset is None else queryset)


def inquiry_for(user: User | AnonymousUser, pk: int, *, detail: bool = False) -> Inquiry:
    """One inquiry the user may see, or Http404 (another producer's or province's inquiry "does not exist")."""
    inquiry = (
        inquiries_visible(user, inquiry_detail_queryset() if detail else Inquiry.objects.all()).filter(pk=pk).first()
    )
    if inquiry is None:
        raise Http404
    return inquiry


def inquiry_list(*, user: User | AnonymousUser, status: str = "", product_id: int | None = None) -> QuerySet[Inquiry]:
    inquiries = inquiries_visible(user)
    if status:
        inquiries = inquiries.filter(status=status)
    if product_id:
        inquiries = inquiries.filter(product_id=product_id)
    return (
        inquiries.select_related("product__producer", "target_market")
        .annotate(message_count=Count("messages"))
        .order_by("-created_at", "-id")
    )


def inquiry_detail_queryset() -> QuerySet[Inquiry]:
    return Inquiry.objects.select_related(
        "product__producer__commune__province", "target_market", "buyer"
    ).prefetch_related(
        Prefetch("messages", queryset=InquiryMessage.objects.select_related("author").order_by("created_at", "id"))
    )


def inquiry_side(user: User | AnonymousUser | None, inquiry: Inquiry) -> MessageSide | None:
    """Which side of the thread the user writes for, or None if the user may not write in it."""
    if not isinstance(user, User):
        return None
    if policy.is_buyer(user):
        return MessageSide.BUYER if inquiry.buyer_id == user.pk else None
    if policy.is_producer(user):
        return MessageSide.PRODUCER if user.producer_id == inquiry.product.producer_id else None
    if policy.may_manage_province(user, inquiry.product.producer.commune.province_id):
        return MessageSide.OFFICE
    return None
