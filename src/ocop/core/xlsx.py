"""Excel files in and out, safely: the one reader of uploaded workbooks and the one cell writer of exports.

Reading. An uploaded .xlsx is a zip of XML parts; a 1 MB file can expand to gigabytes. Before any
part is parsed, the zip's directory is checked: number of parts, each part's declared size (a part
never yields more than it declares: `zipfile` stops there and fails the CRC), the total, and the
compression ratio of large parts. The workbook is then opened with openpyxl in read-only mode, and
the data sheet is streamed row by row, each row freed once read, with the cells of a row and the
columns holding values capped. The sheet's `<dimension>` tag is never used: rows are read to the
end of the sheet, whatever the tag says. Shared strings are read with a cap on their number.

Writing. Every cell an export writes goes through `cell()`, `append()` or `write()`: text that Excel cannot store
(control characters) is cleaned, text longer than Excel's cell limit is cut, and text is always
written as text, never as a formula, whatever it starts with (`=HYPERLINK(…)` stays a string).
Figures are written as numbers and days as dates, each with its number format: `money()` (đồng, shown
with ₫), `count()`, `score()`, `percent()`; a date or a time gets DATE_FORMAT / DATETIME_FORMAT by
itself. Excel shows the separators of the reader's own settings (1.234.567 ₫ in a Vietnamese Excel,
1,234,567 ₫ in an English one) and sums, sorts and filters the values. `header()` styles a header row,
`layout()` sets column widths and freezes the header, `fit_widths()` sizes columns to their content.
"""

import datetime
import re
import struct
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, NamedTuple

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl.cell.cell import Cell
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from ocop.core.errors import DomainError
from ocop.core.formatting import file_size_lazy

# Limits of an uploaded workbook: settings OCOP_XLSX_… (settings.py); Excel's own limits here.
RATIO_FROM_BYTES = 1024 * 1024
EXCEL_MAX_COLUMNS = 16_384  # cells in one row (XFD)
EXCEL_MAX_CELL_CHARS = 32_767
MAX_ELEMENTS_BETWEEN_ROWS = 8 * EXCEL_MAX_COLUMNS  # XML elements in one row (cells, values, text runs)
MAX_MERGED_RANGES = 10_000  # XML elements inside one row (cells, values, text runs)

_TAG_ROW = f"{{{SHEET_MAIN_NS}}}row"
_TAG_CELL = f"{{{SHEET_MAIN_NS}}}c"
_TAG_DATA = f"{{{SHEET_MAIN_NS}}}sheetData"
_TAG_MERGE = f"{{{SHEET_MAIN_NS}}}mergeCell"
_TAG_STRING = f"{{{SHEET_MAIN_NS}}}si"
_TAG_TEXT = f"{{{SHEET_MAIN_NS}}}t"
_TAG_INLINE = f"{{{SHEET_MAIN_NS}}}is"
_TAG_FORMULA = f"{{{SHEET_MAIN_NS}}}f"
_END_OF_DIRECTORY = b"PK\x05\x06"


class WorkbookRefused(DomainError):
    """The workbook is refused as a whole. `message` is a lazy Vietnamese msgid, `params` fill it in."""

    def __init__(self, message, params: dict[str, Any] | None = None):
        self.params = params or {}
        super().__init__(str(message) % self.params if params else str(message), field="file")
        self.message = message


def _part_count(source: IO[bytes]) -> int | None:
    """Number of parts from the zip's end record, read before `zipfile` builds its directory."""
    source.seek(0, 2)
    size = source.tell()
    source.seek(max(0, size - 65_557))
    tail = source.read()
    source.seek(0)
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) < at + 22:
        return None
    return struct.unpack("<H", tail[at + 10 : at + 12])[0]


def check_archive(source: IO[bytes]) -> None:
    """Refuse a zip whose parts are too many, too large once expanded, or compressed suspiciously well."""
    count = _part_count(source)
    max_parts = int(settings.OCOP_XLSX_MAX_PARTS)
    if count is not None and count > max_parts:
        raise WorkbookRefused(
            _("Tệp có %(count)s thành phần nén, vượt giới hạn %(limit)s: không phải bảng tính Excel thông thường."),
            {"count": count, "limit": max_parts},
        )
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, struct.error):
        return  # not a zip at all: openpyxl refuses it with the usual message
    with archive:
        parts = archive.infolist()
        if len(parts) > max_parts:
            raise WorkbookRefused(
                _("Tệp có %(count)s thành phần nén, vượt giới hạn %(limit)s: không phải bảng tính Excel thông thường."),
                {"count": len(parts), "limit": max_parts},
            )
        total = sum(part.file_size for part in parts)
        max_total = int(settings.OCOP_XLSX_MAX_UNCOMPRESSED_BYTES)
        if total > max_total:
            raise WorkbookRefused(
                _(
                    "Tệp giải nén ra %(size)s dữ liệu, vượt giới hạn %(limit)s (tệp có thể là “bom nén”). "
                    "Hãy chia thành nhiều tệp nhỏ hơn."
                ),
                {"size": file_size_lazy(total), "limit": file_size_lazy(max_total)},
            )
        max_ratio = int(settings.OCOP_XLSX_MAX_RATIO)
        max_strings = int(settings.OCOP_XLSX_MAX_SHARED_STRINGS_BYTES)
        max_other = int(settings.OCOP_XLSX_MAX_OTHER_PART_BYTES)
        for part in parts:
            name = part.filename
            if part.file_size > RATIO_FROM_BYTES and part.file_size > max_ratio * max(part.compress_size, 1):
                raise WorkbookRefused(
                    _(
                        "Phần “%(part)s” của tệp nén %(ratio)s lần (%(size)s khi giải nén), vượt giới hạn "
                        "%(limit)s lần: tệp có thể là “bom nén”."
                    ),
                    {
                        "part": name,
                        "ratio": part.file_size // max(part.compress_size, 1),
                        "size": file_size_lazy(part.file_size),
                        "limit": max_ratio,
                    },
                )
            if name.startswith("xl/worksheets/") and not name.startswith("xl/worksheets/_rels/"):
                continue
            limit = max_strings if name.lower().endswith("sharedstrings.xml") else max_other
            if part.file_size > limit:
                raise WorkbookRefused(
                    _("Phần “%(part)s” của tệp giải nén ra %(size)s, vượt giới hạn %(limit)s."),
                    {"part": name, "size": file_size_lazy(part.file_size), "limit": file_size_lazy(limit)},
                )


class _UnsizedWorksheet(ReadOnlyWorksheet):
    """A read-only sheet that never reads the `<dimension>` tag (which may lie, or be missing)."""

    def _get_size(self):
        pass


class _SafeReader(ExcelReader):
    """openpyxl's reader, with the shared strings capped and the worksheets left unsized."""

    def read_strings(self):
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = _shared_strings(source)

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = _UnsizedWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def _shared_strings(source: IO[bytes]) -> list[str]:
    """The shared-string table, each entry freed from the XML tree once read."""
    from openpyxl.cell.text import Text

    limit = int(settings.OCOP_XLSX_MAX_SHARED_STRINGS)
    strings: list[str] = []
    root = None
    for event, node in iterparse(source, events=("start", "end")):
        if root is None:
            root = node
            continue
        if event == "end" and node.tag == _TAG_STRING:
            strings.append(_string_content(node, Text).replace("x005F_", ""))
            node.clear()
            root.remove(node)
            if len(strings) > limit:
                raise WorkbookRefused(
                    _("Tệp có hơn %(limit)s chuỗi văn bản dùng chung: không phải bảng tính Excel thông thường."),
                    {"limit": limit},
                )
    return strings


def _string_content(node, text_class) -> str:
    """A shared string's text. The usual entry, one `<t>` and nothing else, is read straight off the
    XML; any other (rich text runs, phonetic runs, attributes) through openpyxl, as before."""
    if len(node) == 1 and not node.attrib and node[0].tag == _TAG_TEXT:
        return node[0].text or ""
    return text_class.from_tree(node).content


@contextmanager
def open_workbook(source: IO[bytes]) -> Iterator[Any]:
    """The workbook, read-only, formulas kept as formulas; closed on exit.

    Raises WorkbookRefused for a file over the limits, and lets openpyxl's own errors (BadZipFile,
    KeyError, OSError, ValueError, TypeError) through for a file that is not a workbook.
    """
    check_archive(source)
    source.seek(0)
    reader = _SafeReader(source, read_only=True, keep_vba=False, data_only=False, keep_links=False)
    try:
        reader.read()
        yield reader.wb
    finally:
        reader.archive.close()


class SheetCell(NamedTuple):
    """One cell as stored: 0-based column index, value, openpyxl data type ("f" for a formula)."""

    column: int
    value: Any
    data_type: str


@dataclass
class SheetScan:
    """What streaming a sheet found besides its rows: merged ranges as (range, first row)."""

    merged: list[tuple[str, int]] = field(default_factory=list)


def sheet_rows(worksheet, *, scan: SheetScan | None = None) -> Iterator[tuple[int, list[SheetCell]]]:
    """Stream a read-only sheet: (Excel row number, the row's cells that hold a value), every row.

    Each row's XML is freed once read, so memory stays flat however long the sheet is. A value beyond
    column OCOP_XLSX_MAX_COLUMNS, or a row of more cells than Excel allows, refuses the file. Merged ranges
    (which come after the rows) are collected into `scan`.
    """
    workbook = worksheet.parent
    max_columns = int(settings.OCOP_XLSX_MAX_COLUMNS)
    with worksheet._get_source() as source:
        parser = _SheetParser(
            source,
            worksheet._shared_strings,
            data_only=False,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        rows_seen = cells_seen = since_row = 0
        max_cells = int(settings.OCOP_XLSX_MAX_CELLS)
        max_rows = int(settings.OCOP_XLSX_MAX_SHEET_ROWS)
        # End events only (half the work of start and end). A row is parsed and cleared as it ends;
        # its empty shell stays in sheetData, so the number of row elements is capped. Anything else
        # piles up only until the next row: that run of elements is capped too.
        for _event, element in iterparse(source):
            tag = element.tag
            if tag == _TAG_ROW:
                rows_seen += 1
                if rows_seen > max_rows:
                    raise WorkbookRefused(
                        _(
                            "Trang tính có hơn %(limit)s dòng (kể cả dòng trống có định dạng): quá lớn để nhập. "
                            "Hãy chia thành nhiều tệp nhỏ hơn."
                        ),
                        {"limit": max_rows},
                    )
                number, cells = _parse_row(parser, element, max_columns)
                element.clear()
                since_row = 0
                yield number, cells
                continue
            since_row += 1
            if since_row > MAX_ELEMENTS_BETWEEN_ROWS:
                raise WorkbookRefused(
                    _("Một dòng của tệp có hơn %(limit)s ô: không phải bảng tính Excel thông thường."),
                    {"limit": EXCEL_MAX_COLUMNS},
                )
            if tag == _TAG_CELL:
                cells_seen += 1
                if cells_seen > max_cells:
                    raise WorkbookRefused(
                        _(
                            "Trang tính có hơn %(limit)s ô (kể cả ô trống có định dạng): quá lớn để nhập. "
                            "Hãy chia thành nhiều tệp nhỏ hơn."
                        ),
                        {"limit": max_cells},
                    )
            elif tag == _TAG_MERGE:
                if scan is not None:
                    _add_merge(scan, element.get("ref") or "")
                element.clear()


class _SheetParser(WorkSheetParser):
    """openpyxl's cell parser, with the usual inline string (`<is><t>…</t></is>`, as openpyxl and many
    tools write text) read straight off the XML; every other cell goes through openpyxl, as before."""

    def parse_cell(self, element):
        text = element.find(_TAG_INLINE)
        if (
            text is None
            or element.get("t") != "inlineStr"
            or self.rich_text
            or len(text) != 1
            or text.attrib
            or text[0].tag != _TAG_TEXT
            or element.find(_TAG_FORMULA) is not None
        ):
            return super().parse_cell(element)
        # What WorkSheetParser.parse_cell does for such a cell, in the same order (the same errors).
        coordinate = element.get("r")
        style_id = element.get("s", 0)
        if style_id:
            style_id = int(style_id)
        if coordinate:
            row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        return {"row": row, "column": column, "value": text[0].text or "", "data_type": "s", "style_id": style_id}


def _parse_row(parser: WorkSheetParser, element, max_columns: int) -> tuple[int, list[SheetCell]]:
    number = element.get("r")
    try:
        parser.row_counter = int(float(number)) if number is not None else parser.row_counter + 1
    except ValueError:
        raise WorkbookRefused(_("Số dòng “%(value)s” trong tệp không hợp lệ."), {"value": number[:20]}) from None
    parser.col_counter = 0
    cells: list[SheetCell] = []
    children = [child for child in element if child.tag == _TAG_CELL]
    if len(children) > EXCEL_MAX_COLUMNS:
        raise WorkbookRefused(
            _("Một dòng của tệp có hơn %(limit)s ô: không phải bảng tính Excel thông thường."),
            {"limit": EXCEL_MAX_COLUMNS},
        )
    after_empty = None  # the reference of an empty cell skipped just before, if it had one
    for child in children:
        if len(child) == 0:
            # no value, no formula: an empty (perhaps formatted) cell, not worth parsing
            reference = child.get("r")
            if reference is None:
                parser.col_counter += 1
            after_empty = reference
            continue
        if after_empty is not None and child.get("r") is None:
            parser.col_counter = _column_of(after_empty)
        after_empty = None
        try:
            parsed = parser.parse_cell(child)
        except (ValueError, IndexError, TypeError, KeyError):
            raise WorkbookRefused(
                _("Ô %(cell)s của tệp không đọc được (dữ liệu hỏng)."), {"cell": (child.get("r") or "?")[:20]}
            ) from None
        value = parsed["value"]
        if value is None or (isinstance(value, str) and value == ""):
            continue
        if parsed["column"] > max_columns:
            raise WorkbookRefused(
                _("Ô %(cell)s có dữ liệu ngoài giới hạn %(limit)s cột của tệp nhập."),
                {
                    "cell": f"{get_column_letter(min(parsed['column'], EXCEL_MAX_COLUMNS))}{parsed['row']}",
                    "limit": max_columns,
                },
            )
        cells.append(SheetCell(parsed["column"] - 1, value, parsed["data_type"]))
    return parser.row_counter, cells


def _column_of(reference: str) -> int:
    letters = re.match(r"[A-Z]{1,3}", reference)
    if letters is None:
        raise WorkbookRefused(_("Ô %(cell)s của tệp không đọc được (dữ liệu hỏng)."), {"cell": reference[:20]})
    return column_index_from_string(letters.group(0))


_RANGE = re.compile(r"^([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?$")


def _add_merge(scan: SheetScan, ref: str) -> None:
    match = _RANGE.match(ref)
    if match:
        scan.merged.append((ref, int(match.group(2))))
        if len(scan.merged) > MAX_MERGED_RANGES:
            raise WorkbookRefused(
                _("Trang tính có hơn %(limit)s vùng ô gộp: không phải bảng tính nhập liệu."),
                {"limit": MAX_MERGED_RANGES},
            )


# Writing ------------------------------------------------------------------------------------------

# Characters XML 1.0 (and so Excel) cannot hold: C0 controls except tab, line feed, carriage return;
# U+FFFE and U+FFFF. A vertical tab or form feed (a line break pasted from Word) becomes a line feed.
_UNSTORABLE = re.compile(r"[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"[\x0b\x0c]")


def clean_text(text: str) -> str:
    """Text as Excel can store it: no control characters, at most 32,767 characters."""
    text = _UNSTORABLE.sub("", _LINE_BREAKS.sub("\n", text))
    if len(text) > EXCEL_MAX_CELL_CHARS:
        text = text[: EXCEL_MAX_CELL_CHARS - 1] + "…"
    return text


# Number formats. The separators in a format are placeholders: Excel writes the reader's own.
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
MONEY_FORMAT = '#,##0 "₫"'
COUNT_FORMAT = "#,##0"
SCORE_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
HEADER_FILL = PatternFill("solid", fgColor="FFF4EFE9")
HEADER_FONT = Font(bold=True)
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH = 8
MAX_WIDTH = 60


def _storable(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 10**15 else float(value)
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: an aware time is written as the wall clock of the installation.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, (int, float, datetime.date, datetime.time, datetime.timedelta)):
        return value
    return clean_text(str(value))


def _as_text(target: Cell, value: Any, number_format: str | None = None) -> Cell:
    value = _storable(value)
    if isinstance(value, str):
        # Cleaned and cut above, which is all openpyxl's own check would do; and the type is "s",
        # never "f": text starting with "=" (or "+", "-", "@") is written as text.
        target._value = value
        target.data_type = "s"
    elif value is None or type(value) in (int, float):  # what openpyxl would infer, without the lookups
        target._value = value
        target.data_type = "n"
    else:
        if number_format is None and isinstance(value, datetime.date):
            number_format = DATETIME_FORMAT if isinstance(value, datetime.datetime) else DATE_FORMAT
        if number_format:
            target.number_format = number_format  # before the value: openpyxl keeps a date format it finds
            number_format = None
        target.value = value
    if number_format:
        target.number_format = number_format
    return target


def cell(sheet, value: Any, *, number_format: str | None = None) -> Cell:
    """A cell for `sheet.append` (normal or write-only sheet): text is cleaned and always stays text;
    a date or a time is a real date cell shown dd/mm/yyyy (hh:mm) unless `number_format` says otherwise."""
    return _as_text(Cell(sheet, row=1, column=1), value, number_format)


def money(sheet, value: Any) -> Cell:
    """An amount in đồng: a number, shown 1.234.567 ₫ (the reader's separators)."""
    return cell(sheet, value, number_format=MONEY_FORMAT)


def count(sheet, value: Any) -> Cell:
    """A whole number of things: shown 1.234."""
    return cell(sheet, value, number_format=COUNT_FORMAT)


def score(sheet, value: Any) -> Cell:
    """Points of a score sheet: shown 87,67."""
    return cell(sheet, value, number_format=SCORE_FORMAT)


def percent(sheet, value: Any) -> Cell:
    """A percentage given in percent (15.5 for 15,5 %): stored as the fraction 0.155, shown 15,5 %."""
    return cell(sheet, None if value is None else Decimal(str(value)) / 100, number_format=PERCENT_FORMAT)


def append(sheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)`, every value through `cell()`; cells already built pass unchanged."""
    sheet.append([value if isinstance(value, Cell) else cell(sheet, value) for value in values])


def write(sheet, *, row: int, column: int, value: Any, number_format: str | None = None) -> Cell:
    """`sheet.cell(row, column, value)` for a normal sheet, the value through `cell()`'s rules."""
    return _as_text(sheet.cell(row=row, column=column), value, number_format)


def header_cell(sheet, text: Any) -> Cell:
    """One cell of a header row: bold on the header fill, wrapped."""
    result = cell(sheet, text)
    result.font = HEADER_FONT
    result.fill = HEADER_FILL
    result.alignment = HEADER_ALIGNMENT
    return result


def header(sheet, titles: Iterable[Any]) -> None:
    """Append a styled header row (normal or write-only sheet)."""
    sheet.append([header_cell(sheet, title) for title in titles])


def layout(sheet, *, widths: Iterable[float] = (), freeze_below: int = 1, first_column: int = 1) -> None:
    """Column widths (from `first_column`) and the rows down to `freeze_below` frozen while scrolling.
    On a write-only sheet, call it before the first row is written."""
    for index, width in enumerate(widths, start=first_column):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if freeze_below:
        sheet.freeze_panes = f"A{freeze_below + 1}"


def _shown_length(target: Cell) -> int:
    value = target.value
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, (int, float)):
        digits = len(f"{abs(value):,.0f}") + (3 if target.number_format in (SCORE_FORMAT, PERCENT_FORMAT) else 0)
        return digits + (2 if target.number_format == MONEY_FORMAT else 0) + (value < 0)
    return max((len(line) for line in str(value).splitlines()), default=0)


def fit_widths(sheet, *, from_row: int = 1, minimum: int = MIN_WIDTH, maximum: int = MAX_WIDTH) -> None:
    """Each column of a normal sheet as wide as its longest value from `from_row` (within bounds); a
    wrapped header counts by its longest word (it wraps onto more lines, never inside a word)."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=from_row):
        for target in row:
            if target.value is None:
                continue
            if target.alignment.wrap_text and isinstance(target.value, str):
                length = max((len(word) for word in target.value.split()), default=0)
            else:
                length = _shown_length(target)
            widths[target.column] = max(widths.get(target.column, 0), length)
    for column, length in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(length + 2, minimum), maximum)
