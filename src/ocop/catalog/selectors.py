"""Reads of the public catalogue. Everything here is public data: no user, no scope.

A product is public by the one rule of products.selectors.public_products: it and its producer are
not archived and it is in the programme (not a bare idea, not withdrawn). Its star is the star of its valid certificate today (certificates app);
without one it shows no star, whatever the product's status says.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, F, Manager, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ocop.catalog import integrations
from ocop.catalog.forms import PAGE_SIZE, CatalogFilters, Sort
from ocop.catalog.search import matching_ids_sql, search_products
from ocop.core.formatting import in_language
from ocop.criteria.models import ProductSet
from ocop.geo.models import Commune, HistoricalDistrict
from ocop.producers.models import Producer
from ocop.products.models import CertificationDocument, Product, ProductPhoto
from ocop.products.selectors import public_products

if TYPE_CHECKING:
    from ocop.certificates.models import Certificate

CARD_RELATED = ("producer__commune__province", "product_set__group")


# --- stars: the one place that knows where a product's star comes from ---------------------------


def current_certificate_q(today: date | None = None, prefix: str = "") -> Q:
    from ocop.certificates.selectors import current_q

    return current_q(today, prefix)


def _certificates() -> "Manager[Certificate]":
    from ocop.certificates.models import Certificate

    return Certificate.objects


def with_stars(products: QuerySet[Product], today: date | None = None) -> QuerySet[Product]:
    """Annotate `current_stars` (int or None): the star of the valid certificate today."""
    from ocop.certificates.selectors import with_current_stars

    return with_current_stars(products, today)


def filter_stars(products: QuerySet[Product], stars: int, today: date | None = None) -> QuerySet[Product]:
    current = _certificates().filter(current_certificate_q(today), product=OuterRef("pk"), stars=stars)
    return products.filter(Exists(current))


def current_certificate(product: Product, today: date | None = None) -> "Certificate | None":
    from ocop.certificates.selectors import current_certificate as certificate_of

    return certificate_of(product, today)


def star_counts(today: date | None = None) -> dict[int, int]:
    """Public products per star (3, 4, 5) by their valid certificates today."""
    rows = (
        _certificates()
        .filter(current_certificate_q(today), product__in=public_products())
        .values("stars")
        .annotate(products=Count("product", distinct=True))
    )
    counts = {3: 0, 4: 0, 5: 0}
    for row in rows:
        counts[row["stars"]] = row["products"]
    return counts


# --- the public catalogue ---------------------------------------------------------------------


def public_producers() -> QuerySet[Producer]:
    return Producer.objects.filter(archived_at__isnull=True)


def public_photos() -> QuerySet[ProductPhoto]:
    """Photos anyone may fetch: those of the catalogue's products (ocop.core.media)."""
    return ProductPhoto.objects.filter(product__in=public_products())


def filters_active(filters: CatalogFilters) -> bool:
    return bool(
        filters.group
        or filters.product_set
        or filters.stars
        or filters.commune
        or filters.district
        or filters.certification
        or filters.market
        or filters.online
    )


def certification_q(kind: str, today: date | None = None) -> Exists:
    """An unexpired document of `kind` held for the product, or by its producer for all its products."""
    today = today or timezone.localdate()
    documents = CertificationDocument.objects.filter(
        Q(product=OuterRef("pk")) | Q(product__isnull=True, producer=OuterRef("producer_id")),
        kind=kind,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    return Exists(documents)


def catalogue_products(filters: CatalogFilters) -> QuerySet[Product]:
    """Public products passing every filter except the text query."""
    products = public_products()
    if filters.group:
        products = products.filter(product_set__group_id=filters.group)
    if filters.product_set:
        products = products.filter(product_set_id=filters.product_set)
    if filters.stars:
        products = filter_stars(products, filters.stars)
    if filters.commune:
        products = products.filter(producer__commune_id=filters.commune)
    if filters.district:
        products = products.filter(producer__historical_district_id=filters.district)
    if filters.certification:
        products = products.filter(certification_q(filters.certification))
    if filters.market:
        products = integrations.filter_export_ready(products, filters.market)
    if filters.online:
        products = integrations.filter_available_online(products)
    return products


def cards(products: QuerySet[Product]) -> QuerySet[Product]:
    """What a product card shows, in two queries however many cards: star, place, first photo."""
    return with_stars(products.select_related(*CARD_RELATED)).prefetch_related(
        Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id"), to_attr="photo_list")
    )


@dataclass
class CataloguePage:
    products: list[Product]
    total: int
    page: int
    pages: int
    corrected: bool = False

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _ordered(products: QuerySet[Product], sort: str) -> QuerySet[Product]:
    if sort == Sort.NAME:
        # Folded (from the index) so that Đ sorts with D, not after Z as in binary order.
        return products.order_by("search_document__name_folded", "name_vi", "pk")
    if sort == Sort.NEWEST:
        return products.order_by("-created_at", "-pk")
    return with_stars(products).order_by(F("current_stars").desc(nulls_last=True), "name_vi", "pk")


def catalogue_page(filters: CatalogFilters, page_size: int = PAGE_SIZE, offset: int | None = None) -> CataloguePage:
    """One page of the catalogue: the search ranks when there is a query and no other sort.

    The page is `filters.page`, or the `page_size` rows after `offset` when it is given (the API)."""
    if offset is None:
        offset = (filters.page - 1) * page_size
    if filters.q and filters.sort in ("", Sort.RELEVANCE):
        results = search_products(filters.q, filters, limit=page_size, offset=offset)
        by_id = {product.pk: product for product in cards(Product.objects.filter(pk__in=results.ids))}
        products = [by_id[pk] for pk in results.ids if pk in by_id]
        total, corrected = results.total, results.corrected
    else:
        products_qs = catalogue_products(filters)
        matching = matching_ids_sql(filters.q)
        if matching is not None:
            products_qs = products_qs.filter(pk__in=RawSQL(*matching))  # noqa: S611 - our SQL, bound parameters
        total = products_qs.count()
        products = list(cards(_ordered(products_qs, filters.sort))[offset : offset + page_size])
        corrected = False
    pages = max(1, -(-total // page_size))
    return CataloguePage(products=products, total=total, page=filters.page, pages=pages, corrected=corrected)


class Facets(TypedDict):
    """The filter form's choices, each as (id or code, label)."""

    groups: list[tuple[int, "Bilingual"]]
    product_sets: list[tuple[int, "Bilingual"]]
    communes: list[tuple[int, str]]
    districts: list[tuple[int, str]]
    markets: list[tuple[str, "Bilingual"]]
    online: bool


class HomeCounts(TypedDict):
    products: int
    producers: int
    stars: dict[int, int]


def facets() -> Facets:
    """Choices for the filter form: only groups, sets and places that have public products.

    One pass over the public products for the ids in use, then the names of those few rows.
    """
    used = set(
        public_products()
        .values_list("product_set_id", "producer__commune_id", "producer__historical_district_id")
        .distinct()
    )
    set_ids = {row[0] for row in used if row[0]}
    commune_ids = {row[1] for row in used if row[1]}
    district_ids = {row[2] for row in used if row[2]}
    product_sets = ProductSet.objects.filter(pk__in=set_ids).select_related("group").order_by("group__number", "number")
    groups = {product_set.group_id: product_set.group for product_set in product_sets}
    return {
        "groups": [(group.pk, Bilingual(group.name_vi, group.name_en)) for group in groups.values()],
        "product_sets": [(item.pk, Bilingual(item.name_vi, item.name_en)) for item in product_sets],
        "communes": list(Commune.objects.filter(pk__in=commune_ids).order_by("name").values_list("pk", "name")),
        "districts": list(
            HistoricalDistrict.objects.filter(pk__in=district_ids).order_by("name").values_list("pk", "name")
        ),
        "markets": integrations.export_markets(),
        "online": integrations.online_filter_available(),
    }


class Bilingual:
    """A label with a Vietnamese and an English form, shown in the active language."""

    def __init__(self, vi: str, en: str):
        self.vi, self.en = vi, en

    def __str__(self) -> str:
        return in_language(self.vi, self.en)


# --- pages ------------------------------------------------------------------------------------


def product_detail(pk: int) -> Product | None:
    return (
        with_stars(public_products())
        .select_related("producer__commune__province", "producer__historical_district", "product_set__group")
        .prefetch_related(
            Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id"), to_attr="photo_list"),
        )
        .filter(pk=pk)
        .first()
    )


def product_certifications(product: Product, today: date | None = None) -> list[CertificationDocument]:
    """Unexpired quality certifications of the product or of its producer as a whole."""
    from ocop.catalog.forms import CERTIFICATION_KINDS

    today = today or timezone.localdate()
    return list(
        CertificationDocument.objects.filter(
            Q(product=product) | Q(product__isnull=True, producer_id=product.producer_id),
            kind__in=CERTIFICATION_KINDS,
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .order_by("kind", "-issued_on")
    )


def related_products(product: Product, limit: int = 4) -> list[Product]:
    """Other public products of the same producer, then of the same product set."""
    same = Q(producer_id=product.producer_id)
    if product.product_set_id:
        same |= Q(product_set_id=product.product_set_id)
    candidates = cards(public_products().filter(same).exclude(pk=product.pk))
    return sorted(candidates[: limit * 3], key=lambda p: (p.producer_id != product.producer_id, p.name_vi))[:limit]


def producer_detail(pk: int) -> Producer | None:
    return (
        public_producers()
        .select_related("commune__province", "historical_district", "historical_commune")
        .filter(pk=pk)
        .first()
    )


def producer_products(producer: Producer) -> list[Product]:
    products = cards(public_products().filter(producer=producer))
    return list(products.order_by(F("current_stars").desc(nulls_last=True), "name_vi"))


def featured_products(limit: int = 8) -> list[Product]:
    """The best of the catalogue: highest valid star first, photos before none, then newest."""
    products = cards(public_products()).annotate(has_photo=Exists(ProductPhoto.objects.filter(product=OuterRef("pk"))))
    return list(
        products.order_by(F("current_stars").desc(nulls_last=True), F("has_photo").desc(), "-updated_at", "pk")[:limit]
    )


def home_counts() -> HomeCounts:
    return {
        "products": public_products().count(),
        "producers": public_producers().filter(products__in=public_products()).distinct().count(),
        "stars": star_counts(),
    }


def sitemap_entries() -> tuple[list[tuple[int, str, datetime]], list[tuple[int, str, datetime]]]:
    """(id, name, updated_at) of the public products, and of the producers that have one."""
    products = list(public_products().order_by("pk").values_list("pk", "name_vi", "updated_at"))
    producers = list(
        public_producers()
        .filter(products__in=public_products())
        .distinct()
        .order_by("pk")
        .values_list("pk", "legal_name", "updated_at")
    )
    return products, producers
