"""Bar charts drawn into an fpdf2 page with its own primitives (rectangles and text cells).

The PDFs of the dashboards draw the charts their web pages show from the same bars (labels, values
and the value texts already written in the reader's number format by ocop.core.formatting or the
programme's compact format), so the printed chart and its table cannot disagree. One row per bar:
its label on the left, the bar (one segment per series, stacked) and its value text after it, and
a ◆ for each reference value (a published figure, a target) with its text; a legend names the
series when there are several. The page's font (already embedded) is used.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF

RED = (179, 38, 30)
ORANGE = (208, 115, 28)
GOLD = (242, 183, 5)
GREEN = (30, 107, 53)
BLUE = (47, 111, 159)
GREY = (138, 131, 124)
INK = (29, 27, 26)
LINE = (227, 221, 214)
SERIES = (RED, BLUE, GOLD, GREEN, ORANGE, GREY)

ROW = 6.0  # mm per bar
BAR = 4.2  # mm, the bar's thickness within its row


def rgb(colour: str) -> tuple[int, int, int]:
    """ "#b3261e" → (179, 38, 30): a web chart's palette colour for the PDF."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@dataclass(frozen=True)
class ChartRow:
    label: str
    values: Sequence[float]  # one per series, stacked left to right
    text: str  # the value as the page writes it: "1,5 tỷ", "12.500"
    marks: Sequence[
        tuple[float, str]
    ] = ()  # reference values drawn as ◆ on the bar's line: a published figure, a target


def draw_bar_chart(
    pdf: FPDF,
    *,
    title: str,
    rows: Sequence[ChartRow],
    font: str,
    series: Sequence[str] = (),
    colours: Sequence[tuple[int, int, int]] = SERIES,
    label_share: float = 0.34,
) -> None:
    """A horizontal bar chart across the page's width, starting at the current line; moves below it.
    Colours and font are the page's again afterwards (a table drawn next is not filled with a bar's red)."""
    if not rows:
        return
    with pdf.local_context():
        _draw(pdf, title, rows, font, series, colours, label_share)
    pdf.set_x(pdf.l_margin)


def bar_chart_height(rows: Sequence[ChartRow], series: Sequence[str] = ()) -> float:
    """How tall `draw_bar_chart` draws these rows (title, legend, bars), in the page's unit."""
    return 8 + ROW * len(rows) + (6 if len(series) > 1 else 0) + 3 if rows else 0


def _draw(pdf: FPDF, title: str, rows: Sequence[ChartRow], font: str, series, colours, label_share: float) -> None:
    width = pdf.w - pdf.l_margin - pdf.r_margin
    if pdf.get_y() + bar_chart_height(rows, series) > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.set_x(pdf.l_margin)
    pdf.set_font(font, "B", 10)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    if len(series) > 1:
        _legend(pdf, series, colours, font)
    label_w = width * label_share
    pdf.set_font(font, "", 8)
    text_w = max([24.0] + [pdf.get_string_width(_value_text(row)) + 3 for row in rows])
    plot_x = pdf.l_margin + label_w + 2
    plot_w = width - label_w - 2 - text_w
    peak = max(
        [sum(float(v or 0) for v in row.values) for row in rows]
        + [value for row in rows for value, _t in row.marks]
        + [1.0]
    )
    pdf.set_font(font, "", 8)
    top = pdf.get_y()
    pdf.set_draw_color(*LINE)
    pdf.line(plot_x, top, plot_x, top + ROW * len(rows))
    for index, row in enumerate(rows):
        y = top + index * ROW
        pdf.set_text_color(*INK)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_w, ROW, _fit(pdf, row.label, label_w), align="R")
        x = plot_x
        for position, value in enumerate(row.values):
            length = plot_w * float(value or 0) / peak
            if length > 0:
                pdf.set_fill_color(*colours[position % len(colours)])
                pdf.rect(x, y + (ROW - BAR) / 2, length, BAR, style="F")
                x += length
        for value, _text in row.marks:
            _diamond(pdf, plot_x + plot_w * value / peak, y + ROW / 2)
        text = _value_text(row)
        pdf.set_xy(x + 1.5, y)
        pdf.set_text_color(*INK)
        pdf.cell(pdf.get_string_width(text) + 1, ROW, text, align="L")
    pdf.set_xy(pdf.l_margin, top + ROW * len(rows) + 3)


def _value_text(row: ChartRow) -> str:
    return "  ".join([row.text, *(f"◆ {mark}" for _value, mark in row.marks)])


def _diamond(pdf: FPDF, x: float, y: float, size: float = 1.8) -> None:
    pdf.set_fill_color(*INK)
    pdf.polygon([(x, y - size), (x + size, y), (x, y + size), (x - size, y)], style="F")


def _legend(pdf: FPDF, series: Sequence[str], colours, font: str) -> None:
    pdf.set_font(font, "", 8)
    x = pdf.l_margin
    y = pdf.get_y()
    for position, name in enumerate(series):
        pdf.set_fill_color(*colours[position % len(colours)])
        pdf.rect(x, y + 1.5, 3, 3, style="F")
        pdf.set_xy(x + 4, y)
        pdf.set_text_color(*INK)
        pdf.cell(pdf.get_string_width(name) + 2, 6, name)
        x += pdf.get_string_width(name) + 10
    pdf.set_xy(pdf.l_margin, y + 6)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The label, shortened with "…" to fit its column."""
    if pdf.get_string_width(text) <= width - 1:
        return text
    while text and pdf.get_string_width(text + "…") > width - 1:
        text = text[:-1]
    return text.rstrip() + "…"
