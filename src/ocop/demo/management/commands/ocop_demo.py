import importlib

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from ocop.demo.loader import demo_load

# Each app that has demo records exposes `<app>.demo.load_demo()`, idempotent, run in this order
# (each builds on the ones before it; the catalogue last, as it indexes all the rest).
APP_DEMOS = ["evaluations", "certificates", "stamps", "promotion", "trade", "programme", "catalog"]


class Command(BaseCommand):
    help = "Load administrative units, criteria and the Quảng Ninh demo data (idempotent)."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("ocop_geo_load", verbosity=verbosity, stdout=self.stdout)
        call_command("ocop_criteria_load", verbosity=0)
        report = demo_load()
        for app in APP_DEMOS:
            if not apps.is_installed(f"ocop.{app}"):
                continue
            try:
                module = importlib.import_module(f"ocop.{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"ocop.{app}.demo":
                    raise
                continue
            module.load_demo()
        if verbosity:
            self.stdout.write(
                f"Dữ liệu minh hoạ / demo data: +{report.producers_created} chủ thể/producers, "
                f"+{report.products_created} sản phẩm/products, +{report.documents_created} giấy tờ/documents, "
                f"+{report.users_created} tài khoản/accounts"
            )
