from datetime import date

from django.core.management.base import BaseCommand, CommandError

from ocop.certificates.services import certificates_expiry_run


class Command(BaseCommand):
    help = (
        "Đánh dấu giấy chứng nhận hết hiệu lực và gửi thông báo 30 ngày trước khi hết hạn (chạy hằng ngày). "
        "/ Mark ended certificates expired and send the 30-day notices (run daily; idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD: run as of this day (for catching up)")
        parser.add_argument("--base-url", default="", help="public base URL for the link in notices")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(f"--today: {error}") from None
        result = certificates_expiry_run(today=today, base_url=options["base_url"])
        self.stdout.write(
            f"Hết hiệu lực / expired: {result['expired']}; đã gửi thông báo / notices sent: {result['noticed']}"
        )
