"""Reads of certificates: the register, the current certificate of a product, verification."""

from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from ocop.accounts.models import User
from ocop.accounts.policy import visible
from ocop.certificates.models import Certificate, CertificateStatus
from ocop.core.text import fold_vietnamese
from ocop.products.models import Product, ProductPhoto
from ocop.products.selectors import public_products

REGISTER_RELATED = ("product", "producer__commune__province", "criteria_version", "revocation_ground")


def current_q(today: date | None = None, prefix: str = "") -> Q:
    """Valid, started and not past its last day (revoked and superseded have other statuses)."""
    today = today or timezone.localdate()
    return Q(
        **{
            f"{prefix}status": CertificateStatus.VALID,
            f"{prefix}valid_from__lte": today,
            f"{prefix}valid_until__gte": today,
        }
    )


def current_certificate(product: Product, today: date | None = None) -> Certificate | None:
    """The product's certificate in force today, or None. Uses a prefetch when there is one."""
    prefetched = getattr(product, "current_certificates", None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return (
        Certificate.objects.filter(current_q(today), product=product)
        .select_related("criteria_version")
        .order_by("-stars", "-valid_from")
        .first()
    )


def current_stars(product: Product, today: date | None = None) -> int | None:
    """The product's star today: the star of its current certificate (None without one)."""
    annotated = getattr(product, "current_stars", None)
    if isinstance(annotated, int):
        return annotated
    certificate = current_certificate(product, today)
    return certificate.stars if certificate else None


def with_current_stars(products: QuerySet[Product], today: date | None = None) -> QuerySet[Product]:
    """Annotate `current_stars` (int or None) in the same query: for catalogue lists and filters."""
    current = Certificate.objects.filter(current_q(today), product=OuterRef("pk")).order_by("-stars")
    return products.annotate(current_stars=Subquery(current.values("stars")[:1]))


def prefetch_current_certificates(products: QuerySet[Product], today: date | None = None) -> QuerySet[Product]:
    """Prefetch each product's current certificate into `product.current_certificates` (one query)."""
    return products.prefetch_related(
        Prefetch(
            "certificates",
            queryset=Certificate.objects.filter(current_q(today)).order_by("-stars", "-valid_from"),
            to_attr="current_certificates",
        )
    )


def status_q(status: str, today: date | None = None) -> Q:
    """A filter on the status as of today (a valid certificate past its last day counts as expired)."""
    today = today or timezone.localdate()
    if status == CertificateStatus.VALID:
        return Q(status=CertificateStatus.VALID, valid_until__gte=today)
    if status == CertificateStatus.EXPIRED:
        return Q(status=CertificateStatus.EXPIRED) | Q(status=CertificateStatus.VALID, valid_until__lt=today)
    return Q(status=status)


def certificate_list(
    *,
    user: User | AnonymousUser,
    query: str = "",
    stars: int | None = None,
    status: str = "",
    commune_id: int | None = None,
    year: int | None = None,
    expiring_within: int | None = None,
    product_id: int | None = None,
    producer_id: int | None = None,
) -> QuerySet[Certificate]:
    """The register as the user may see it. `year` is the year of the decision; `expiring_within`
    keeps valid certificates whose last day is within that many days from today."""
    today = timezone.localdate()
    certificates = visible(user, Certificate.objects.all())
    folded = fold_vietnamese(query)
    if folded:
        certificates = certificates.filter(
            Q(product__name_folded__contains=folded)
            | Q(producer__name_folded__contains=folded)
            | Q(number__icontains=query.strip())
            | Q(decision_number__icontains=query.strip())
        )
    if stars:
        certificates = certificates.filter(stars=stars)
    if status:
        certificates = certificates.filter(status_q(status, today))
    if commune_id:
        certificates = certificates.filter(producer__commune_id=commune_id)
    if year:
        certificates = certificates.filter(decision_date__year=year)
    if expiring_within is not None:
        certificates = certificates.filter(
            status=CertificateStatus.VALID,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=max(0, expiring_within)),
        )
    if product_id:
        certificates = certificates.filter(product_id=product_id)
    if producer_id:
        certificates = certificates.filter(producer_id=producer_id)
    return certificates.select_related(*REGISTER_RELATED).order_by("-decision_date", "-id")


def certificate_detail_queryset() -> QuerySet[Certificate]:
    return Certificate.objects.select_related(
        *REGISTER_RELATED, "supersedes", "superseded_by", "revoked_by", "issued_by", "producer__historical_district"
    )


def verification_queryset() -> QuerySet[Certificate]:
    """Everything the public page shows, in two queries: the certificate row and the first photo."""
    return Certificate.objects.select_related(
        "product", "producer__commune__province", "criteria_version", "revocation_ground", "superseded_by"
    ).prefetch_related(Prefetch("product__photos", queryset=ProductPhoto.objects.order_by("position", "id")))


def product_for_gtin(gtin: str) -> Product | None:
    """The public product whose GTIN equals `gtin` up to leading zeros (GTIN-8/12/13 inside a GTIN-14).

    An idea, a withdrawn or an archived product is not public: the Digital Link answers 404 for it."""
    significant = gtin.lstrip("0")
    forms = {significant.zfill(length) for length in (8, 12, 13, 14) if len(significant) <= length}
    return (
        public_products()
        .filter(gtin__in=forms)
        .select_related("producer__commune__province")
        .annotate(
            has_current=Exists(Certificate.objects.filter(current_q(), product=OuterRef("pk"))),
        )
        .first()
    )


def years_in_register(user: User | AnonymousUser) -> list[int]:
    dates = visible(user, Certificate.objects.all()).dates("decision_date", "year", order="DESC")
    return [day.year for day in dates]
