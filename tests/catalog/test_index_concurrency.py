"""Two transactions refreshing the search index at once (PostgreSQL, real connections).

Under the API fuzzer a producer's PATCH and a product's refreshed overlapping documents, deleted them
in different orders and deadlocked (a 500). Index writers now take turns: the second waits for the
first to commit, then writes on what it committed.
"""

import pytest

from ocop.catalog.models import SearchDocument
from ocop.catalog.services import search_index_refresh
from tests.factories import ProducerFactory, ProductFactory, commune
from tests.races import ON_POSTGRESQL, second_waits

pytestmark = ON_POSTGRESQL


@pytest.fixture
def producer(reference_data):
    producer = ProducerFactory(commune=commune(6970))
    ProductFactory(producer=producer)
    ProductFactory(producer=producer)
    return producer


def test_a_product_without_a_document_refreshed_twice_at_once_gets_one(producer):
    product = producer.products.order_by("pk").first()
    SearchDocument.objects.filter(pk=product.pk).delete()
    refresh = lambda: search_index_refresh(product_ids=[product.pk])  # noqa: E731
    # Before: B inserted the same new document, waited on A's key, then failed with IntegrityError.
    assert second_waits(refresh, refresh)
    assert list(SearchDocument.objects.filter(pk=product.pk).values_list("pk", flat=True)) == [product.pk]


def test_a_producers_refresh_beside_one_of_its_products_both_finish(producer):
    products = list(producer.products.order_by("-pk").values_list("pk", flat=True))
    assert second_waits(
        lambda: search_index_refresh(producer_ids=[producer.pk]),
        lambda: search_index_refresh(product_ids=products),
    )
    assert sorted(SearchDocument.objects.values_list("pk", flat=True)) == sorted(products)
