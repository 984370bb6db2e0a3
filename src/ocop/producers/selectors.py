"""Reads of producers, always within what the user may see."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet

from ocop.accounts.models import Role, User
from ocop.accounts.policy import role_of, visible
from ocop.core.text import fold_vietnamese
from ocop.producers.models import Producer
from ocop.products.models import Product


def producer_list(
    *,
    user: User | AnonymousUser,
    query: str = "",
    commune_id: int | None = None,
    producer_type: str = "",
    include_archived: bool = False,
) -> QuerySet[Producer]:
    """Producers the user may see, with their commune, province and product count loaded.

    `query` matches the legal or short name or the tax code without diacritics ("hop tac xa" finds
    "Hợp tác xã").
    """
    producers = visible(user, Producer.objects.all())
    if not include_archived:
        producers = producers.filter(archived_at__isnull=True)
    folded = fold_vietnamese(query)
    if folded:
        producers = producers.filter(Q(name_folded__contains=folded) | Q(tax_code__startswith=folded))
    if commune_id:
        producers = producers.filter(commune_id=commune_id)
    if producer_type:
        producers = producers.filter(producer_type=producer_type)
    producers = producers.select_related("commune__province", "historical_district", "historical_commune").annotate(
        product_count=Count("products", filter=Q(products__archived_at__isnull=True))
    )
    return producers.order_by("legal_name")


def dashboard_figures(user: User | AnonymousUser) -> dict[str, object]:
    """What the user's own scope holds, for the dashboard."""
    role = role_of(user)
    producers = visible(user, Producer.objects.filter(archived_at__isnull=True))
    products = visible(user, Product.objects.filter(archived_at__isnull=True))
    return {
        "role": role,
        "producers": producers.count(),
        "products": products.count(),
        "recent_products": products.select_related("producer").order_by("-updated_at")[:8],
    }


def producer_and_office_addresses(producer: Producer) -> list[str]:
    """Who hears of a producer's notices: its e-mail, its users' e-mails and the provincial officers of
    its province (sorted, lower-cased, each once)."""
    users = User.objects.filter(is_active=True).exclude(email="")
    addresses = [producer.email] if producer.email else []
    addresses += list(users.filter(role=Role.PRODUCER, producer=producer).values_list("email", flat=True))
    addresses += list(
        users.filter(role=Role.PROVINCIAL_OFFICER, province_id=producer.commune.province_id).values_list(
            "email", flat=True
        )
    )
    return sorted({address.strip().lower() for address in addresses if address.strip()})
