"""Sales from an Excel workbook: template, check and preview, then write everything or nothing.

The file is opened and its header matched by the registry import's reader (`ocop.imports.readers`),
so the same rules hold: .xlsx only, size limit, no formulas, no merged cells, Vietnamese or English
headers in any order. The request only stores the upload; the worker (outbox task, inline without
a broker) checks each row (product known and in the uploader's scope, period, channel, amount) with a
progress bar, and the page shows the preview; nothing is written until the uploader confirms, and
then the worker writes all rows in one transaction or none.
"""

import io
import logging
from collections import Counter
from collections.abc import Callable

import openpyxl
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Font

from ocop.accounts.policy import may_enter_sales, visible
from ocop.core import xlsx
from ocop.core.background import rows_progress, status_claim
from ocop.core.errors import DomainError
from ocop.core.outbox import outbox_enqueue
from ocop.core.services import audit_record
from ocop.core.text import fold_vietnamese
from ocop.imports import conf
from ocop.imports.cells import as_int, as_text, is_blank
from ocop.imports.columns import DATA_SHEET, Column
from ocop.imports.problems import (
    MESSAGE_APPLY_FAILED,
    MESSAGE_CHANGED_SINCE_PREVIEW,
    CellError,
    ImportFileError,
    bilingual,
    problem,
)
from ocop.imports.readers import check_upload, read_sheet, upload_check
from ocop.products.models import Product
from ocop.programme.models import Channel, SalesImport, SalesOrigin
from ocop.programme.services import sales_line_save, sales_overlap_check, sales_period_check

logger = logging.getLogger(__name__)
Status = SalesImport.Status

TEMPLATE_FORMATTED_ROWS = 500
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
    xlsx.layout(sheet, widths=[column.width for column in COLUMNS], freeze_below=2)
    xlsx.header(sheet, [column.header_vi for column in COLUMNS])
    xlsx.header(sheet, [column.header_en for column in COLUMNS])
    for target in sheet[2]:
        target.font = Font(italic=True, color="FF555555")
    # The first rows to fill show đồng as 1.234.567 ₫ once typed (the cells are numbers, the format Excel's).
    amount = next(index for index, column in enumerate(COLUMNS, start=1) if column.key == "amount_vnd")
    for row in range(3, 3 + TEMPLATE_FORMATTED_ROWS):
        sheet.cell(row=row, column=amount).number_format = xlsx.MONEY_FORMAT
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


def sales_rows_check(
    *, user, name: str, data: bytes, progress: Callable[[int, int], None]
) -> tuple[list[dict], list[dict]]:
    """Read and check a workbook for `user`: (valid rows, every problem with its row and column).
    Writes nothing; a file refused as a whole raises ImportFileError."""
    check_upload(name=name, size=len(data), head=data[:8])
    sheet = read_sheet(io.BytesIO(data), name=name, columns=COLUMNS)
    problems = list(sheet.problems)
    index = _product_index(user)
    channels = _channel_words()
    today = timezone.localdate()
    rows = []
    progress(0, len(sheet.rows))
    for done, (row_number, values) in enumerate(sheet.rows, start=1):
        progress(done, len(sheet.rows))
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
    return rows, problems


@transaction.atomic
def sales_import_create(*, user, upload: UploadedFile) -> SalesImport:
    """The request's part: refuse a file that is not an .xlsx of the allowed size (ImportFileError),
    store it and queue its check (outbox: a broker that is down delays it, never fails the upload)."""
    if not may_enter_sales(user):
        raise PermissionDenied
    name = upload_check(upload)
    record = SalesImport(original_name=name[:255], status=Status.UPLOADED, created_by=user)
    record.file.save(get_valid_filename(name)[-100:], upload, save=False)
    record.save()
    from ocop.programme.tasks import sales_import_check_task

    outbox_enqueue(sales_import_check_task, record.pk)
    return record


def _check(record: SalesImport) -> None:
    """Check the record's file for its uploader, as the database is now; store rows, problems, status."""
    if not may_enter_sales(record.created_by):
        record.rows = []
        record.problems = [problem(row=None, column="", value="", message=_("Bạn không còn quyền nhập doanh số."))]
    else:
        with record.file.open("rb") as handle:
            data = handle.read()
        try:
            record.rows, record.problems = sales_rows_check(
                user=record.created_by,
                name=record.original_name,
                data=data,
                progress=rows_progress(SalesImport, record.pk, every=conf.progress_every()),
            )
        except ImportFileError as error:
            record.rows, record.problems = [], error.problems
    record.status = Status.REFUSED if record.problems else Status.PREVIEWED
    record.total_rows, record.processed_rows = SalesImport.objects.values_list("total_rows", "processed_rows").get(
        pk=record.pk
    )


def sales_import_check(*, record_id: int) -> SalesImport:
    """The worker's check: valid rows and problems for the preview. Writes no sales line. Safe to run twice."""
    queryset = SalesImport.objects.select_related("created_by")
    record = status_claim(
        queryset, record_id, from_status={Status.UPLOADED, Status.CHECKING}, to_status=Status.CHECKING
    )
    if record is None:
        return SalesImport.objects.get(pk=record_id)
    _check(record)
    record.save()
    return record


@transaction.atomic
def sales_import_confirm(*, user, record: SalesImport) -> SalesImport:
    """The uploader accepts the preview: queue the apply. Only a previewed file, only once."""
    record = SalesImport.objects.select_for_update().get(pk=record.pk)
    if record.created_by_id != user.pk:
        raise PermissionDenied
    if record.status != Status.PREVIEWED:
        raise DomainError(str(_("Tệp này đã được ghi hoặc có lỗi; hãy tải lên lại.")), field="status")
    record.status = Status.CONFIRMED
    record.message_vi = record.message_en = ""
    record.save(update_fields=["status", "message_vi", "message_en", "updated_at"])
    from ocop.programme.tasks import sales_import_apply_task

    outbox_enqueue(sales_import_apply_task, record.pk)
    return record


def _write(record: SalesImport) -> int:
    user = record.created_by
    if not may_enter_sales(user):
        raise PermissionDenied
    products = {p.pk: p for p in Product.objects.filter(pk__in=[r["product_id"] for r in record.rows])}
    for row in record.rows:
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
    audit_record(actor=user, action="sales_import.apply", target=record, after={"rows": len(record.rows)})
    return len(record.rows)


def sales_import_apply(*, record_id: int) -> SalesImport:
    """The worker's apply: every previewed row in one transaction, or none. A row the database refuses
    now (a line entered since the preview, a product out of reach) writes nothing: the file is
    checked again and the new preview shows why. Safe to run twice: only a confirmed file is applied."""
    queryset = SalesImport.objects.select_related("created_by")
    record = status_claim(queryset, record_id, from_status={Status.CONFIRMED}, to_status=Status.APPLYING)
    if record is None:
        return SalesImport.objects.get(pk=record_id)
    try:
        with transaction.atomic():
            count = _write(record)
    except (DomainError, PermissionDenied, Product.DoesNotExist, KeyError):
        _check(record)
        record.message_vi, record.message_en = bilingual(MESSAGE_CHANGED_SINCE_PREVIEW)
    except Exception as error:
        logger.exception("sales import %s failed", record.pk)
        record.status = Status.FAILED
        record.message_vi, record.message_en = bilingual(MESSAGE_APPLY_FAILED, {"error": error.__class__.__name__})
    else:
        record.status = Status.APPLIED
        record.applied_at = timezone.now()
        record.applied_count = count
    record.save()
    return record
