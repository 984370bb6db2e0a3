from django.core.management.base import BaseCommand

from ocop.programme.selectors import (
    certified_spans_expected,
    certified_spans_stored,
    sales_summary_expected,
    sales_summary_stored,
)
from ocop.programme.services import booth_sales_reconcile_all, certified_spans_rebuild, sales_summary_rebuild


class Command(BaseCommand):
    help = (
        "Reconcile booth sales with reported sales, then check (or rebuild) the sales summary tables and the "
        "certified-product spans."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Rebuild the summaries from the raw rows.")

    def handle(self, *args, **options):
        count = booth_sales_reconcile_all()
        self.stdout.write(f"booth sales reconciled: {count} producer-quarters")
        if options["rebuild"]:
            self.stdout.write(f"summary rows written: {sales_summary_rebuild()}")
            self.stdout.write(f"certified-product spans written: {certified_spans_rebuild()}")
            return
        if sales_summary_expected() == sales_summary_stored():
            self.stdout.write("summaries equal a recomputation from the raw rows")
        else:
            self.stderr.write("summaries differ from the raw rows: run with --rebuild")
        if certified_spans_expected() == certified_spans_stored():
            self.stdout.write("certified-product spans equal a recomputation from the certificates")
        else:
            self.stderr.write("certified-product spans differ from the certificates: run with --rebuild")
