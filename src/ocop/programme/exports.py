"""Excel (openpyxl) and PDF (fpdf2) exports of a dashboard: the same tables the page shows; the PDF
also draws each chart above its table, from the chart's own bars (ocop.core.pdf_charts).

The PDF embeds a Vietnamese-capable TrueType font shipped with the project: DejaVu Sans of the
promotion app (src/ocop/promotion/fonts/, which has the ₫ and ★ glyphs the serif of the certificates
lacks), else the certificates' DejaVu Serif, else the system's DejaVu. Nothing is fetched.
"""

import io
from pathlib import Path

import openpyxl
from django.utils.text import slugify
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ocop.core import xlsx
from ocop.core.pdf_charts import ChartRow, bar_chart_height, draw_bar_chart
from ocop.programme import formatting as fmt
from ocop.programme.dashboard import Cell, Dashboard, Table, dashboard_tables

APP = Path(__file__).resolve().parent
FONT_CANDIDATES = [
    (APP.parent / "promotion" / "fonts" / "DejaVuSans.ttf", APP.parent / "promotion" / "fonts" / "DejaVuSans-Bold.ttf"),
    (
        APP.parent / "certificates" / "fonts" / "DejaVuSerif.ttf",
        APP.parent / "certificates" / "fonts" / "DejaVuSerif-Bold.ttf",
    ),
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
]
WHITE = (255, 255, 255)
HEADING_FILL = (244, 239, 233)  # a table's header row, the web tables' warm grey
STRIPE_FILL = (249, 247, 244)  # every other body row, faint enough to print as white on a laser printer


def font_files() -> tuple[Path, Path]:
    for regular, bold in FONT_CANDIDATES:
        if regular.exists() and bold.exists():
            return regular, bold
    raise RuntimeError("no Vietnamese-capable TrueType font found for the PDF export")


def filename(dashboard: Dashboard, extension: str) -> str:
    place = slugify(fmt_place(dashboard)) or "toan-quoc"
    return f"ocop-tong-quan-{place}-{dashboard.phase.code}-{dashboard.today:%Y%m%d}.{extension}"


def fmt_place(dashboard: Dashboard) -> str:
    from ocop.core.text import fold_vietnamese

    return fold_vietnamese(dashboard.scope.label)


def _title_lines(dashboard: Dashboard) -> list[str]:
    lines = [
        f"{dashboard.title} – {dashboard.scope.label}",
        _("Giai đoạn %(phase)s · số liệu tính đến %(day)s")
        % {"phase": dashboard.phase, "day": fmt.dmy(dashboard.today)},
    ]
    if dashboard.headline:
        lines.append(dashboard.headline.text)
    return lines


_SHEET_NAME_UNSAFE = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
_CELL_KINDS = {
    "money": xlsx.money,
    "count": xlsx.count,
    "percent": xlsx.percent,
    "year": lambda sheet, value: xlsx.cell(sheet, value, number_format="0"),
    "date": xlsx.cell,
}


def _sheet_name(title: str, taken: set[str]) -> str:
    r"""A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the workbook."""
    base = " ".join(title.translate(_SHEET_NAME_UNSAFE).split())[:31].strip() or "Bang"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)].rstrip() + suffix, number + 1
    taken.add(name.lower())
    return name


def _value_cell(sheet, cell: Cell):
    """The number, money or date behind a cell's text, with its format; its text when there is none."""
    writer = _CELL_KINDS.get(cell.kind)
    if writer is None or cell.value is None:
        return xlsx.cell(sheet, cell.text if cell.text != "—" else None)
    return writer(sheet, cell.value)


def _table_sheet(sheet, table: Table, lines: list[str]) -> None:
    """Title lines, the table's header (styled, frozen) and its rows as values, columns fitted."""
    for index, line in enumerate(lines):
        xlsx.append(sheet, [line])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=14 if index == 0 else 11)
    xlsx.header(sheet, table.headers)
    header_row = sheet.max_row
    sheet.freeze_panes = f"A{header_row + 1}"
    for cells in table.rows:
        xlsx.append(sheet, [_value_cell(sheet, cell) for cell in cells])
    if not table.rows:
        xlsx.append(sheet, [_("Chưa có dữ liệu")])
        sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
    xlsx.fit_widths(sheet, from_row=header_row)
    if table.rows:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(table.headers))}{sheet.max_row}"


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    """The dashboard's tables, one sheet each: figures as numbers (money shown 1.234.567 ₫, percentages
    15,5 %), dates as dates, each header frozen. The first sheet starts with the dashboard's title lines."""
    workbook = openpyxl.Workbook()
    taken: set[str] = set()
    for index, table in enumerate(dashboard_tables(dashboard)):
        if index == 0:
            sheet = workbook.active
            sheet.title = _sheet_name(_("Tổng quan"), taken)
            lines = [*_title_lines(dashboard), table.title]
        else:
            sheet = workbook.create_sheet(_sheet_name(table.title, taken))
            lines = [table.title]
        _table_sheet(sheet, table, lines)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ROW_HEIGHT = 5.5


def _table_height(table: Table) -> float:
    """About how tall a table is drawn (its title, header and rows, a row per line), at most a page's
    worth: a longer table starts on a new page when less than a third of a page is left."""
    return min(7 + ROW_HEIGHT * (len(table.rows or [None]) + 1) * 1.15, 90)


class _Report(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("body", size=8)
        self.set_text_color(95, 90, 85)
        self.cell(0, 8, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")


def dashboard_pdf(dashboard: Dashboard) -> bytes:
    regular, bold = font_files()
    pdf = _Report(orientation="P", unit="mm", format="A4")
    pdf.footer_text = _("OCOP – số liệu tính từ hồ sơ trên hệ thống")
    pdf.add_font("body", "", str(regular))
    pdf.add_font("body", "B", str(bold))
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    lines = _title_lines(dashboard)
    pdf.set_font("body", "B", 16)
    pdf.set_text_color(140, 29, 24)
    pdf.multi_cell(0, 8, lines[0], new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(29, 27, 26)
    pdf.set_font("body", "", 10)
    pdf.multi_cell(0, 6, lines[1], new_x="LMARGIN", new_y="NEXT")
    if len(lines) > 2:
        pdf.ln(2)
        pdf.set_font("body", "B", 12)
        pdf.set_fill_color(253, 240, 213)
        pdf.multi_cell(0, 7, lines[2], fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_fill_color(*WHITE)  # the headline's tint is not the tables' (fpdf2 fills their cells with it)
    pdf.ln(3)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    chart_of = {id(chart.table): chart for chart in dashboard.charts}
    for table in dashboard_tables(dashboard):
        chart = chart_of.get(id(table))
        rows = [
            ChartRow(bar.label, [float(bar.value or 0)], bar.text, chart.marks.get(bar.label, ()))
            for bar in (chart.bars if chart is not None else ())
        ]
        # a chart and its table, or a table alone, that fit on a page start on one: no last rows overleaf
        if rows and pdf.get_y() + bar_chart_height(rows) + _table_height(table) > pdf.page_break_trigger:
            pdf.add_page()
        if rows:
            draw_bar_chart(pdf, title=chart.title, rows=rows, font="body")
        if pdf.get_y() + _table_height(table) > pdf.page_break_trigger:
            pdf.add_page()
        pdf.set_font("body", "B", 11)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, 7, table.title if chart is None else _("Bảng số liệu"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", "", 9)
        count = len(table.headers)
        first = width * (0.42 if count > 2 else 0.6)
        rest = (width - first) / max(count - 1, 1)
        col_widths = [first] + [rest] * (count - 1)
        with pdf.table(
            col_widths=col_widths,
            text_align=["LEFT"] + ["RIGHT" if i in table.numeric else "LEFT" for i in range(1, count)],
            line_height=ROW_HEIGHT,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
            cell_fill_color=STRIPE_FILL,
            cell_fill_mode="ROWS",
        ) as pdf_table:
            heading = pdf_table.row()
            for header in table.headers:
                heading.cell(str(header))
            for cells in table.rows or [[Cell(_("Chưa có dữ liệu"))] + [Cell("")] * (count - 1)]:
                row = pdf_table.row()
                for cell in cells:
                    row.cell(str(cell.text))
        pdf.ln(4)
    return bytes(pdf.output())
