"""Writes of the catalogue: its search index and the version of its page cache.

Both are derived data; nothing here is audited (the audited change is the product or producer
write that calls these). Call them at the end of that write, inside its transaction:

    search_index_refresh(product_ids=[product.pk])      # product create / update / archive / restore
    search_index_refresh(producer_ids=[producer.pk])    # producer update / archive / restore
    catalog_cache_bump()                                 # anything else a public page shows (photos,
                                                         # documents, certificates, listings, events)

`search_index_refresh` bumps the cache itself. The index also heals on its own: `search_index_heal`
(run by the catalogue at most once a minute, and by `manage.py ocop_search_reindex --check`) finds
products whose document is missing or older than the product or producer row, and rebuilds them.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet

from ocop.catalog import cache as page_cache
from ocop.catalog.models import SearchDocument, SearchWord
from ocop.catalog.search import fold_for_index
from ocop.products.models import Product
from ocop.products.selectors import public_products

BATCH = 1000
DESCRIPTION_CHARS = 2000
HEAL_INTERVAL_SECONDS = 60


def document_for(product: Product) -> SearchDocument:
    """The folded search document of a product (its producer, places and taxonomy loaded)."""
    producer = product.producer
    commune = producer.commune
    parts = [
        producer.legal_name,
        producer.short_name,
        commune.name,
        commune.province.name,
        producer.historical_district.name if producer.historical_district is not None else "",
        producer.historical_commune.name if producer.historical_commune is not None else "",
    ]
    product_set = product.product_set
    if product_set is not None:
        parts += [product_set.name_vi, product_set.name_en, product_set.group.name_vi, product_set.group.name_en]
    parts += [product.gtin, product.description_vi[:DESCRIPTION_CHARS], product.description_en[:DESCRIPTION_CHARS]]
    return SearchDocument(
        product_id=product.pk,
        name_folded=fold_for_index(f"{product.name_vi} {product.name_en}")[:600],
        body_folded=fold_for_index(" ".join(part for part in parts if part)),
        product_updated_at=product.updated_at,
        producer_updated_at=producer.updated_at,
    )


def _words_add(documents: list[SearchDocument]) -> None:
    """Add the documents' words to the spelling fallback's word list (`SearchWord`)."""
    words = {
        word
        for document in documents
        for word in f"{document.name_folded} {document.body_folded}".split()
        if len(word) <= 60
    }
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(words)], batch_size=BATCH, ignore_conflicts=True
    )


def _indexable(products: QuerySet[Product]) -> QuerySet[Product]:
    return products.select_related(
        "producer__commune__province",
        "producer__historical_district",
        "producer__historical_commune",
        "product_set__group",
    ).order_by("pk")


# pg_advisory_xact_lock key of the search index's writers ("OCOP SEArch" in hex digits, as a bigint).
INDEX_LOCK_KEY = 0x0C0_5EA


def _index_writers_one_at_a_time() -> None:
    """On PostgreSQL, wait for any other transaction writing the index to commit (the lock is held to
    this one's end). Two refreshes of overlapping products deleted their documents in different orders
    and deadlocked (a producer's PATCH beside a product's, under the API fuzzer), and two refreshes of a
    product with no document both inserted it, the second failing on its key. SQLite writes one
    transaction at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INDEX_LOCK_KEY])


@transaction.atomic
def search_index_refresh(*, product_ids: Iterable[int] | None = None, producer_ids: Iterable[int] | None = None) -> int:
    """Rebuild the search documents of these products (and of every product of these producers).

    With neither argument the whole index is rebuilt. A product that is no longer public (archived,
    withdrawn, producer archived, deleted) loses its document. Returns the number of documents written.
    """
    if product_ids is None and producer_ids is None:
        return search_index_rebuild()
    _index_writers_one_at_a_time()
    wanted = Q(pk__in=list(product_ids or [])) | Q(producer_id__in=list(producer_ids or []))
    affected = list(Product.objects.filter(wanted).values_list("pk", flat=True))
    affected_set = set(affected) | set(product_ids or [])
    SearchDocument.objects.filter(pk__in=affected_set).delete()
    documents = [document_for(product) for product in _indexable(public_products().filter(pk__in=affected))]
    SearchDocument.objects.bulk_create(documents, batch_size=BATCH)
    _words_add(documents)
    transaction.on_commit(lambda: page_cache.bump(product_ids=affected_set, producer_ids=set(producer_ids or [])))
    return len(documents)


@transaction.atomic
def search_index_rebuild() -> int:
    """Drop and rebuild every document: after imports, bulk edits, renamed places or product sets."""
    _index_writers_one_at_a_time()
    SearchDocument.objects.all().delete()
    SearchWord.objects.all().delete()
    written = 0
    batch: list[SearchDocument] = []
    for product in _indexable(public_products()).iterator(chunk_size=BATCH):
        batch.append(document_for(product))
        if len(batch) >= BATCH:
            SearchDocument.objects.bulk_create(batch)
            _words_add(batch)
            written += len(batch)
            batch = []
    SearchDocument.objects.bulk_create(batch)
    _words_add(batch)
    written += len(batch)
    transaction.on_commit(page_cache.bump)
    return written


def search_index_stale() -> tuple[list[int], list[int]]:
    """(public products whose document is missing or older than their rows, documents to drop).

    Two indexed queries; cheap enough to run every minute on tens of thousands of products.
    """
    outdated = (
        public_products()
        .filter(
            Q(search_document__isnull=True)
            | ~Q(search_document__product_updated_at=F("updated_at"))
            | ~Q(search_document__producer_updated_at=F("producer__updated_at"))
        )
        .values_list("pk", flat=True)
    )
    orphans = SearchDocument.objects.exclude(product__in=public_products()).values_list("pk", flat=True)
    return list(outdated), list(orphans)


def search_index_heal() -> int:
    """Bring stale documents up to date; returns how many products were refreshed or dropped."""
    outdated, orphans = search_index_stale()
    if not outdated and not orphans:
        return 0
    search_index_refresh(product_ids=[*outdated, *orphans])
    return len(outdated) + len(orphans)


def search_index_heal_now_and_then() -> None:
    """Heal at most once per HEAL_INTERVAL_SECONDS across all web servers sharing the cache."""
    from django.core.cache import cache

    if cache.add("catalog:index-healed", 1, HEAL_INTERVAL_SECONDS):
        search_index_heal()


def catalog_cache_bump() -> None:
    """Make every cached public page stale (after the current transaction commits)."""
    transaction.on_commit(page_cache.bump)


# Hooks (settings.OCOP_HOOKS): the registry and certificates announce changes; the catalogue follows.


def on_products_changed(*, product_ids: Iterable[int]) -> None:
    search_index_refresh(product_ids=product_ids)


def on_producers_changed(*, producer_ids: Iterable[int]) -> None:
    search_index_refresh(producer_ids=producer_ids)


def on_public_content_changed() -> None:
    catalog_cache_bump()
