"""The .xlsx files the app writes: the empty template and the export, which share one layout.

Sheet "Dữ liệu": row 1 the Vietnamese headers, row 2 the English ones, data from row 3.
Sheet "Hướng dẫn": how to fill the file, column by column, in both languages.
Sheet "Giá trị hợp lệ": the allowed values (types, statuses, units, product sets, communes…).
"""

import datetime
import io
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ocop.core import xlsx
from ocop.core.formatting import file_size_lazy, interpolated_lazy, number_lazy
from ocop.criteria.models import ProductSet
from ocop.geo.models import Commune, HistoricalCommune, HistoricalDistrict, Province
from ocop.imports import conf
from ocop.imports.columns import COLUMNS, DATA_SHEET, HELP_SHEET, VALUES_SHEET, Column
from ocop.imports.products import CRITERIA_VERSION
from ocop.producers.models import Producer
from ocop.products.models import Product

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FILL = PatternFill("solid", fgColor="FFE8F0E0")


def _both(message) -> tuple[str, str]:
    with translation.override("vi"):
        vi = str(message)
    with translation.override("en"):
        en = str(message)
    return vi, en


HELP_LINES = [
    gettext_lazy("Cách điền tệp nhập dữ liệu OCOP."),
    gettext_lazy(
        "Mỗi dòng từ dòng 3 của trang “Dữ liệu” là một bản ghi. Không sửa, không xoá, không thêm cột ở dòng 1 và 2."
    ),
    gettext_lazy("Không dùng công thức, không gộp ô. Ngày ghi theo dạng ngày/tháng/năm (15/03/2024)."),
    gettext_lazy("Ô để trống nghĩa là trường đó để trống: khi cập nhật, giá trị cũ bị xoá."),
    gettext_lazy("Dòng có khoá trùng với bản ghi đã có sẽ cập nhật bản ghi đó; dòng khác sẽ tạo bản ghi mới."),
    gettext_lazy("Hệ thống kiểm tra toàn bộ tệp và cho xem trước; chưa ghi gì cho tới khi bạn xác nhận."),
]
HELP_KEY = {
    "producers": gettext_lazy(
        "Khoá của chủ thể: mã số thuế nếu có; nếu không có, tên chủ thể cùng xã, phường (không phân biệt dấu)."
    ),
    "products": gettext_lazy(
        "Khoá của sản phẩm: mã GTIN nếu có; nếu không có, chủ thể cùng tên sản phẩm (không phân biệt dấu). "
        "Chủ thể phải có sẵn trong hệ thống."
    ),
    "certificates": gettext_lazy(
        "Mỗi dòng là một giấy chứng nhận OCOP cấp trên giấy trước khi có hệ thống (hồ sơ lịch sử); khoá là số giấy "
        "chứng nhận. Sản phẩm phải có sẵn trong hệ thống. Bản quét quyết định đính kèm sau, ở trang của từng giấy."
    ),
}
HELP_LIMITS = gettext_lazy("Dung lượng tối đa %(size)s, tối đa %(rows)s dòng dữ liệu.")


def _allowed_values(kind: str, province: Province | None) -> dict[str, list[str]]:
    """Column header → allowed values, for the values sheet and the drop-down lists."""
    values: dict[str, list[str]] = {}
    for column in COLUMNS[kind]:
        if column.kind == "choice":
            values[column.header_vi] = [column.choice_label(value) for value, _label in column.choices]
        elif column.kind == "bool":
            values[column.header_vi] = ["Có", "Không"]
    communes = Commune.objects.order_by("name")
    districts = HistoricalDistrict.objects.order_by("name")
    if province is not None:
        communes = communes.filter(province=province)
        districts = districts.filter(province=province)
    commune_names = list(communes.values_list("name", flat=True))
    if kind == "certificates":
        values["Hạng sao"] = ["3", "4", "5"]
        return values
    if kind == "producers":
        values["Xã, phường"] = commune_names
        values["Huyện (trước 7/2025)"] = list(districts.values_list("name", flat=True))
        values["Xã (trước 7/2025)"] = [
            f"{name} ({district})"
            for name, district in HistoricalCommune.objects.filter(district__in=districts)
            .order_by("district__name", "name")
            .values_list("name", "district__name")
        ]
    else:
        values["Xã, phường của chủ thể"] = commune_names
        values["Bộ sản phẩm (QĐ 148)"] = [
            f"{code} – {name}"
            for code, name in ProductSet.objects.filter(version__code__iexact=CRITERIA_VERSION)
            .order_by("number")
            .values_list("code", "name_vi")
        ]
    return values


def _help_rows(kind: str) -> list[list[str]]:
    params = {"size": file_size_lazy(conf.max_file_bytes()), "rows": number_lazy(conf.max_rows())}
    rows = [list(_both(line)) for line in [*HELP_LINES, HELP_KEY[kind]]]
    rows.append(list(_both(interpolated_lazy(HELP_LIMITS, params))))
    rows.append([])
    rows.append(["Cột", "Column", "Bắt buộc / Required", "Ghi chú", "Notes"])
    for column in COLUMNS[kind]:
        rows.append(
            [column.header_vi, column.header_en, "Có / Yes" if column.required else "", column.note_vi, column.note_en]
        )
    return rows


def _cell_value(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column.kind == "bool":
        return "Có" if value else "Không"
    if column.kind == "choice":
        return column.choice_label(value)
    if isinstance(value, Decimal):
        normal = value.normalize()
        return int(normal) if normal == normal.to_integral() else float(normal)
    return value


def _number_format(column: Column) -> str | None:
    """How a whole number of the column is shown: đồng as money (1.234.567 ₫), counts grouped (1.234);
    a year (2019) as it is."""
    if column.key.endswith("_vnd"):
        return xlsx.MONEY_FORMAT
    if column.kind == "int" and not column.key.endswith("year") and column.key != "stars":
        return xlsx.COUNT_FORMAT
    return None


def _producer_row(producer: Producer) -> dict[str, Any]:
    return {
        **{
            field: getattr(producer, field)
            for field in (c.key for c in COLUMNS["producers"])
            if field not in ("commune", "historical_district", "historical_commune")
        },
        "commune": producer.commune.name,
        "historical_district": producer.historical_district.name if producer.historical_district_id else "",
        "historical_commune": producer.historical_commune.name if producer.historical_commune_id else "",
    }


def _product_row(product: Product) -> dict[str, Any]:
    skip = ("producer_tax_code", "producer_name", "producer_commune", "product_set")
    return {
        **{key: getattr(product, key) for key in (c.key for c in COLUMNS["products"]) if key not in skip},
        "producer_tax_code": product.producer.tax_code,
        "producer_name": product.producer.legal_name,
        "producer_commune": product.producer.commune.name,
        "product_set": product.product_set.code if product.product_set_id else "",
    }


def build_workbook(*, kind: str, province: Province | None, records: Iterable[Any] = ()) -> bytes:
    """The template (no records) or an export (producers or products) as .xlsx bytes."""
    columns = COLUMNS[kind]
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(DATA_SHEET)
    help_sheet = workbook.create_sheet(HELP_SHEET)
    values_sheet = workbook.create_sheet(VALUES_SHEET)
    for index, column in enumerate(columns, start=1):
        data.column_dimensions[get_column_letter(index)].width = column.width
    data.freeze_panes = "A3"
    allowed = _allowed_values(kind, province)
    # Drop-down lists that point at the values sheet (a list, not a formula in any data cell).
    for offset, (header, options) in enumerate(allowed.items(), start=1):
        column_index = next((i for i, c in enumerate(columns, start=1) if c.header_vi == header), None)
        if column_index is None or not options:
            continue
        letter = get_column_letter(column_index)
        source_letter = get_column_letter(offset)
        source = f"{quote_sheetname(VALUES_SHEET)}!${source_letter}$2:${source_letter}${len(options) + 1}"
        validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
        validation.add(f"{letter}3:{letter}{conf.max_rows() + 2}")
        data.data_validations.append(validation)
    data.append([_header_cell(data, column.header_vi, bold=True) for column in columns])
    data.append([_header_cell(data, column.header_en, bold=False) for column in columns])
    to_row = _producer_row if kind == "producers" else _product_row
    formats = [(column, _number_format(column)) for column in columns]
    data_rows = 0
    for record in records:
        data_rows += 1
        values = to_row(record)
        row = []
        for column, number_format in formats:
            value = _cell_value(column, values.get(column.key))
            # text stays text, cleaned; a date is a date cell; a price is money, a count a number
            row.append(xlsx.cell(data, value, number_format=number_format if isinstance(value, int) else None))
        data.append(row)
    for line in _help_rows(kind):
        xlsx.append(help_sheet, line)
    help_sheet.column_dimensions["A"].width = 60
    help_sheet.column_dimensions["B"].width = 60
    values_sheet.append([_header_cell(values_sheet, header, bold=True) for header in allowed])
    longest = max((len(options) for options in allowed.values()), default=0)
    lists = list(allowed.values())
    for index in range(longest):
        xlsx.append(values_sheet, [options[index] if index < len(options) else None for options in lists])
    buffer = io.BytesIO()
    workbook.save(buffer)
    ref = f"A1:{get_column_letter(len(columns))}{max(data_rows + 2, 1)}"
    return _with_dimension(buffer.getvalue(), "xl/worksheets/sheet1.xml", ref)


def _with_dimension(data: bytes, member: str, ref: str) -> bytes:
    """Write the sheet's <dimension>, which openpyxl's write-only mode leaves out.

    Without it, every reader that wants the sheet's size (openpyxl's read-only mode among them)
    has to parse the whole sheet once more before reading it.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member and b"<dimension" not in content:
                content = content.replace(b"</sheetPr>", f'</sheetPr><dimension ref="{ref}" />'.encode(), 1)
            target.writestr(item, content)
    return output.getvalue()


def _header_cell(sheet, text: str, *, bold: bool) -> Cell:
    cell = xlsx.cell(sheet, text)
    cell.font = Font(bold=bold, italic=not bold, color=None if bold else "FF555555")
    cell.fill = _HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def file_name(kind: str, *, export: bool) -> str:
    stamp = datetime.date.today().strftime("%Y%m%d")
    base = {"producers": "chu-the", "products": "san-pham", "certificates": "giay-chung-nhan-lich-su"}[kind]
    return f"ocop-{base}-{stamp}.xlsx" if export else f"mau-nhap-{base}.xlsx"
