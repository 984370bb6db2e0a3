"""Reads of products and documents, always within what the user may see."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from ocop.accounts.models import User
from ocop.accounts.policy import visible
from ocop.core.text import fold_vietnamese
from ocop.producers.models import Producer
from ocop.products.models import CertificationDocument, Product, ProductPhoto, ProductStatus

# A bare idea or a product withdrawn from the programme is never shown to the public.
HIDDEN_STATUSES = (ProductStatus.IDEA, ProductStatus.WITHDRAWN)


def public_products() -> QuerySet[Product]:
    """The one "publicly visible product" rule: the catalogue, the GS1 Digital Link, the inquiry form
    and the inquiry API show a product only when it is in the programme (not an idea, not withdrawn)
    and neither it nor its producer is archived. Anything else is a 404 for the public."""
    return Product.objects.filter(archived_at__isnull=True, producer__archived_at__isnull=True).exclude(
        status__in=HIDDEN_STATUSES
    )


def product_list(
    *,
    user: User | AnonymousUser,
    query: str = "",
    status: str = "",
    commune_id: int | None = None,
    producer_id: int | None = None,
    product_set_id: int | None = None,
    include_archived: bool = False,
) -> QuerySet[Product]:
    """Products the user may see. `query` matches names without diacritics, GTIN or HS code."""
    products = visible(user, Product.objects.all())
    if not include_archived:
        products = products.filter(archived_at__isnull=True)
    folded = fold_vietnamese(query)
    if folded:
        products = products.filter(
            Q(name_folded__contains=folded) | Q(gtin=folded) | Q(producer__name_folded__contains=folded)
        )
    if status:
        products = products.filter(status=status)
    if commune_id:
        products = products.filter(producer__commune_id=commune_id)
    if producer_id:
        products = products.filter(producer_id=producer_id)
    if product_set_id:
        products = products.filter(product_set_id=product_set_id)
    return products.select_related("producer__commune", "product_set__version").order_by("name_vi", "pk")


def product_detail_queryset() -> QuerySet[Product]:
    return Product.objects.select_related(
        "producer__commune__province", "product_set__group", "product_set__version"
    ).prefetch_related(
        Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id")),
        Prefetch("documents", queryset=CertificationDocument.objects.order_by("kind", "-issued_on")),
    )


def producer_documents(producer: Producer) -> QuerySet[CertificationDocument]:
    return producer.documents.select_related("product").order_by("kind", "-issued_on")


def documents_expiring(*, user: User | AnonymousUser, within_days: int = 30) -> QuerySet[CertificationDocument]:
    """Documents the user may see that expire within `within_days` (or have expired already)."""
    horizon = timezone.localdate() + datetime.timedelta(days=within_days)
    return (
        visible(user, CertificationDocument.objects.all())
        .filter(expires_on__isnull=False, expires_on__lte=horizon)
        .select_related("producer", "product")
        .order_by("expires_on")
    )
