"""Opening an uploaded file and reading its data sheet into rows, refusing what is not a clean table.

The file is checked before it is opened (size, signature), then read once through the one safe
reader of uploaded workbooks (`ocop.core.xlsx`: expanded size and compression ratio checked before
parsing, the sheet streamed row by row to its last row whatever its <dimension> tag says, columns
capped), with formulas kept so that a formula is seen as a formula.
"""

import itertools
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext_lazy as _
from openpyxl.utils import column_index_from_string, get_column_letter

from ocop.core import xlsx
from ocop.core.formatting import file_size_lazy
from ocop.imports import conf
from ocop.imports.columns import DATA_SHEET, FIRST_DATA_ROW, Column
from ocop.imports.folding import fold
from ocop.imports.problems import ImportFileError, problem

XLSX_SIGNATURE = b"PK\x03\x04"
OLD_XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stands in for a cell that held a formula: the row is refused, the column is not reported twice.
FORMULA = object()
# Cell-level problems (formulas, merged cells, data outside the columns) kept before the file is refused.
PROBLEM_LIMIT = 1000


@dataclass
class Sheet:
    """The data rows of a file: (Excel row number, {column key: raw cell value}), and cell-level problems."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


def upload_check(upload) -> str:
    """Refuse an uploaded file by its size, name and first bytes (check_upload) before it is stored;
    returns its name."""
    name = upload.name or "upload.xlsx"
    size = upload.size or 0
    head = b""
    if 0 < size <= conf.max_file_bytes():
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
    check_upload(name=name, size=size, head=head)
    return name


def check_upload(*, name: str, size: int, head: bytes) -> None:
    """Refuse a file by its size, name and first bytes, before anything reads it."""
    limit = conf.max_file_bytes()
    if size > limit:
        raise ImportFileError(
            _("Tệp “%(name)s” có dung lượng %(size)s, vượt giới hạn %(limit)s. Hãy chia thành nhiều tệp nhỏ hơn."),
            {"name": name, "size": file_size_lazy(size), "limit": file_size_lazy(limit)},
        )
    if size == 0:
        raise ImportFileError(_("Tệp “%(name)s” rỗng (0 byte)."), {"name": name})
    if head.startswith(OLD_XLS_SIGNATURE):
        raise ImportFileError(
            _("Tệp “%(name)s” là tệp Excel 97–2003 (.xls). Hãy mở bằng Excel và lưu lại dạng .xlsx."), {"name": name}
        )
    if not head.startswith(XLSX_SIGNATURE) or not name.lower().endswith(".xlsx"):
        raise ImportFileError(
            _(
                "Tệp “%(name)s” không phải tệp Excel .xlsx (nội dung không đúng định dạng Excel; ví dụ tệp CSV "
                "hoặc ảnh đổi tên). Hãy dùng tệp mẫu tải về từ hệ thống."
            ),
            {"name": name},
        )


def _header_lookup(columns: tuple[Column, ...]) -> dict[str, Column]:
    lookup: dict[str, Column] = {}
    for column in columns:
        lookup[fold(column.header_vi)] = column
        lookup[fold(column.header_en)] = column
    return lookup


def read_sheet(source: IO[bytes], *, name: str, columns: tuple[Column, ...]) -> Sheet:
    """Read the data sheet. A problem with the file as a whole raises ImportFileError."""
    try:
        with xlsx.open_workbook(source) as workbook:
            worksheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
            return _read_worksheet(worksheet, columns=columns)
    except xlsx.WorkbookRefused as error:
        raise ImportFileError(error.message, error.params) from error
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError) as exc:
        raise ImportFileError(
            _("Không mở được tệp “%(name)s” như một bảng tính Excel (tệp hỏng hoặc không phải .xlsx)."),
            {"name": name},
        ) from exc


def _add_problem(sheet: Sheet, item: dict) -> None:
    """Keep a cell-level problem; past PROBLEM_LIMIT the file is refused with the first ones listed."""
    sheet.problems.append(item)
    if len(sheet.problems) > PROBLEM_LIMIT:
        raise ImportFileError(
            _(
                "Tệp có hơn %(limit)s lỗi ở các ô (công thức, ô gộp, dữ liệu ngoài cột). "
                "Hãy sửa các lỗi được liệt kê rồi tải lên lại."
            ),
            {"limit": PROBLEM_LIMIT},
            problems=sheet.problems[:PROBLEM_LIMIT],
        )


def _read_worksheet(worksheet, *, columns: tuple[Column, ...]) -> Sheet:
    """Every row of the sheet, to its last one: the sheet's <dimension> tag is never trusted."""
    sheet = Sheet()
    scan = xlsx.SheetScan()
    rows = xlsx.sheet_rows(worksheet, scan=scan)
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("Tệp không có dữ liệu: trang tính “%(sheet)s” trống."), {"sheet": worksheet.title})
    header_cells, pending = (first[1], []) if first[0] == 1 else ([], [first])
    positions = _check_header(header_cells, columns)
    by_position = {index: column for column, index in positions.items()}
    english = {fold(column.header_en) for column in columns}
    max_rows = conf.max_rows()
    for row_number, cells in itertools.chain(pending, rows):
        if not cells:
            continue
        if row_number < FIRST_DATA_ROW:
            folded = {fold(str(c.value)) for c in cells if not (isinstance(c.value, str) and not c.value.strip())}
            if folded and folded <= english:
                continue  # the English header row
        values: dict[str, Any] = {}
        empty = True
        for cell in cells:
            value = cell.value
            if isinstance(value, str) and not value.strip():
                continue
            empty = False
            index = cell.column
            column = by_position.get(index)
            letter = get_column_letter(index + 1)
            if column is None:
                _add_problem(
                    sheet,
                    problem(
                        row=row_number,
                        column=letter,
                        value=value,
                        message=_("Ô %(cell)s có dữ liệu nhưng cột %(letter)s không có tiêu đề trong mẫu."),
                        params={"cell": f"{letter}{row_number}", "letter": letter},
                    ),
                )
                continue
            if cell.data_type == "f":
                _add_problem(
                    sheet,
                    problem(
                        row=row_number,
                        column=column.header,
                        value=str(getattr(value, "text", value)),
                        message=_(
                            "Ô %(cell)s chứa công thức; hệ thống không nhận công thức. "
                            "Hãy sao chép và dán dạng giá trị (Paste Values)."
                        ),
                        params={"cell": f"{letter}{row_number}"},
                    ),
                )
                values[column.key] = FORMULA
                continue
            values[column.key] = value
        if empty:
            continue
        sheet.rows.append((row_number, values))
        if len(sheet.rows) > max_rows:
            raise ImportFileError(
                _("Tệp có hơn %(limit)s dòng dữ liệu. Hãy chia thành nhiều tệp nhỏ hơn."), {"limit": max_rows}
            )
    if not sheet.rows and not sheet.problems:
        raise ImportFileError(_("Tệp không có dòng dữ liệu nào: chỉ có dòng tiêu đề."))
    letters = {index: column for column, index in positions.items()}
    for cell_range, first_row in scan.merged:
        first_letter = re.match(r"[A-Z]+", cell_range).group(0)
        index = column_index_from_string(first_letter) - 1
        column = letters.get(index)
        _add_problem(
            sheet,
            problem(
                row=first_row,
                column=column.header if column else first_letter,
                value="",
                message=_("Các ô %(range)s bị gộp (merge). Hãy bỏ gộp ô: mỗi ô chỉ chứa một giá trị của một dòng."),
                params={"range": cell_range},
            ),
        )
    sheet.problems.sort(key=lambda p: p["row"] or 0)
    return sheet


def _check_header(cells: list[xlsx.SheetCell], columns: tuple[Column, ...]) -> dict[Column, int]:
    """Map each template column to its position; refuse missing, renamed, unknown or repeated columns."""
    lookup = _header_lookup(columns)
    positions: dict[Column, int] = {}
    problems: list[dict] = []
    for cell in cells:
        value = cell.value
        if isinstance(value, str) and not value.strip():
            continue
        index = cell.column
        letter = get_column_letter(index + 1)
        column = lookup.get(fold(str(value)))
        if column is None:
            problems.append(
                problem(
                    row=1,
                    column=letter,
                    value=value,
                    message=_("Cột %(letter)s có tiêu đề “%(header)s” không có trong mẫu (cột bị đổi tên hoặc thừa)."),
                    params={"letter": letter, "header": str(value).strip()},
                )
            )
        elif column in positions:
            problems.append(
                problem(
                    row=1,
                    column=column.header,
                    value=value,
                    message=_("Cột “%(header)s” xuất hiện hai lần (cột %(letter)s)."),
                    params={"header": column.header, "letter": letter},
                )
            )
        else:
            positions[column] = index
    missing = [column for column in columns if column not in positions]
    for column in missing:
        problems.append(
            problem(
                row=1,
                column=column.header,
                value="",
                message=_("Thiếu cột “%(header)s” (%(header_en)s)."),
                params={"header": column.header_vi, "header_en": column.header_en},
            )
        )
    if problems:
        names = ", ".join(f"“{column.header_vi}”" for column in missing)
        if missing:
            raise ImportFileError(
                _("Dòng tiêu đề không khớp với mẫu. Thiếu cột: %(names)s."), {"names": names}, problems=problems
            )
        raise ImportFileError(_("Dòng tiêu đề không khớp với mẫu."), problems=problems)
    return positions
