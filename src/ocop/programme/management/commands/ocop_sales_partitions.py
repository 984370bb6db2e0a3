from django.core.management.base import BaseCommand, CommandError

from ocop.core.errors import DomainError
from ocop.programme.selectors import sales_lines_partitioned, sales_partitions
from ocop.programme.services import sales_partition_add


class Command(BaseCommand):
    help = "List the partitions of the sales-line table by year (PostgreSQL), or add the partition of a year."

    def add_arguments(self, parser):
        parser.add_argument("--add", type=int, metavar="YEAR", help="Add the partition of this year.")

    def handle(self, *args, **options):
        if not sales_lines_partitioned():
            raise CommandError("the sales-line table is not partitioned on this database (PostgreSQL only)")
        year = options["add"]
        if year is not None:
            try:
                added = sales_partition_add(year=year)
            except DomainError as error:
                raise CommandError(f"--add {year}: {error.message}") from error
            self.stdout.write(f"partition of {year} added" if added else f"a partition already holds {year}")
            return
        for partition in sales_partitions():
            years = "DEFAULT" if partition.first_year is None else f"{partition.first_year}–{partition.end_year - 1}"
            self.stdout.write(f"{partition.name}\t{years}\t{partition.rows} lines")
