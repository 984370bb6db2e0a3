"""Sales from an Excel workbook: template, check and preview, then write everything or nothing.

The file is opened and its header matched by the registry import's reader (`ocop.imports.readers`),
so the same rules hold: .xlsx only, size limit, no formulas, no merged cells, Vietnamese or English
headers in any order. Each row is then checked here (product known and in the user's scope, period,
channel, amount) and shown as a preview; nothing is written until the user confirms, and then all
rows are written in one transaction or none.
"""

import io
from collections import Counter

import openpyxl
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Font, PatternFill

from ocop.accounts.policy import may_enter_sales, visible
from ocop.core import xlsx
from ocop.core.errors import DomainError
from ocop.core.services import audit_record
from ocop.core.text import fold_vietnamese
from ocop.imports.cells import as_int, as_text, is_blank
from ocop.imports.columns import DATA_SHEET, Column
from ocop.imports.problems import CellError, ImportFileError, problem
from ocop.imports.readers import check_upload, read_sheet
from ocop.products.models import Product
from ocop.programme.models import Channel, SalesImport, SalesOrigin
from ocop.programme.services import sales_line_save, sales_overlap_check, sales_period_check

COLUMNS = (
    Column("producer", "Chủ thể (mã số thuế hoặc tên)", "Producer (tax code or name)", width=34),
    Column("product", "Sản phẩm", "Product", required=True, width=34),
    Column("year", "Năm", "Year", kind="int", required=True, width=8),
    Column("period_kind", "Kỳ (tháng/quý)", "Period (month/quarter)", required=True, width=14),
    Column("period", "Tháng hoặc quý", "Month or quarter", kind="int", required=True, width=10),
    Column("channel", "Kênh bán hàng", "Sales channel", required=True, width=28),
    Column("amount_vnd", "Doanh thu (đồng)", "Revenue (VND)", kind="int", required=True, width=18),
    Column("note", "Ghi chú", "Note", width=30),
)

PERIOD_WORDS = {"thang": "month", "month": "month", "quy": "quarter", "quarter": "quarter"}


def _channel_words() -> dict[str, str]:
    from django.utils import translation

    words = {}
    for value, label in Channel.choices:
        words[fold_vietnamese(value)] = value
        for language in ("vi", "en"):
            with translation.override(language):
                words[fold_vietnamese(str(label))] = value
    words.update({"hoi cho": "fairs_events", "su kien": "fairs_events", "sieu thi": "retail_chains"})
    words.update({"tmdt": "ecommerce", "san thuong mai dien tu": "ecommerce", "truc tiep": "direct_other"})
    return words


def template_workbook(user) -> bytes:
    """The empty template: Vietnamese headers on row 1, English on row 2; valid values on a second sheet."""
    from django.utils import translation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        xlsx.write(sheet, row=1, column=index, value=column.header_vi).font = bold
        xlsx.write(sheet, row=2, column=index, value=column.header_en).font = Font(italic=True)
        sheet.cell(row=1, column=index).fill = PatternFill("solid", fgColor="FDF0D5")
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = column.width
    values = workbook.create_sheet("Giá trị hợp lệ")
    xlsx.append(values, ["Kênh bán hàng / Channel", "Kỳ / Period", "Sản phẩm của bạn / Your products"])
    products = list(visible(user, Product.objects.filter(archived_at__isnull=True)).order_by("name_vi")[:2000])
    channels = []
    for _value, label in Channel.choices:
        with translation.override("vi"):
            vi = str(label)
        with translation.override("en"):
            en = str(label)
        channels.append(f"{vi} / {en}")
    periods = ["Tháng / month (1–12)", "Quý / quarter (1–4)"]
    for row in range(max(len(channels), len(products), 2)):
        xlsx.append(
            values,
            [
                channels[row] if row < len(channels) else None,
                periods[row] if row < len(periods) else None,
                products[row].name_vi if row < len(products) else None,
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _product_index(user) -> dict[tuple[str, str], list[Product]]:
    """(folded producer key, folded product name) → products the user may report for."""
    index: dict[tuple[str, str], list[Product]] = {}
    qs = visible(user, Product.objects.filter(archived_at__isnull=True)).select_related("producer")
    for product in qs:
        name = fold_vietnamese(product.name_vi)
        for key in {"", fold_vietnamese(product.producer.legal_name), product.producer.tax_code}:
            index.setdefault((key, name), []).append(product)
    return index


def sales_import_check(*, user, name: str, data: bytes) -> SalesImport:
    """Read and check a workbook; store the valid rows and every problem. Nothing is written to sales."""
    if not may_enter_sales(user):
        raise PermissionDenied
    check_upload(name=name, size=len(data), head=data[:8])
    try:
        sheet = read_sheet(io.BytesIO(data), name=name, columns=COLUMNS)
        problems = list(sheet.problems)
    except ImportFileError as error:
        record = SalesImport.objects.create(
            original_name=name[:255],
            status=SalesImport.Status.REFUSED,
            problems=getattr(error, "problems", None)
            or [
                {"row": None, "column": "", "value": "", "message_vi": error.message_vi, "message_en": error.message_en}
            ],
            created_by=user,
        )
        return record
    index = _product_index(user)
    channels = _channel_words()
    today = timezone.localdate()
    rows = []
    for row_number, values in sheet.rows:
        row_problems = []

        def fail(column, message, params=None, _row=row_number, _values=values, _problems=row_problems):
            _problems.append(
                problem(row=_row, column=column.header, value=_values.get(column.key), message=message, params=params)
            )

        parsed = {}
        for column in COLUMNS:
            raw = values.get(column.key)
            if is_blank(raw):
                if column.required:
                    fail(column, _("Ô bắt buộc đang để trống."))
                continue
            try:
                parsed[column.key] = as_int(raw) if column.kind == "int" else as_text(raw)
            except CellError as error:
                fail(column, error.message, error.params)
        by_key = {c.key: c for c in COLUMNS}
        if "period_kind" in parsed:
            kind = PERIOD_WORDS.get(fold_vietnamese(parsed["period_kind"]))
            if kind is None:
                fail(by_key["period_kind"], _("Kỳ phải là “Tháng” hoặc “Quý”."))
            parsed["period_kind"] = kind
        if "channel" in parsed:
            channel = channels.get(fold_vietnamese(parsed["channel"]))
            if channel is None:
                fail(by_key["channel"], _("Kênh bán hàng không có trong danh sách (xem trang “Giá trị hợp lệ”)."))
            parsed["channel"] = channel
        if "amount_vnd" in parsed and parsed["amount_vnd"] < 0:
            fail(by_key["amount_vnd"], _("Doanh thu không được âm."))
        product = None
        if "product" in parsed:
            producer_key = fold_vietnamese(parsed.get("producer", "")) if parsed.get("producer") else ""
            if producer_key.isdigit():
                producer_key = parsed["producer"].strip()
            found = index.get((producer_key, fold_vietnamese(parsed["product"])), [])
            if not found:
                fail(
                    by_key["product"],
                    _("Không tìm thấy sản phẩm “%(name)s” trong các sản phẩm bạn được báo cáo."),
                    {"name": parsed["product"]},
                )
            elif len(found) > 1:
                fail(
                    by_key["product"],
                    _("Có nhiều sản phẩm tên “%(name)s”; hãy ghi thêm chủ thể (mã số thuế hoặc tên)."),
                    {"name": parsed["product"]},
                )
            else:
                product = found[0]
        if not row_problems and product is not None:
            try:
                sales_period_check(
                    year=parsed["year"], period_kind=parsed["period_kind"], period=parsed["period"], today=today
                )
                sales_overlap_check(
                    product_id=product.pk,
                    year=parsed["year"],
                    period_kind=parsed["period_kind"],
                    period=parsed["period"],
                    channel=parsed["channel"],
                )
            except DomainError as error:
                fail(by_key.get(error.field or "period", by_key["period"]), error.message)
        problems.extend(row_problems)
        if not row_problems and product is not None:
            rows.append(
                {
                    "row": row_number,
                    "product_id": product.pk,
                    "product": product.name_vi,
                    "producer": product.producer.legal_name,
                    "year": parsed["year"],
                    "period_kind": parsed["period_kind"],
                    "period": parsed["period"],
                    "channel": parsed["channel"],
                    "amount_vnd": parsed["amount_vnd"],
                    "note": parsed.get("note", "")[:255],
                }
            )
    keys = Counter((r["product_id"], r["year"], r["period_kind"], r["period"], r["channel"]) for r in rows)
    for r in rows:
        if keys[(r["product_id"], r["year"], r["period_kind"], r["period"], r["channel"])] > 1:
            problems.append(
                problem(
                    row=r["row"],
                    column=COLUMNS[1].header,
                    value=r["product"],
                    message=_("Dòng này trùng sản phẩm, kỳ và kênh với một dòng khác trong tệp."),
                )
            )
    problems.sort(key=lambda p: p["row"] or 0)
    status = SalesImport.Status.REFUSED if problems else SalesImport.Status.PREVIEWED
    return SalesImport.objects.create(
        original_name=name[:255], status=status, rows=rows, problems=problems, created_by=user
    )


@transaction.atomic
def sales_import_apply(*, user, record: SalesImport) -> int:
    """Write every row of a previewed import, or none. Returns the number of lines written."""
    record = SalesImport.objects.select_for_update().get(pk=record.pk)
    if record.created_by_id != user.pk:
        raise PermissionDenied
    if record.status != SalesImport.Status.PREVIEWED:
        raise DomainError(str(_("Tệp này đã được ghi hoặc có lỗi; hãy tải lên lại.")))
    products = {p.pk: p for p in Product.objects.filter(pk__in=[r["product_id"] for r in record.rows])}
    for row in record.rows:
        try:
            sales_line_save(
                actor=user,
                product=products[row["product_id"]],
                year=row["year"],
                period_kind=row["period_kind"],
                period=row["period"],
                channel=row["channel"],
                amount_vnd=row["amount_vnd"],
                note=row["note"],
                origin=SalesOrigin.IMPORTED,
            )
        except DomainError as error:
            raise DomainError(
                str(_("Dòng %(row)s: %(message)s")) % {"row": row["row"], "message": error.message}, field=error.field
            ) from error
    record.status = SalesImport.Status.APPLIED
    record.applied_at = timezone.now()
    record.applied_count = len(record.rows)
    record.save(update_fields=["status", "applied_at", "applied_count", "updated_at"])
    audit_record(actor=user, action="sales_import.apply", target=record, after={"rows": record.applied_count})
    return record.applied_count
