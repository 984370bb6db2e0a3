import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ocop.core.errors import DomainError
from ocop.exchange.format import table_checksums
from ocop.exchange.selectors import export_document, parse_since, province_by_code


class Command(BaseCommand):
    help = (
        "Xuất dữ liệu trao đổi ocop-exchange/1 (chủ thể, sản phẩm, kết quả đánh giá, giấy chứng nhận; docs/exchange.md). "
        "/ Export the ocop-exchange/1 document (producers, products, evaluation results, certificates)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="YYYY-MM-DD hoặc thời điểm ISO 8601 / a date or an ISO 8601 moment")
        parser.add_argument("--province", type=int, help="mã tỉnh / province code")
        parser.add_argument("--out", help="tệp ghi ra (mặc định: màn hình) / output file (default: stdout)")

    def handle(self, *args, **options):
        try:
            since = parse_since(options["since"] or "")
            province = province_by_code(options["province"])
        except DomainError as error:
            raise CommandError(error.message) from None
        document = export_document(since=since, province=province)
        text = json.dumps(document, ensure_ascii=False, indent=1)
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as out:
                out.write(text + "\n")
        else:
            self.stdout.write(text)
        for table, summary in table_checksums(document).items():
            sys.stderr.write(f"{table}: {summary['count']} sha256={summary['sha256']}\n")
