"""The PDF bar chart draws its reference marks (a published figure, a target) as ◆ with their text."""

import io
import re

from fpdf import FPDF
from pypdf import PdfReader

from ocop.core.pdf_charts import ChartRow, draw_bar_chart
from ocop.programme.exports import font_files

CLOSED_FILLED = re.compile(rb"\bh\s+f\b")  # a closed path, filled: a drawn diamond


def _pdf(rows: list[ChartRow]) -> tuple[str, bytes]:
    regular, bold = font_files()
    pdf = FPDF(format="A4")
    pdf.add_font("body", "", str(regular))
    pdf.add_font("body", "B", str(bold))
    pdf.add_page()
    draw_bar_chart(pdf, title="Sản phẩm 3 sao trở lên", rows=rows, font="body")
    page = PdfReader(io.BytesIO(bytes(pdf.output()))).pages[0]
    return page.extract_text(), page.get_contents().get_data()


def test_marks_are_drawn_beside_the_bars_with_their_texts():
    rows = [
        ChartRow("2024", [90], "90", [(120.0, "120")]),
        ChartRow("2025", [150], "150", [(140.0, "140"), (160.0, "160")]),
        ChartRow("2026", [60], "60"),
    ]
    text, drawing = _pdf(rows)
    assert "90  ◆ 120" in text or "90 ◆ 120" in text
    assert "◆ 140" in text
    assert "◆ 160" in text
    assert len(CLOSED_FILLED.findall(drawing)) == 3  # one per ◆ (the bars are rectangles: "re f")
    plain, plain_drawing = _pdf([ChartRow("2026", [60], "60")])
    assert "◆" not in plain
    assert CLOSED_FILLED.findall(plain_drawing) == []
