from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop.exchange.services import DocumentUnreadable, document_load, import_document


class Command(BaseCommand):
    help = (
        "Nhập dữ liệu trao đổi ocop-exchange/1 của một hệ thống khác; không có --apply thì chỉ xem trước. "
        "/ Import another installation's ocop-exchange/1 document; without --apply, a preview only."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp JSON / the JSON file")
        parser.add_argument("--apply", action="store_true", help="ghi vào cơ sở dữ liệu / write to the database")

    def handle(self, *args, **options):
        try:
            data = Path(options["file"]).read_bytes()
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror}") from None
        try:
            document = document_load(data)
        except DocumentUnreadable as error:
            raise CommandError(str(error.problem)) from None
        report = import_document(document, dry_run=not options["apply"])
        heading = "Xem trước (chưa ghi) / preview (nothing written)" if report.dry_run else "Nhập / import"
        self.stdout.write(heading)
        for table, counts in report.counts.items():
            self.stdout.write(
                f"{table}: tạo mới / create {counts.created}, cập nhật / update {counts.updated}, "
                f"không đổi / unchanged {counts.unchanged}"
            )
        for item in report.problems:
            self.stdout.write(str(item))
        if report.problems_left_out:
            self.stdout.write(f"… {report.problems_left_out} lỗi khác / more problems")
        if report.problems:
            raise CommandError(
                f"{len(report.problems) + report.problems_left_out} lỗi, chưa ghi gì / problems, nothing written"
            )
        if not report.dry_run:
            self.stdout.write("Đã ghi / written" if report.written else "Không có gì thay đổi / nothing changed")
