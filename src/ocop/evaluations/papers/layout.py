"""What every printed paper shares: the letterhead (issuing body, number, national motto, place and date),
titles, tables, signature blocks and page numbers, on A4 portrait with the margins of Nghị định 30/2020
(left 25 mm, right 15 mm, top and bottom 15–20 mm)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from fpdf.enums import TableBordersLayout, VAlign
from fpdf.fonts import FontFace

from ocop.certificates.pdf import Document
from ocop.certificates.pdf_fonts import FAMILY as FONT
from ocop.certificates.pdf_fonts import add_fonts, render

INK = (0, 0, 0)
GREY = (90, 90, 90)
HEADING_FILL = (235, 235, 235)
LEFT, RIGHT, TOP, BOTTOM = 25.0, 15.0, 15.0, 18.0
PAGE_W = 210.0
BODY_W = PAGE_W - LEFT - RIGHT
MOTTO_TOP = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK_DAY = "….."


@dataclass(frozen=True)
class Letterhead:
    """The head of a paper. `day` None leaves the day and month to be written in when the paper is signed."""

    superior: str  # the body above the issuer ("UBND TỈNH QUẢNG NINH"), or ""
    issuer: str  # "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP TỈNH QUẢNG NINH"
    number: str  # "Số: 01/BB-HĐĐG"
    place: str  # "Quảng Ninh": the province of the round or of the producer
    day: date | None
    year: int
    draft: bool = False  # "DỰ THẢO" in a box above the issuer

    @property
    def place_and_date(self) -> str:
        return f"{self.place}, {paper_date(self.day, year=self.year)}"


def paper_date(day: date | None, *, year: int) -> str:
    """ "ngày 03 tháng 12 năm 2026", or "ngày ….. tháng ….. năm 2026" to be written in by hand."""
    if day is None:
        return f"ngày {BLANK_DAY} tháng {BLANK_DAY} năm {year}"
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def points(value: Decimal | None, places: int = 2) -> str:
    """Vietnamese decimal comma, no thousands here: 87.67 → "87,67"; 5 → "5" (places=0 drops zero decimals)."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(Decimal(10) ** -2, ROUND_HALF_UP)
    text = f"{amount:.2f}"
    if places == 0 and text.endswith(".00"):
        text = text[:-3]
    elif places == 0 and text.endswith("0"):
        text = text[:-1]
    return text.replace(".", ",")


class Paper(Document):
    """A4 portrait with page numbers ("Trang 1/2") from the second page on."""

    footer_note = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.set_x(LEFT)
        self.cell(BODY_W / 2, 5, self.footer_note, align="L")
        self.cell(BODY_W / 2, 5, f"Trang {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(*INK)


def new_paper(*, title: str, footer_note: str = "") -> Paper:
    pdf = Paper(orientation="P", unit="mm", format="A4")
    add_fonts(pdf)
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    pdf.set_creator("OCOP")
    pdf.set_title(title)
    pdf.set_lang("vi")
    pdf.footer_note = footer_note
    pdf.set_text_color(*INK)
    pdf.add_page()
    return pdf


def finish(pdf: Paper) -> bytes:
    return render(pdf)


def _fit_size(pdf: Paper, text: str, *, style: str, size: float, width: float) -> float:
    """The largest size up to `size` at which `text` fits in `width` on one line."""
    pdf.set_font(FONT, style, size)
    while size > 8 and pdf.get_string_width(text) > width:
        size -= 0.25
        pdf.set_font(FONT, style, size)
    return size


def _underline(pdf: Paper, *, center: float, y: float, width: float) -> None:
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line(center - width / 2, y, center + width / 2, y)


def letterhead(pdf: Paper, head: Letterhead) -> None:
    """The two header columns: issuer and number (left), motto, place and date (right)."""
    left_x, left_w = 10.0, 84.0
    right_x, right_w = 92.0, 112.0
    left_center, right_center = left_x + left_w / 2, right_x + right_w / 2
    y = TOP
    if head.draft:
        pdf.set_font(FONT, "B", 10)
        pdf.set_xy(LEFT, 6.5)
        pdf.cell(24, 6, "DỰ THẢO", border=1, align="C")
    pdf.set_xy(left_x, y)
    if head.superior:
        pdf.set_font(FONT, "", 11.5)
        pdf.multi_cell(left_w, 5.2, head.superior.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", 11.5)
    pdf.multi_cell(left_w, 5.2, head.issuer.upper(), align="C", new_x="LEFT", new_y="NEXT")
    issuer_bottom = pdf.get_y() + 1
    _underline(pdf, center=left_center, y=issuer_bottom, width=28)
    pdf.set_font(FONT, "", 11.5)
    pdf.set_xy(left_x, issuer_bottom + 2.5)
    pdf.cell(left_w, 6, head.number, align="C")
    left_bottom = pdf.get_y() + 6

    size = _fit_size(pdf, MOTTO_TOP, style="B", size=11.5, width=right_w)
    pdf.set_xy(right_x, y)
    pdf.cell(right_w, 5.2, MOTTO_TOP, align="C")
    pdf.set_font(FONT, "B", size + 0.5)
    pdf.set_xy(right_x, y + 5.4)
    pdf.cell(right_w, 5.6, MOTTO, align="C")
    _underline(pdf, center=right_center, y=y + 11.6, width=pdf.get_string_width(MOTTO))
    pdf.set_font(FONT, "I", 11.5)
    pdf.set_xy(right_x, max(issuer_bottom + 2.5, y + 14))
    pdf.cell(right_w, 6, head.place_and_date, align="C")
    pdf.set_xy(LEFT, max(left_bottom, pdf.get_y() + 6) + 6)


def title(pdf: Paper, text: str, *subtitles: str) -> None:
    """The paper's kind in bold capitals, then what it is about (bold), centred."""
    pdf.set_font(FONT, "B", 14)
    pdf.set_x(LEFT)
    pdf.multi_cell(BODY_W, 7, text.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 12)
    for line in subtitles:
        pdf.multi_cell(BODY_W, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    if subtitles:
        _underline(pdf, center=LEFT + BODY_W / 2, y=pdf.get_y() + 1, width=40)
    pdf.ln(5)


def paragraph(
    pdf: Paper,
    text: str,
    *,
    style: str = "",
    size: float = 12,
    indent: float = 0,
    after: float = 1.5,
    align: str = "J",
    lead: str = "",
) -> None:
    """A paragraph; `lead` ("Điều 1.") is set in bold before the text."""
    pdf.set_font(FONT, style, size)
    pdf.set_x(LEFT + indent)
    if lead:
        text = f"**{lead}** {text.replace('**', '')}"
    pdf.multi_cell(BODY_W - indent, size * 0.48, text, align=align, new_x="LMARGIN", new_y="NEXT", markdown=bool(lead))
    pdf.ln(after)


def facts(pdf: Paper, rows: Sequence[tuple[str, str]], *, size: float = 11.5) -> None:
    """ "Label: value" lines, the label in bold."""
    for label, value in rows:
        pdf.set_x(LEFT)
        pdf.set_font(FONT, "B", size)
        label_text = f"{label}: "
        width = pdf.get_string_width(label_text) + 0.5
        pdf.cell(width, size * 0.5, label_text)
        pdf.set_font(FONT, "", size)
        pdf.multi_cell(BODY_W - width, size * 0.5, value or "…………………………", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


@dataclass(frozen=True)
class Column:
    heading: str
    width: float  # share of the body width
    align: str = "LEFT"


def table(
    pdf: Paper,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    size: float = 10,
    emphasised: Sequence[int] = (),
    shaded: Sequence[int] = (),
) -> None:
    """A bordered table whose heading repeats on each page; rows at `emphasised` indexes in bold, at `shaded`
    indexes filled grey (part and section rows of a sheet)."""
    pdf.set_font(FONT, "", size)
    total = sum(column.width for column in columns)
    bold = FontFace(emphasis="BOLD")
    shade = FontFace(emphasis="BOLD", fill_color=HEADING_FILL)
    with pdf.table(
        width=BODY_W,
        col_widths=[column.width / total * BODY_W for column in columns],
        text_align=[column.align for column in columns],
        line_height=size * 0.5,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        borders_layout=TableBordersLayout.ALL,
        v_align=VAlign.M,
        padding=(1, 1.2),
        align="LEFT",
    ) as grid:
        heading = grid.row()
        for column in columns:
            heading.cell(column.heading, align="CENTER")
        for index, cells in enumerate(rows):
            style = shade if index in shaded else bold if index in emphasised else None
            row = grid.row(style=style)
            for cell in cells:
                row.cell(cell)
    pdf.ln(4)


@dataclass(frozen=True)
class Signer:
    title: str  # "CHỦ TỊCH HỘI ĐỒNG"
    name: str  # "" leaves the line for a hand-written name
    prefix: str = ""  # "KT. CHỦ TỊCH" above the title


def signatures(pdf: Paper, signers: Sequence[Signer], *, place_and_date: str = "") -> None:
    """Signature blocks side by side (one block sits on the right), kept on one page."""
    if pdf.get_y() > pdf.h - BOTTOM - 48:
        pdf.add_page()
    pdf.ln(3)
    top = pdf.get_y()
    if place_and_date:
        pdf.set_font(FONT, "I", 11.5)
        pdf.set_xy(PAGE_W - RIGHT - 95, top)
        pdf.cell(95, 6, place_and_date, align="C")
        top += 7
    width = BODY_W / max(len(signers), 2)
    for index, signer in enumerate(signers):
        x = LEFT + BODY_W - width * (len(signers) - index)
        pdf.set_xy(x, top)
        if signer.prefix:
            pdf.set_font(FONT, "B", 11.5)
            pdf.cell(width, 5.5, signer.prefix, align="C")
            pdf.set_xy(x, pdf.get_y() + 5.5)
        pdf.set_font(FONT, "B", 11.5)
        pdf.multi_cell(width, 5.5, signer.title, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font(FONT, "I", 10)
        pdf.cell(width, 5, "(Ký, ghi rõ họ tên)", align="C")
        pdf.set_xy(x, top + 38)
        pdf.set_font(FONT, "B", 11.5)
        pdf.multi_cell(width, 5.5, signer.name or "……………………………", align="C")
    pdf.set_xy(LEFT, top + 50)


def recipients(pdf: Paper, lines: Sequence[str], *, top: float) -> None:
    """ "Nơi nhận:" in the bottom-left corner of a decision, beside its signature."""
    pdf.set_xy(LEFT, top)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(70, 5, "Nơi nhận:")
    pdf.set_font(FONT, "", 9.5)
    pdf.set_xy(LEFT, pdf.get_y() + 5)
    for line in lines:
        pdf.multi_cell(BODY_W / 2 - 8, 4.4, f"- {line}", new_x="LMARGIN", new_y="NEXT")
