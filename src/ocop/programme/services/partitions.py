"""Partitions of the sales-line table by year (PostgreSQL; migration programme 0003, docs/scaling.md)."""

from django.db import connection, transaction
from django.utils.translation import gettext as _

from ocop.core.errors import DomainError
from ocop.programme.models import SalesLine
from ocop.programme.selectors import sales_lines_partitioned, sales_partitions


def sales_partition_name(year: int) -> str:
    return f"{SalesLine._meta.db_table}_y{year}"


@transaction.atomic
def sales_partition_add(*, year: int) -> bool:
    """Add the partition of `year`; False if a partition already holds that year.

    Lines of that year that the DEFAULT partition holds move into the new partition, in the same
    transaction (PostgreSQL refuses to attach a partition whose years the DEFAULT partition holds).
    The DEFAULT partition is locked first, so two of these never run at once.
    """
    if not 2000 <= year <= 2100:
        raise DomainError(_("Năm phải từ 2000 đến 2100."), field="year")
    if not sales_lines_partitioned():
        raise DomainError(_("Bảng doanh số không được phân vùng trên cơ sở dữ liệu này (chỉ PostgreSQL)."))
    table = SalesLine._meta.db_table
    quote = connection.ops.quote_name
    partitions = sales_partitions()
    default = next((p.name for p in partitions if p.first_year is None), None)
    with connection.cursor() as cursor:
        if default is not None:
            cursor.execute(f"LOCK TABLE {quote(default)} IN ACCESS EXCLUSIVE MODE")
            partitions = sales_partitions()
        if any(p.first_year is not None and p.first_year <= year < (p.end_year or 0) for p in partitions):
            return False
        name = quote(sales_partition_name(year))
        cursor.execute(f"CREATE TABLE {name} (LIKE {quote(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        if default is not None:
            cursor.execute(
                f"WITH moved AS (DELETE FROM {quote(default)} WHERE year = %s RETURNING *)"  # noqa: S608 - names from the catalogue, quoted
                f" INSERT INTO {name} SELECT * FROM moved",
                [year],
            )
        cursor.execute(
            f"ALTER TABLE {quote(table)} ATTACH PARTITION {name} FOR VALUES FROM ({year:d}) TO ({year + 1:d})"
        )
    return True
