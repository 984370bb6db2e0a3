"""programme_salesline partitioned by year on PostgreSQL (migration programme 0003, docs/scaling.md):
the ORM writes, moves and deletes lines across partitions; a one-year query scans one partition;
partitions are listed and added (command, service, yearly beat entry). On SQLite the table is a
plain table: the ORM tests run there too, the partition tests are skipped."""

import datetime
import importlib

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from ocop.core.errors import DomainError
from ocop.programme.models import SalesLine
from ocop.programme.selectors import sales_lines_partitioned, sales_partitions
from ocop.programme.services import sales_partition_add
from ocop.programme.tasks import add_next_year_sales_partition
from tests.factories.programme import sales_line

MILLION = 1_000_000
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the sales lines are partitioned on PostgreSQL only"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="on PostgreSQL the table is partitioned")


def _line(product, year: int, amount: int = 10 * MILLION, period: int = 1) -> SalesLine:
    return sales_line(product, year, period=period, amount_vnd=amount)


def _partition_of(line: SalesLine) -> str:
    """The partition PostgreSQL stored the line in."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM programme_salesline WHERE id = %s", [line.pk])
        return cursor.fetchone()[0]


def _raw_line(product, year: int) -> SalesLine:
    """A line written straight through the ORM, for a year the service refuses (a future one)."""
    producer = product.producer
    return SalesLine.objects.create(
        product=product,
        producer=producer,
        year=year,
        period_kind="quarter",
        period=1,
        quarter=1,
        channel="export",
        amount_vnd=5 * MILLION,
        province_id=producer.commune.province_id,
        commune=producer.commune,
        producer_type=producer.producer_type,
    )


# --- The ORM on either database -------------------------------------------------------------------


def test_the_orm_inserts_moves_a_line_to_another_year_and_deletes(world, products):
    # Given lines in two years
    old = _line(products["tea"], 2023, amount=7 * MILLION)
    line = _line(products["tea"], 2024, amount=10 * MILLION, period=2)
    assert SalesLine.objects.filter(year=2023).count() == 1
    if connection.vendor == "postgresql":
        assert (_partition_of(old), _partition_of(line)) == ("programme_salesline_y2023", "programme_salesline_y2024")

    # When the second line's year is changed through the ORM (an UPDATE … WHERE id = …)
    line.year = 2022
    line.save(update_fields=["year"])

    # then the same row, same id, is found in its new year only (on PostgreSQL: in that year's partition),
    assert SalesLine.objects.get(pk=line.pk).year == 2022
    assert list(SalesLine.objects.filter(year=2024)) == []
    assert sorted(SalesLine.objects.values_list("year", "amount_vnd")) == [(2022, 10 * MILLION), (2023, 7 * MILLION)]
    if connection.vendor == "postgresql":
        assert _partition_of(line) == "programme_salesline_y2022"

    # and a queryset update moves rows too, and a delete by id removes exactly that line.
    assert SalesLine.objects.filter(pk=old.pk).update(year=2021) == 1
    assert SalesLine.objects.get(pk=old.pk).year == 2021
    line.delete()
    assert list(SalesLine.objects.values_list("pk", "year")) == [(old.pk, 2021)]


def test_new_lines_take_increasing_ids_from_one_sequence(world, products):
    first, second, third = (_line(products["tea"], year) for year in (2021, 2024, 2022))
    assert first.pk < second.pk < third.pk
    assert SalesLine.objects.get(pk=second.pk).year == 2024


# --- Partitions (PostgreSQL) --------------------------------------------------------------------


@postgresql_only
def test_the_table_has_a_partition_a_year_from_2015_to_2035_and_a_default_one(world, products):
    _line(products["tea"], 2024)
    _line(products["squid"], 2024)
    _line(products["tea"], 2019)
    _raw_line(products["wine"], 2040)

    partitions = sales_partitions()

    assert sales_lines_partitioned()
    assert [(p.first_year, p.end_year) for p in partitions] == [(y, y + 1) for y in range(2015, 2036)] + [(None, None)]
    assert partitions[0].name == "programme_salesline_y2015"
    assert partitions[-1].name == "programme_salesline_default"
    assert {p.name: p.rows for p in partitions if p.rows} == {
        "programme_salesline_y2019": 1,
        "programme_salesline_y2024": 2,
        "programme_salesline_default": 1,
    }


@postgresql_only
def test_the_primary_key_leads_with_the_province_and_holds_the_year(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = 'programme_salesline'::regclass AND contype = 'p'"
        )
        assert cursor.fetchone()[0] == "PRIMARY KEY (province_id, year, id)"
        cursor.execute("SELECT pg_get_serial_sequence('programme_salesline', 'id')")
        assert cursor.fetchone()[0] == "public.programme_salesline_id_seq"


@postgresql_only
def test_a_one_year_province_query_scans_one_partition(world, products, qn):
    for year in (2022, 2023, 2024):
        _line(products["tea"], year)

    plan = SalesLine.objects.filter(province=qn, year=2024).order_by().values("channel").explain()
    ranged = SalesLine.objects.filter(year__gte=2023, year__lte=2024).order_by().explain()

    scanned = {word for word in plan.replace("(", " ").split() if word.startswith("programme_salesline_")}
    assert {name for name in scanned if not name.startswith("programme_salesline_y2024")} == set(), plan
    assert "programme_salesline_y2024" in plan
    assert "programme_salesline_y2023" in ranged
    assert "programme_salesline_y2024" in ranged
    assert "programme_salesline_y2022" not in ranged
    assert "programme_salesline_default" not in ranged


@postgresql_only
def test_adding_a_year_moves_its_lines_out_of_the_default_partition(world, products):
    # Given a line of 2036, which no partition holds yet (it is in the DEFAULT partition)
    line = _raw_line(products["tea"], 2036)
    kept = _raw_line(products["wine"], 2041)
    assert _partition_of(line) == "programme_salesline_default"

    # When the partition of 2036 is added
    assert sales_partition_add(year=2036) is True

    # then the line is in it, with its id, and the other years stay in the DEFAULT partition;
    assert _partition_of(line) == "programme_salesline_y2036"
    assert _partition_of(kept) == "programme_salesline_default"
    assert SalesLine.objects.get(pk=line.pk).amount_vnd == 5 * MILLION
    assert [p.rows for p in sales_partitions() if p.name == "programme_salesline_y2036"] == [1]
    # adding it again, or a year another partition holds, changes nothing.
    assert sales_partition_add(year=2036) is False
    assert sales_partition_add(year=2030) is False
    assert len(sales_partitions()) == 23


@postgresql_only
def test_a_year_out_of_range_is_refused_and_nothing_is_added(db):
    before = sales_partitions()
    with pytest.raises(DomainError) as error:
        sales_partition_add(year=1999)
    assert error.value.field == "year"
    with pytest.raises(CommandError, match=r"--add 2101: Năm phải từ 2000 đến 2100\."):
        call_command("ocop_sales_partitions", "--add", "2101")
    assert sales_partitions() == before


@postgresql_only
def test_the_command_lists_the_partitions_and_adds_a_year(world, products, capsys):
    _line(products["tea"], 2024)
    call_command("ocop_sales_partitions", "--add", "2037")
    call_command("ocop_sales_partitions", "--add", "2037")
    call_command("ocop_sales_partitions")
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["partition of 2037 added", "a partition already holds 2037"]
    assert out[2] == "programme_salesline_y2015\t2015–2015\t0 lines"
    assert "programme_salesline_y2024\t2024–2024\t1 lines" in out
    assert out[-2:] == [
        "programme_salesline_y2037\t2037–2037\t0 lines",
        "programme_salesline_default\tDEFAULT\t0 lines",
    ]


@postgresql_only
def test_the_yearly_job_adds_next_years_partition(db, monkeypatch):
    monkeypatch.setattr("ocop.programme.tasks.timezone.localdate", lambda: datetime.date(2035, 12, 1))
    assert add_next_year_sales_partition() is True
    assert sales_partitions()[-2].name == "programme_salesline_y2036"
    assert add_next_year_sales_partition() is False


def test_the_yearly_job_is_on_the_beat_schedule_on_1_december_at_03_15():
    entry = settings.CELERY_BEAT_SCHEDULE["programme-sales-partition-yearly"]
    assert entry["task"] == "ocop.programme.tasks.add_next_year_sales_partition"
    assert entry["schedule"] == crontab(month_of_year=12, day_of_month=1, hour=3, minute=15)


@postgresql_only
def test_the_migration_reverses_to_a_plain_table_and_back_with_every_row(world, products):
    migration = importlib.import_module("ocop.programme.migrations.0003_sales_lines_partitioned_by_year")
    lines = [_line(products["tea"], 2023), _line(products["squid"], 2024), _raw_line(products["wine"], 2050)]
    rows = sorted(SalesLine.objects.values_list("pk", "year", "amount_vnd"))
    with connection.cursor() as cursor:  # the test's transaction holds deferred foreign-key checks
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    with connection.schema_editor() as editor:
        migration.unpartition(None, editor)
    assert not sales_lines_partitioned()
    assert sorted(SalesLine.objects.values_list("pk", "year", "amount_vnd")) == rows
    assert _line(products["lc"], 2024).pk > lines[-1].pk  # the identity goes on after the last id

    with connection.schema_editor() as editor:
        migration.partition(None, editor)
    assert sales_lines_partitioned()
    assert len(SalesLine.objects.all()) == 4
    assert _partition_of(lines[2]) == "programme_salesline_default"
    assert _line(products["lc"], 2023).pk > max(pk for pk, _year, _amount in rows) + 1


# --- SQLite ---------------------------------------------------------------------------------------


@sqlite_only
def test_on_sqlite_nothing_is_partitioned_and_the_tools_say_so(db):
    assert not sales_lines_partitioned()
    assert sales_partitions() == []
    assert add_next_year_sales_partition() is False
    with pytest.raises(DomainError, match="chỉ PostgreSQL"):
        sales_partition_add(year=2036)
    with pytest.raises(CommandError, match="not partitioned on this database"):
        call_command("ocop_sales_partitions")
