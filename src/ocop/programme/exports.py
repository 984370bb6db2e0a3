"""Excel (openpyxl) and PDF (fpdf2) exports of a dashboard: the same tables the page shows.

The PDF embeds a Vietnamese-capable TrueType font shipped with the project: the DejaVu font of
the certificates app (src/ocop/certificates/fonts/), else a copy under programme/fonts/, else the
system's DejaVu. Nothing is fetched.
"""

import io
from pathlib import Path

import openpyxl
from django.utils.text import slugify
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ocop.core import xlsx
from ocop.programme import formatting as fmt
from ocop.programme.dashboard import Dashboard, dashboard_tables

APP = Path(__file__).resolve().parent
FONT_CANDIDATES = [
    (
        APP.parent / "certificates" / "fonts" / "DejaVuSerif.ttf",
        APP.parent / "certificates" / "fonts" / "DejaVuSerif-Bold.ttf",
    ),
    (APP / "fonts" / "DejaVuSans.ttf", APP / "fonts" / "DejaVuSans-Bold.ttf"),
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
]


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


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Tổng quan")[:31]
    header_fill = PatternFill("solid", fgColor="F4EFE9")
    row = 1
    for index, line in enumerate(_title_lines(dashboard)):
        cell = xlsx.write(sheet, row=row, column=1, value=line)
        cell.font = Font(bold=index == 0, size=14 if index == 0 else 11)
        row += 1
    row += 1
    for table in dashboard_tables(dashboard):
        xlsx.write(sheet, row=row, column=1, value=table.title).font = Font(bold=True, size=12)
        row += 1
        for col, header in enumerate(table.headers, start=1):
            cell = xlsx.write(sheet, row=row, column=col, value=header)
            cell.font = Font(bold=True)
            cell.fill = header_fill
        row += 1
        for cells in table.rows:
            for col, (text, _href) in enumerate(cells, start=1):
                cell = xlsx.write(sheet, row=row, column=col, value=text)
                if col - 1 in table.numeric:
                    cell.alignment = Alignment(horizontal="right")
            row += 1
        if not table.rows:
            xlsx.write(sheet, row=row, column=1, value=_("Chưa có dữ liệu")).font = Font(italic=True)
            row += 1
        row += 1
    widths = {1: 52, 2: 24, 3: 24, 4: 22, 5: 20, 6: 22}
    for col, width in widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
    pdf.ln(3)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for table in dashboard_tables(dashboard):
        if pdf.get_y() > pdf.h - 50:
            pdf.add_page()
        pdf.set_font("body", "B", 11)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, 7, table.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", "", 9)
        count = len(table.headers)
        first = width * (0.42 if count > 2 else 0.6)
        rest = (width - first) / max(count - 1, 1)
        col_widths = [first] + [rest] * (count - 1)
        with pdf.table(
            col_widths=col_widths,
            text_align=["LEFT"] + ["RIGHT" if i in table.numeric else "LEFT" for i in range(1, count)],
            line_height=5.5,
            headings_style=FontFace(emphasis="BOLD", fill_color=(244, 239, 233)),
        ) as pdf_table:
            heading = pdf_table.row()
            for header in table.headers:
                heading.cell(str(header))
            for cells in table.rows or [[(_("Chưa có dữ liệu"), "")] + [("", "")] * (count - 1)]:
                row = pdf_table.row()
                for text, _href in cells:
                    row.cell(str(text))
        pdf.ln(4)
    return bytes(pdf.output())
