"""The certified-product spans (`CertifiedSpan`), kept in step with every certificate write.

Every certificate service (issue, renewal, revocation, expiry, historical record) ends with the
hook products.changed in its own transaction; `certified_spans_refresh` is that hook's receiver:
it locks the products, then replaces their spans by a recomputation from their certificates. A
product's spans are only ever written under its row lock, so two transactions writing certificates
of one product are serialised (the certificate services lock the product row too) and the second
recomputes from what the first committed. Rows written in bulk (a load that bypasses the services)
are brought in by `certified_spans_rebuild()` (`manage.py ocop_programme_refresh --rebuild`).
"""

from collections.abc import Iterable

from django.apps import apps
from django.db import transaction

from ocop.programme.models import CertifiedSpan
from ocop.programme.selectors import StoredSpans, certified_spans_expected


def _span_rows(spans: StoredSpans) -> list[CertifiedSpan]:
    return [
        CertifiedSpan(
            product_id=product_id, producer_id=producer_id, kind=kind, stars=stars, first_day=first, last_day=last
        )
        for product_id, producer_id, kind, stars, first, last in spans
    ]


@transaction.atomic
def certified_spans_refresh(*, product_ids: Iterable[int]) -> int:
    """Hook products.changed: recompute the spans of these products. Returns the spans written."""
    ids = sorted(set(product_ids))
    if not ids:
        return 0
    try:
        Product = apps.get_model("products", "Product")
        apps.get_model("certificates", "Certificate")
    except LookupError:
        return 0
    list(Product.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    CertifiedSpan.objects.filter(product_id__in=ids).delete()
    return len(CertifiedSpan.objects.bulk_create(_span_rows(certified_spans_expected(product_ids=ids))))


@transaction.atomic
def certified_spans_rebuild() -> int:
    """Replace every span by a recomputation from all certificates. Returns the spans written."""
    CertifiedSpan.objects.all().delete()
    return len(CertifiedSpan.objects.bulk_create(_span_rows(certified_spans_expected()), batch_size=2000))
