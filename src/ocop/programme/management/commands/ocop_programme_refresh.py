from django.core.management.base import BaseCommand

from ocop.programme.selectors import sales_summary_expected, sales_summary_stored
from ocop.programme.services import booth_sales_reconcile_all, sales_summary_rebuild


class Command(BaseCommand):
    help = "Reconcile booth sales with reported sales, then check (or rebuild) the sales summary tables."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Rebuild the summaries from the raw rows.")

    def handle(self, *args, **options):
        count = booth_sales_reconcile_all()
        self.stdout.write(f"booth sales reconciled: {count} producer-quarters")
        if options["rebuild"]:
            self.stdout.write(f"summary rows written: {sales_summary_rebuild()}")
            return
        expected, stored = sales_summary_expected(), sales_summary_stored()
        if expected == stored:
            self.stdout.write("summaries equal a recomputation from the raw rows")
        else:
            self.stderr.write("summaries differ from the raw rows: run with --rebuild")
