"""Reads of the import app: jobs, and the registry rows an export writes — always within the user's scope."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from ocop.accounts.models import User
from ocop.accounts.policy import get_visible_or_404, visible
from ocop.core.text import fold_vietnamese
from ocop.imports.models import ImportJob
from ocop.imports.permissions import require_exporter
from ocop.producers.models import Producer
from ocop.products.models import Product


def import_job_list(*, user: User | AnonymousUser) -> QuerySet[ImportJob]:
    require_exporter(user)
    return visible(user, ImportJob.objects.select_related("created_by", "province")).order_by("-created_at", "-id")


def import_job_get(*, user: User | AnonymousUser, job_id: int) -> ImportJob:
    require_exporter(user)
    return get_visible_or_404(
        user, ImportJob.objects.select_related("created_by", "province", "confirmed_by"), pk=job_id
    )


def producers_for_export(
    *,
    user: User | AnonymousUser,
    query: str = "",
    commune_id: int | None = None,
    producer_type: str = "",
    include_archived: bool = False,
) -> QuerySet[Producer]:
    """The producers the user may see, filtered as the producer list filters them."""
    require_exporter(user)
    producers = visible(user, Producer.objects.all())
    if not include_archived:
        producers = producers.filter(archived_at__isnull=True)
    folded = fold_vietnamese(query)
    if folded:
        producers = producers.filter(Q(name_folded__contains=folded) | Q(tax_code__contains=query.strip()))
    if commune_id:
        producers = producers.filter(commune_id=commune_id)
    if producer_type:
        producers = producers.filter(producer_type=producer_type)
    return producers.select_related("commune", "historical_district", "historical_commune").order_by("legal_name", "id")


def products_for_export(
    *,
    user: User | AnonymousUser,
    query: str = "",
    commune_id: int | None = None,
    status: str = "",
    include_archived: bool = False,
) -> QuerySet[Product]:
    """The products the user may see, filtered as the product list filters them."""
    require_exporter(user)
    products = visible(user, Product.objects.all())
    if not include_archived:
        products = products.filter(archived_at__isnull=True)
    folded = fold_vietnamese(query)
    if folded:
        products = products.filter(Q(name_folded__contains=folded) | Q(gtin=query.strip()))
    if commune_id:
        products = products.filter(producer__commune_id=commune_id)
    if status:
        products = products.filter(status=status)
    return products.select_related("producer__commune", "product_set").order_by("producer__legal_name", "name_vi", "id")


PROBLEM_DAYS = 30  # an import that failed longer ago than this no longer waits on the dashboard


def import_jobs_with_problems(*, user: User | AnonymousUser) -> QuerySet[ImportJob]:
    """The user's imports of the last PROBLEM_DAYS days that stopped on errors (invalid) or failed to write."""
    from datetime import timedelta

    from django.utils import timezone

    from ocop.imports.models import ImportStatus

    since = timezone.now() - timedelta(days=PROBLEM_DAYS)
    return import_job_list(user=user).filter(
        status__in=[ImportStatus.INVALID, ImportStatus.FAILED], created_at__gte=since
    )
