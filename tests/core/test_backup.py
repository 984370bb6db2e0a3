"""Backup and restore round trip (ocop.core.backup), on whichever database the suite runs on:
row counts of every table and the hashes of every uploaded file come back as they were."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ocop.core.backup import BackupError, backup_create, backup_restore, file_hashes, table_counts
from ocop.geo.models import Province
from ocop.producers.models import Producer
from ocop.products.models import Product
from ocop.programme.models import SalesLine
from tests.conftest import load_reference_data
from tests.factories import ProducerFactory, ProductFactory
from tests.factories.programme import sales_line

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _reference_data():
    """A restore replaces the whole database: each test starts from the reference data again."""
    if not Province.objects.exists():
        load_reference_data()


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "products" / "2026").mkdir(parents=True)
    (root / "products" / "2026" / "tra.jpg").write_bytes(b"\xff\xd8 anh tra hoa vang")
    (root / "evidence.pdf").write_bytes(b"%PDF-1.4 minh chung")
    settings.MEDIA_ROOT = root
    return root


def counts() -> dict[str, int]:
    connection.ensure_connection()
    return table_counts(connection.connection, connection.vendor)


def test_a_backup_restores_every_row_and_every_file(media, tmp_path):
    # Given two producers, a product with sales in two years (two partitions on PostgreSQL) and two uploaded files
    product = ProductFactory(producer=ProducerFactory(legal_name="HTX Backup Một"))
    ProducerFactory(legal_name="HTX Backup Hai")
    for year, period in ((2023, 4), (2024, 1), (2024, 2)):
        sales_line(product, year, period=period, channel="export", amount_vnd=year * 1000 + period)
    rows_before, files_before = counts(), file_hashes(media)
    assert rows_before["producers_producer"] == 2
    assert rows_before["products_product"] == 1
    assert rows_before["programme_salesline"] == 3
    if connection.vendor == "postgresql":
        assert (rows_before["programme_salesline_y2023"], rows_before["programme_salesline_y2024"]) == (1, 2)
    assert len(files_before) == 2

    # When it is backed up
    folder = tmp_path / "backups" / "first"
    backup = backup_create(folder=folder)

    # then the folder is whole (no .partial left) and its manifest holds the same counts and hashes,
    assert sorted(path.name for path in folder.parent.iterdir()) == ["first"]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"] == rows_before == backup.tables
    assert manifest["files"] == files_before
    assert manifest["engine"] == connection.vendor

    # and when rows and files are then lost or changed and the backup is restored,
    SalesLine.objects.all().delete()
    Product.objects.all().delete()
    Producer.objects.filter(legal_name="HTX Backup Hai").delete()
    ProducerFactory(legal_name="HTX sau sao lưu")
    (media / "evidence.pdf").write_bytes(b"changed")
    (media / "products" / "2026" / "tra.jpg").unlink()
    (media / "new.txt").write_text("new")
    backup_restore(folder=folder)

    # every table has its rows back and every file its bytes, and nothing added since is left.
    assert counts() == rows_before
    assert file_hashes(media) == files_before
    assert sorted(Producer.objects.values_list("legal_name", flat=True)) == ["HTX Backup Hai", "HTX Backup Một"]
    assert sorted(SalesLine.objects.values_list("year", "amount_vnd")) == [
        (2023, 2023004),
        (2024, 2024001),
        (2024, 2024002),
    ]
    assert not media.with_name("media.restoring").exists()
    assert not media.with_name("media.replaced").exists()


def test_the_commands_back_up_to_a_dated_folder_and_restore_from_it(media, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    ProducerFactory(legal_name="HTX Lệnh")
    call_command("ocop_backup")
    (folder,) = (tmp_path / "var" / "backups").iterdir()
    assert len(folder.name) == len("20261202-041700")
    assert folder.name[8] == "-"
    Producer.objects.all().delete()

    call_command("ocop_restore", str(folder), "--noinput")

    assert list(Producer.objects.values_list("legal_name", flat=True)) == ["HTX Lệnh"]


@pytest.mark.django_db(transaction=False)
def test_a_folder_that_is_not_a_backup_is_refused_and_nothing_changes(media, tmp_path):
    ProducerFactory(legal_name="HTX Giữ nguyên")
    before = counts()
    with pytest.raises(CommandError, match="không phải một bản sao lưu"):
        call_command("ocop_restore", str(tmp_path), "--noinput")
    assert counts() == before


@pytest.mark.django_db(transaction=False)
def test_a_backup_never_writes_into_a_folder_that_holds_something(media, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("giữ")
    with pytest.raises(BackupError, match="đã có dữ liệu"):
        backup_create(folder=tmp_path / "full")
    assert [path.name for path in (tmp_path / "full").iterdir()] == ["keep.txt"]


def test_a_restore_that_does_not_match_its_manifest_fails_naming_the_table(media, tmp_path):
    ProducerFactory(legal_name="HTX Kiểm")
    folder = tmp_path / "b"
    backup_create(folder=folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["tables"]["producers_producer"] = 7
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="producers_producer: 1 dòng, bản sao lưu có 7"):
        backup_restore(folder=folder)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL restore through psql is PostgreSQL's")
def test_a_dump_that_fails_half_way_changes_nothing(media, tmp_path):
    # Given a backup whose dump is cut short
    ProducerFactory(legal_name="HTX Trước")
    folder = tmp_path / "cut"
    backup_create(folder=folder)
    dump = folder / "db.dump"
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    ProducerFactory(legal_name="HTX Sau")
    before = counts()

    # When it is restored, it fails naming pg_restore, and every table is as it was.
    with pytest.raises(BackupError, match="pg_restore thất bại"):
        backup_restore(folder=folder)
    assert counts() == before
    assert sorted(Producer.objects.values_list("legal_name", flat=True)) == ["HTX Sau", "HTX Trước"]
