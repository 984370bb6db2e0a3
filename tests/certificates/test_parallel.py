"""Unique numbers under parallel issue: real connections on PostgreSQL racing for one counter row."""

import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from ocop.certificates.models import Certificate, NumberCounter
from ocop.certificates.reference import reference_data_load
from tests.certificates.conftest import issue
from tests.factories import ProducerFactory, ProductFactory, commune
from tests.races import ON_POSTGRESQL

pytestmark = ON_POSTGRESQL
WORKERS = 8


@pytest.fixture(scope="module", autouse=True)
def _restore_reference_data(django_db_blocker):
    """The transactional test empties every table when it ends: load the reference data again after it."""
    yield
    if connection.vendor == "sqlite":
        return
    with django_db_blocker.unblock():
        call_command("ocop_geo_load", verbosity=0)
        call_command("ocop_criteria_load", verbosity=0)
        reference_data_load()


def test_parallel_issue_gets_distinct_consecutive_numbers(version):
    """One test (the table flush after a transactional test would remove the units between two)."""
    reference_data_load()
    producers = [ProducerFactory(commune=commune(code)) for code in (6970, 6688)]
    products = [ProductFactory(producer=producers[i % 2]) for i in range(WORKERS)]
    barrier = threading.Barrier(WORKERS)
    results: dict[int, object] = {}

    def work(index):
        try:
            barrier.wait(timeout=10)
            results[index] = issue(product=products[index], version=version, decision_date=date(2026, 1, 15)).number
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    numbers = list(results.values())
    assert all(isinstance(number, str) for number in numbers), numbers
    assert len(set(numbers)) == WORKERS
    assert sorted(int(number.split("-")[2]) for number in numbers) == list(range(1, WORKERS + 1))
    assert NumberCounter.objects.get(year=2026).last_value == WORKERS
    assert Certificate.objects.count() == WORKERS

    # Two decisions for the same product at the same moment: one supersedes the other.
    product = ProductFactory(producer=producers[0])
    barrier = threading.Barrier(2)
    results = {}

    def work_same(index):
        try:
            barrier.wait(timeout=10)
            results[index] = issue(product=product, version=version, stars=3 + index).pk
        except Exception as error:  # noqa: BLE001
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work_same, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(value, int) for value in results.values()), results
    assert Certificate.objects.filter(product=product, status="valid").count() == 1
    assert Certificate.objects.filter(product=product, status="superseded").count() == 1
