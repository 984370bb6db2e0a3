from django.core.management.base import BaseCommand

from ocop.geo.services import geo_load


class Command(BaseCommand):
    help = "Load today's administrative units and the pre-2025 units of all 63 old provinces, with their succession (idempotent)."

    def handle(self, *args, **options):
        report = geo_load()
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            f"Tỉnh/provinces: {report.provinces}; xã, phường/communes: {report.communes}; "
            f"huyện cũ/old districts: {report.historical_districts}; xã cũ/old communes: "
            f"{report.historical_communes}; sáp nhập/successions: {report.successions}"
        )
