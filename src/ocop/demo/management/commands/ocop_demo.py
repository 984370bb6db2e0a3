from django.core.management import call_command
from django.core.management.base import BaseCommand

from ocop.demo.loader import demo_load


class Command(BaseCommand):
    help = "Load administrative units and the Quảng Ninh demo data (idempotent)."

    def handle(self, *args, **options):
        call_command("ocop_geo_load", stdout=self.stdout)
        call_command("ocop_criteria_load", verbosity=0)
        report = demo_load()
        self.stdout.write(
            f"Dữ liệu minh hoạ / demo data: +{report.producers_created} chủ thể/producers, "
            f"+{report.products_created} sản phẩm/products, +{report.documents_created} giấy tờ/documents, "
            f"+{report.users_created} tài khoản/accounts"
        )
