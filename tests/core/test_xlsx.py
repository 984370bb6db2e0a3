"""The one safe reader of uploaded workbooks and the one cell writer of exports (ocop.core.xlsx)."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from ocop.core import xlsx
from ocop.core.formatting import file_size
from tests import hostile


def _refusal(data: bytes) -> xlsx.WorkbookRefused:
    with pytest.raises(xlsx.WorkbookRefused) as caught, xlsx.open_workbook(io.BytesIO(data)) as workbook:
        list(xlsx.sheet_rows(workbook.worksheets[0]))
    return caught.value


def _rendered(error: xlsx.WorkbookRefused, language: str) -> str:
    with translation.override(language):
        return str(error.message) % error.params


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return hostile.zip_bomb_xlsx(["Tên", "Địa chỉ"])


def test_a_zip_bomb_is_refused_from_the_zip_directory_before_any_part_is_parsed(bomb, monkeypatch):
    assert len(bomb) < 2 * 1024 * 1024
    parsed = []
    monkeypatch.setattr(xlsx._SafeReader, "read", lambda self: parsed.append(self))
    error = _refusal(bomb)
    assert parsed == []
    size = hostile.expanded_bytes(bomb)
    assert 299 * 1024 * 1024 < size < 300 * 1024 * 1024
    with translation.override("vi"):
        size_vi = file_size(size)
    with translation.override("en"):
        size_en = file_size(size)
    assert _rendered(error, "vi") == (
        f"Tệp giải nén ra {size_vi} dữ liệu, vượt giới hạn 100 MB (tệp có thể là “bom nén”). "
        "Hãy chia thành nhiều tệp nhỏ hơn."
    )
    assert _rendered(error, "en") == (
        f"The file expands to {size_en} of data, over the limit of 100 MB (it may be a “zip bomb”). "
        "Split it into smaller files."
    )
    assert error.field == "file"


def test_a_part_compressed_suspiciously_well_is_refused_even_under_the_total(settings):
    settings.OCOP_XLSX_MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
    error = _refusal(hostile.zip_bomb_xlsx(["Tên"], expanded_mb=20))
    text = _rendered(error, "vi")
    assert text.startswith("Phần “xl/worksheets/sheet1.xml” của tệp nén ")
    assert text.endswith(" lần (20 MB khi giải nén), vượt giới hạn 100 lần: tệp có thể là “bom nén”.")
    assert error.params["ratio"] > 100


def test_too_many_parts_are_refused_before_the_directory_is_read(settings):
    settings.OCOP_XLSX_MAX_PARTS = 12
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(13):
            archive.writestr(f"part{number}.xml", b"<a/>")
    assert _rendered(_refusal(buffer.getvalue()), "vi") == (
        "Tệp có 13 thành phần nén, vượt giới hạn 12: không phải bảng tính Excel thông thường."
    )


def test_a_lying_dimension_tag_is_ignored_and_every_row_is_read():
    rows = [["Tên"]] + [[f"Dòng {n}"] for n in range(2, 12)]
    data = hostile.lying_dimension_xlsx(rows, says="A1:A5")
    assert b'<dimension ref="A1:A5"/>' in zipfile.ZipFile(io.BytesIO(data)).read(hostile.SHEET_PART)
    with xlsx.open_workbook(io.BytesIO(data)) as workbook:
        read = [(number, [cell.value for cell in cells]) for number, cells in xlsx.sheet_rows(workbook.active)]
    assert read == [(1, ["Tên"])] + [(n, [f"Dòng {n}"]) for n in range(2, 12)]


def test_cells_keep_their_column_type_and_formula_flag():
    data = hostile.workbook([["a", None, 3, datetime.date(2024, 3, 15), "=1+1"]])
    with xlsx.open_workbook(io.BytesIO(data)) as workbook:
        [(number, cells)] = list(xlsx.sheet_rows(workbook.active))
    assert number == 1
    assert [(c.column, c.value, c.data_type) for c in cells] == [
        (0, "a", "s"),
        (2, 3, "n"),
        (3, datetime.datetime(2024, 3, 15), "d"),
        (4, "=1+1", "f"),
    ]


def test_a_value_beyond_the_column_limit_refuses_the_file(settings):
    settings.OCOP_XLSX_MAX_COLUMNS = 5
    error = _refusal(hostile.workbook([["a", "b"], [None, None, None, None, None, "f"]]))
    assert _rendered(error, "vi") == "Ô F2 có dữ liệu ngoài giới hạn 5 cột của tệp nhập."
    assert _rendered(error, "en") == "Cell F2 holds data beyond the 5-column limit of an import file."


def test_blank_formatted_rows_count_towards_the_row_element_limit(settings):
    settings.OCOP_XLSX_MAX_SHEET_ROWS = 50
    data = hostile.workbook([["Tên"]])
    xml = zipfile.ZipFile(io.BytesIO(data)).read(hostile.SHEET_PART)
    xml = xml.replace(b"</sheetData>", b'<row ht="20" customHeight="1"/>' * 60 + b"</sheetData>")
    error = _refusal(hostile._replace_part(data, hostile.SHEET_PART, [xml]))
    assert _rendered(error, "vi") == (
        "Trang tính có hơn 50 dòng (kể cả dòng trống có định dạng): quá lớn để nhập. Hãy chia thành nhiều tệp nhỏ hơn."
    )


def test_a_row_of_more_cells_than_excel_allows_is_refused():
    data = hostile.workbook([["Tên"]])
    xml = zipfile.ZipFile(io.BytesIO(data)).read(hostile.SHEET_PART)
    xml = xml.replace(b"</sheetData>", b"<row>" + b"<c/>" * (xlsx.EXCEL_MAX_COLUMNS + 1) + b"</row></sheetData>")
    assert _rendered(_refusal(hostile._replace_part(data, hostile.SHEET_PART, [xml])), "vi") == (
        "Một dòng của tệp có hơn 16384 ô: không phải bảng tính Excel thông thường."
    )


def test_the_writer_cleans_control_characters_and_never_writes_a_formula():
    book = openpyxl.Workbook()
    sheet = book.active
    xlsx.append(sheet, [hostile.CONTROL_TEXT, hostile.FORMULA_TEXT, "+1-2", Decimal("2.50"), 7, None, "x" * 40_000])
    xlsx.write(sheet, row=2, column=1, value="=SUM(A1:A9)")
    buffer = io.BytesIO()
    book.save(buffer)
    assert b"<f>" not in zipfile.ZipFile(buffer).read(hostile.SHEET_PART)
    stored = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    first = [cell.value for cell in stored[1]]
    assert first[:6] == ["Mô tả\ndòng hai hết", hostile.FORMULA_TEXT, "+1-2", 2.5, 7, None]
    assert len(first[6]) == 32_767
    assert first[6].endswith("…")
    assert [cell.data_type for cell in stored[1]][:3] == ["s", "s", "s"]
    assert (stored["A2"].value, stored["A2"].data_type) == ("=SUM(A1:A9)", "s")


def test_the_writer_works_on_write_only_sheets():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    xlsx.append(
        sheet,
        [hostile.FORMULA_TEXT, "a\u000bb", xlsx.cell(sheet, datetime.date(2024, 1, 2), number_format="DD/MM/YYYY")],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    stored = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Dữ liệu"]
    assert [(c.value, c.data_type) for c in stored[1]] == [
        (hostile.FORMULA_TEXT, "s"),
        ("a\nb", "s"),
        (datetime.datetime(2024, 1, 2), "d"),
    ]


def _saved(book) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    book.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_figures_are_numbers_with_their_format_and_days_are_dates(settings):
    # Given one row of every kind of figure an export writes,
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    book = openpyxl.Workbook()
    sheet = book.active
    aware = datetime.datetime(2024, 3, 1, 17, 30, tzinfo=datetime.UTC)
    xlsx.append(
        sheet,
        [
            xlsx.money(sheet, Decimal("640000000000")),
            xlsx.count(sheet, 1234),
            xlsx.score(sheet, Decimal("87.67")),
            xlsx.percent(sheet, Decimal("15.5")),
            datetime.date(2024, 3, 1),
            aware,
            xlsx.money(sheet, None),
        ],
    )
    # when the file is saved and opened again,
    row = _saved(book).active[1]
    # then each is a number (not text) shown the way its kind is: 640.000.000.000 ₫, 1.234, 87,67, 15,5 %,
    assert [(cell.value, cell.data_type) for cell in row[:4]] == [
        (640_000_000_000, "n"),
        (1234, "n"),
        (87.67, "n"),
        (0.155, "n"),
    ]
    assert [cell.number_format for cell in row[:4]] == ['#,##0 "₫"', "#,##0", "#,##0.00", "0.0%"]
    # a day a date cell shown dd/mm/yyyy, an aware time the installation's wall clock (Excel has no zones),
    assert (row[4].value, row[4].is_date, row[4].number_format) == (
        datetime.datetime(2024, 3, 1),
        True,
        "DD/MM/YYYY",
    )
    assert (row[5].value, row[5].number_format) == (datetime.datetime(2024, 3, 2, 0, 30), "DD/MM/YYYY HH:MM")
    # and a missing amount an empty cell that keeps the money format for whoever fills it.
    assert (row[6].value, row[6].number_format) == (None, '#,##0 "₫"')


def test_header_layout_and_widths():
    # Given a sheet with a styled header, a frozen header row and columns fitted to their content,
    book = openpyxl.Workbook()
    sheet = book.active
    xlsx.header(sheet, ["Tên sản phẩm", "Doanh thu (đồng)"])
    xlsx.append(sheet, ["Trà hoa vàng Ba Chẽ túi lọc hộp 20 gói", xlsx.money(sheet, 640_000_000_000)])
    xlsx.append(sheet, ["x" * 200, xlsx.money(sheet, 5)])
    xlsx.layout(sheet)
    xlsx.fit_widths(sheet)
    stored = _saved(book).active
    # then the header is bold on its fill and wraps, the rows below it scroll under it,
    assert [stored["A1"].font.b, stored["A1"].fill.fgColor.rgb, stored["A1"].alignment.wrap_text] == [
        True,
        "FFF4EFE9",
        True,
    ]
    assert stored.freeze_panes == "A2"
    # a text column is as wide as its longest text up to the cap, a money column fits "640.000.000.000 ₫".
    assert stored.column_dimensions["A"].width == xlsx.MAX_WIDTH
    assert stored.column_dimensions["B"].width == len("640.000.000.000 ₫") + 2


def test_explicit_widths_on_a_write_only_sheet():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    xlsx.layout(sheet, widths=[30, 12], freeze_below=2)
    xlsx.header(sheet, ["Tên", "Giá"])
    xlsx.header(sheet, ["Name", "Price"])
    xlsx.append(sheet, ["Gạo", xlsx.money(sheet, 45_000)])
    stored = _saved(book)["Dữ liệu"]
    assert stored.freeze_panes == "A3"
    assert (stored.column_dimensions["A"].width, stored.column_dimensions["B"].width) == (30, 12)
    assert (stored["B3"].value, stored["B3"].number_format) == (45_000, '#,##0 "₫"')
