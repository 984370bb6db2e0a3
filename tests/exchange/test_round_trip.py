"""Export from an installation with the demo data, import into an empty one: the same records, table by
table (counts and checksums), and a second import changes nothing."""

import pytest
from django.core.management import call_command

from ocop.certificates.models import Certificate
from ocop.evaluations.models import Decision, EvaluationRound
from ocop.exchange.format import table_checksums
from ocop.exchange.selectors import export_document
from ocop.exchange.services import import_document
from ocop.producers.models import Producer
from ocop.products.models import Product
from tests.exchange.helpers import empty_exchanged_tables

pytestmark = pytest.mark.django_db

UNCHANGED = {"created": 0, "updated": 0}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("ocop_demo", verbosity=0)


def test_export_then_import_into_an_empty_installation_gives_the_same_records_and_twice_nothing(demo):
    # Given the demo installation's export
    exported = export_document()
    sums = table_checksums(exported)
    counts = {table: summary["count"] for table, summary in sums.items()}
    assert counts["producers"] == 12
    assert counts["products"] == 13
    assert counts["certificates"] == Certificate.objects.count() > 0
    assert counts["evaluations"] == Decision.objects.count() > 0
    rounds = EvaluationRound.objects.filter(pk__in=Decision.objects.values("round")).count()
    # When it is imported into an installation without any of those records
    empty_exchanged_tables()
    assert not Producer.objects.exists()
    assert not EvaluationRound.objects.exists()
    preview = import_document(exported, dry_run=True)
    assert preview.problems == []
    assert not Producer.objects.exists()  # a preview writes nothing
    report = import_document(exported, dry_run=False)
    # Then every record is created, and the new installation's export is the same, table by table
    assert report.problems == []
    assert report.written
    assert {table: c.created for table, c in report.counts.items()} == {**counts, "rounds": rounds}
    assert preview.as_dict()["counts"] == report.as_dict()["counts"]
    again = export_document()
    assert table_checksums(again) == sums
    assert (Producer.objects.count(), Product.objects.count()) == (12, 13)
    # And importing it a second time changes nothing
    second = import_document(exported, dry_run=False)
    assert second.problems == []
    assert not second.written
    assert {table: c.created + c.updated for table, c in second.counts.items()} == dict.fromkeys(second.counts, 0)
    assert {table: c.unchanged for table, c in second.counts.items()} == {**counts, "rounds": rounds}
    assert table_checksums(export_document()) == sums


def test_importing_the_installation_s_own_export_changes_nothing(demo):
    exported = export_document()
    report = import_document(exported, dry_run=False)
    assert report.problems == []
    assert report.changes == 0
    assert not report.written
    assert report.counts["products"].unchanged == 13
