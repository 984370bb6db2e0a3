"""The round's result list and the decision's annex as Excel: a title, the header row frozen and filtered,
column widths, numbers as numbers in the platform's formats (ocop.core.xlsx: points SCORE_FORMAT, order and
stars COUNT_FORMAT)."""

from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ocop.core import xlsx
from ocop.evaluations.papers.content import ResultRow, RoundPaper
from ocop.evaluations.papers.layout import paper_date

HEADER_ROW = 4  # title, subtitle, a blank row, then the header
RESULT_COLUMNS = (
    ("STT", 6),
    ("Tên sản phẩm", 36),
    ("Chủ thể", 36),
    ("Xã, phường", 20),
    ("Tỉnh, thành phố", 16),
    ("Điểm trung bình", 11),
    ("Hạng sao", 9),
    ("Kết quả", 22),
)
ANNEX_COLUMNS = RESULT_COLUMNS[:7]


def _sheet(book: Workbook, *, title: str, heading: str, subtitle: str, columns: Sequence[tuple[str, int]]):
    sheet = book.active
    sheet.title = title
    xlsx.write(sheet, row=1, column=1, value=heading).font = Font(bold=True, size=13)
    xlsx.write(sheet, row=2, column=1, value=subtitle).font = Font(italic=True)
    for index, (label, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        header = xlsx.write(sheet, row=HEADER_ROW, column=index, value=label)
        header.font = xlsx.HEADER_FONT
        header.fill = xlsx.HEADER_FILL
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    return sheet


def _rows(sheet, rows: Sequence[ResultRow], *, with_outcome: bool) -> None:
    for index, row in enumerate(rows, start=1):
        at = HEADER_ROW + index
        values = [index, row.product, row.producer, row.commune, row.province, row.total, row.stars]
        if with_outcome:
            values.append(row.outcome)
        for column, value in enumerate(values, start=1):
            xlsx.write(sheet, row=at, column=column, value=value)
        sheet.cell(row=at, column=1).number_format = xlsx.COUNT_FORMAT
        sheet.cell(row=at, column=6).number_format = xlsx.SCORE_FORMAT
        sheet.cell(row=at, column=7).number_format = xlsx.COUNT_FORMAT
    last = get_column_letter(8 if with_outcome else 7)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(rows), 1)}"


def _bytes(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def results_workbook(paper: RoundPaper) -> bytes:
    book = Workbook()
    sheet = _sheet(
        book,
        title="Ket qua danh gia",
        heading=f"Danh sách kết quả đánh giá, phân hạng sản phẩm OCOP – {paper.round.name}",
        subtitle=f"{paper.head.number} · {paper.head.place_and_date}",
        columns=RESULT_COLUMNS,
    )
    _rows(sheet, paper.rows, with_outcome=True)
    return _bytes(book)


def annex_workbook(paper: RoundPaper) -> bytes:
    book = Workbook()
    sheet = _sheet(
        book,
        title="Phu luc quyet dinh",
        heading="Danh sách sản phẩm được công nhận đạt chuẩn OCOP",
        subtitle=(
            f"Kèm theo Quyết định số ……/{paper.head.number.rsplit('/', 1)[1]} "
            f"{paper_date(None, year=paper.head.year)} (dự thảo) – {paper.round.name}"
        ),
        columns=ANNEX_COLUMNS,
    )
    _rows(sheet, paper.recognised, with_outcome=False)
    return _bytes(book)
