"""Fallback for databases without a full-text engine here: every word as a substring (no ranking)."""

from django.db.models import Q

NAME = "generic-like"


def _queryset(tokens: list[str]):
    from ocop.catalog.models import SearchDocument

    condition = Q()
    for token in tokens:
        condition &= Q(name_folded__contains=token) | Q(body_folded__contains=token)
    return SearchDocument.objects.filter(condition).order_by("name_folded", "pk")


def matching_ids_sql(tokens: list[str]) -> tuple[str, list]:
    sql, params = _queryset(tokens).values("pk").query.sql_with_params()
    return sql, list(params)


def search(tokens: list[str], restriction, limit: int, offset: int):
    from django.db.models.expressions import RawSQL

    from ocop.catalog.search import SearchHit

    documents = _queryset(tokens)
    if restriction is not None:
        documents = documents.filter(pk__in=RawSQL(*restriction))  # noqa: S611 - our SQL, bound parameters
    total = documents.count()
    ids = documents.values_list("pk", flat=True)[offset : offset + limit]
    return [SearchHit(product_id=pk, rank=0.0) for pk in ids], total
