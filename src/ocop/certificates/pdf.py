"""PDF documents: the A4 landscape certificate and the A4 sheet of QR stamps.

The text is set in DejaVu Serif, shipped in fonts/ with its licence (Bitstream Vera licence, free to
embed and redistribute) and embedded, subset, in every PDF: no system font is used. Stars are drawn
as shapes. The certificate's QR code is a PNG made by segno and embedded as an image; on the sheets
of serialised stamps (`qr_stamp_sheets`) each QR is encoded by zxing-cpp (compiled: ~0.2 ms a code
against segno's ~3 ms, which is most of a 2,400-stamp sheet) and painted as a one-bit stencil of its
modules (an inline image mask, no PNG, no image object); the fixed face of a stamp (frame, "OCOP",
stars, product name) is drawn once a page and repeated by a translation.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from io import BytesIO
from typing import TypeVar

import segno
import zxingcpp
from django.utils import timezone
from fpdf import FPDF
from PIL import Image

from ocop.certificates.codes import display_code
from ocop.certificates.models import AuthorityLevel, Certificate, CertificateStatus
from ocop.certificates.pdf_fonts import FAMILY as FONT
from ocop.certificates.pdf_fonts import FONT_DIR, add_fonts, render

__all__ = ["FONT_DIR", "StampLayout", "certificate_pdf", "qr_png", "qr_stamp_sheets", "stamp_sheets", "stamps_pdf"]
RED = (165, 22, 30)
GOLD = (196, 150, 40)
STAR_FILL = (230, 170, 20)
INK = (25, 25, 35)
BLUE = (20, 45, 110)
GREY = (110, 110, 110)


class Document(FPDF):
    def raw(self, operators: str | bytes) -> None:
        """Write PDF content operators as they are onto the current page."""
        self._out(operators)

    def captured(self, draw: Callable[[], None]) -> bytes:
        """What `draw()` writes onto the current page, drawn there in a local graphics state (q … Q):
        operators that can be written again, moved by a `cm`, without changing what comes after."""
        contents = self.pages[self.page].contents
        start = len(contents)
        with self.local_context():
            draw()
        return bytes(contents[start:])


def _document(orientation: str) -> Document:
    pdf = Document(orientation=orientation, unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    add_fonts(pdf)
    pdf.set_creator("OCOP")
    pdf.set_text_color(*INK)
    return pdf


def qr_png(data: str, *, scale: int = 8, border: int = 2) -> bytes:
    """A QR code as a black-and-white PNG (medium error correction, quiet zone of `border` modules)."""
    buffer = BytesIO()
    segno.make(data, error="m", micro=False).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


Q = TypeVar("Q")  # what a stamp's QR is given as: PNG bytes or the content to encode


def qr_operators(data: str, *, x: float, y: float, size: float, border: int, page_height: float, k: float) -> bytes:
    """PDF operators painting the QR code of `data` (error correction M; the same content as qr_png's
    code, the encoder may choose another mask) in black: a `size` mm square at (x, y) mm with a quiet
    zone of `border` modules. The modules are a one-bit stencil (an inline image mask, one bit a
    module): the device paints each module as a sharp square at its own resolution, and the stencil
    is built in compiled code (zxing-cpp, Pillow) where one rectangle a run of modules, formatted in
    Python, was half the time of a sheet."""
    symbol = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(
        scale=1, add_quiet_zones=False
    )
    height, width = memoryview(symbol).shape or (0, 0)
    # Mode "1" packs 8 modules a byte, each row padded to a byte, dark = 0: what an image mask paints.
    bits = (
        Image.frombuffer("L", (width, height), bytes(memoryview(symbol)), "raw", "L", 0, 1)
        .convert("1", dither=Image.Dither.NONE)
        .tobytes()
    )
    module = size / (width + 2 * border) * k  # in points
    side = module * width
    return (
        (
            f"q 0 g {side:.4f} 0 0 {side:.4f} {x * k + border * module:.4f} {(page_height - y) * k - border * module - side:.4f} cm\n"
            f"BI /W {width} /H {height} /BPC 1 /IM true /F /AHx ID\n"
        ).encode()
        + bits.hex().encode()
        + b">\nEI Q"
    )


def vietnamese_date(day: date) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def draw_stars(pdf: FPDF, *, count: int, center_x: float, y: float, radius: float, gap: float) -> None:
    """`count` five-pointed stars, filled gold with a dark outline, centred on `center_x`."""
    width = count * 2 * radius + (count - 1) * gap
    x = center_x - width / 2 + radius
    pdf.set_draw_color(150, 100, 0)
    pdf.set_fill_color(*STAR_FILL)
    pdf.set_line_width(0.4)
    for _index in range(count):
        pdf.star(x=x, y=y, r_in=radius * 0.4, r_out=radius, corners=5, rotate_degrees=180, style="DF")
        x += 2 * radius + gap


def _centered(pdf: FPDF, text: str, *, y: float, size: float, style: str = "", color=INK, x=0.0, w=297.0) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*color)
    pdf.set_xy(x, y)
    pdf.cell(w, size * 0.45, text, align="C")


def _watermark(pdf: FPDF, text: str, *, x: float, y: float, size: float, color) -> None:
    with pdf.local_context(fill_opacity=0.18, text_color=color), pdf.rotation(25, x=x, y=y):
        pdf.set_font(FONT, "B", size)
        width = pdf.get_string_width(text)
        pdf.set_xy(x - width / 2, y - size * 0.2)
        pdf.cell(width, size * 0.4, text)


def _place_name(certificate: Certificate) -> str:
    """Where the decision was signed: Hà Nội for the centre, the old district or the province otherwise."""
    if certificate.authority_level == AuthorityLevel.CENTRAL:
        return "Hà Nội"
    producer = certificate.producer
    if certificate.authority_level == AuthorityLevel.DISTRICT and producer.historical_district_id:
        name = producer.historical_district.name
    else:
        name = producer.commune.province.name
    for prefix in ("Tỉnh ", "Thành phố ", "Thị xã ", "Huyện ", "Quận "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


STATUS_STAMP = {
    CertificateStatus.REVOKED: "ĐÃ THU HỒI · REVOKED",
    CertificateStatus.EXPIRED: "HẾT HIỆU LỰC · EXPIRED",
    CertificateStatus.SUPERSEDED: "ĐÃ ĐƯỢC THAY THẾ · SUPERSEDED",
}


def certificate_pdf(certificate: Certificate, *, verify_url: str, code: str, today: date | None = None) -> bytes:
    """The certificate as an A4 landscape PDF. `certificate` needs product and producer loaded."""
    product = certificate.product
    producer = certificate.producer
    pdf = _document("L")
    pdf.set_title(f"Giấy chứng nhận sản phẩm OCOP {certificate.number} – {product.name_vi}")
    pdf.set_subject("Giấy chứng nhận sản phẩm OCOP / OCOP product certificate")
    pdf.set_author(certificate.authority_name)
    pdf.set_lang("vi")
    pdf.add_page()

    # Frame: a thick red rule, a thin gold rule inside it.
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1.6)
    pdf.rect(7, 7, 283, 196)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.5)
    pdf.rect(10, 10, 277, 190)
    for cx, cy in ((10, 10), (287, 10), (10, 200), (287, 200)):
        pdf.set_fill_color(*GOLD)
        pdf.circle(x=cx, y=cy, radius=1.6, style="F")

    # Header: issuing authority (left), national motto (right).
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 11)
    pdf.set_xy(16, 17)
    pdf.multi_cell(104, 5.2, certificate.authority_name.upper(), align="C")
    line_y = pdf.get_y() + 1.2
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line(53, line_y, 83, line_y)

    _centered(pdf, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", y=17, size=11, style="B", x=128, w=150)
    _centered(pdf, "Độc lập - Tự do - Hạnh phúc", y=22.5, size=11.5, style="B", x=128, w=150)
    pdf.set_font(FONT, "B", 11.5)
    motto_width = pdf.get_string_width("Độc lập - Tự do - Hạnh phúc")
    pdf.line(203 - motto_width / 2, 28.6, 203 + motto_width / 2, 28.6)
    _centered(
        pdf,
        f"{_place_name(certificate)}, {vietnamese_date(certificate.decision_date)}",
        y=32,
        size=10.5,
        style="I",
        x=128,
        w=150,
    )

    # Title.
    _centered(pdf, "GIẤY CHỨNG NHẬN", y=43, size=26, style="B", color=RED)
    _centered(pdf, "SẢN PHẨM OCOP", y=55, size=20, style="B", color=RED)
    _centered(pdf, "OCOP PRODUCT CERTIFICATE", y=65, size=10, style="I", color=GREY)

    pdf.set_font(FONT, "I", 10.5)
    pdf.set_text_color(*INK)
    pdf.set_xy(38, 72)
    pdf.multi_cell(
        221,
        5,
        f"Căn cứ Quyết định số {certificate.decision_number} {vietnamese_date(certificate.decision_date)} "
        f"của {certificate.authority_name} về việc công nhận sản phẩm đạt chuẩn OCOP",
        align="C",
    )

    y = max(pdf.get_y() + 2.5, 84)
    _centered(pdf, "CHỨNG NHẬN SẢN PHẨM", y=y, size=10.5, style="B")
    pdf.set_font(FONT, "B", 21 if len(product.name_vi) < 40 else 16)
    pdf.set_text_color(*BLUE)
    pdf.set_xy(28, y + 6)
    pdf.multi_cell(241, 9, product.name_vi, align="C")
    y = pdf.get_y() + 1
    pdf.set_font(FONT, "", 11.5)
    pdf.set_text_color(*INK)
    pdf.set_xy(28, y)
    pdf.multi_cell(241, 5.8, f"Chủ thể: {producer.legal_name}", align="C")
    commune = producer.commune
    address = ", ".join(part for part in (producer.address, commune.name, commune.province.name) if part)
    pdf.set_font(FONT, "", 10.5)
    pdf.set_xy(28, pdf.get_y())
    pdf.multi_cell(241, 5.4, f"Địa chỉ: {address}", align="C")

    y = pdf.get_y() + 8
    draw_stars(pdf, count=certificate.stars, center_x=148.5, y=y, radius=6.2, gap=4)
    _centered(pdf, f"ĐẠT HẠNG {certificate.stars} SAO", y=y + 8.5, size=14, style="B", color=RED)
    details = [f"Bộ tiêu chí: {certificate.criteria_version.legal_document.split(' (')[0]}"]
    if certificate.total is not None:
        details.append(f"tổng điểm: {certificate.total:.2f}".replace(".", ","))
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*GREY)
    pdf.set_xy(38, y + 16)
    pdf.multi_cell(221, 4.6, "; ".join(details), align="C")
    _centered(
        pdf,
        f"Giấy chứng nhận có giá trị từ ngày {certificate.valid_from:%d/%m/%Y} "
        f"đến hết ngày {certificate.valid_until:%d/%m/%Y} (36 tháng)",
        y=pdf.get_y() + 1.5,
        size=10.5,
        style="B",
    )

    # Verification block (bottom left).
    qr_size = 33
    qr_x, qr_y = 18, 160
    pdf.image(BytesIO(qr_png(verify_url)), x=qr_x, y=qr_y, w=qr_size, h=qr_size)
    text_x = qr_x + qr_size + 3
    pdf.set_xy(text_x, qr_y + 1)
    pdf.set_font(FONT, "B", 10.5)
    pdf.set_text_color(*INK)
    pdf.cell(80, 5, f"Số: {certificate.number}")
    pdf.set_xy(text_x, qr_y + 7.5)
    pdf.set_font(FONT, "", 8.8)
    pdf.cell(80, 4.4, f"Mã xác thực: {display_code(code)}")
    pdf.set_xy(text_x, qr_y + 13)
    pdf.set_font(FONT, "I", 8.2)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(
        78, 3.9, f"Quét mã QR hoặc truy cập {verify_url} để kiểm tra giấy chứng nhận còn hiệu lực.", align="L"
    )

    # Signer block (bottom right).
    block_x, block_w = 175, 105
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 11)
    pdf.set_xy(block_x, 152)
    pdf.multi_cell(block_w, 5.2, (certificate.signer_title or "Người ký").upper(), align="C")
    pdf.set_font(FONT, "I", 8.5)
    pdf.set_text_color(*GREY)
    pdf.set_xy(block_x, pdf.get_y() + 0.5)
    pdf.cell(block_w, 4, "(Ký, ghi rõ họ tên và đóng dấu)", align="C")
    _centered(pdf, certificate.signer_name, y=188, size=12, style="B", x=block_x, w=block_w)

    stamp = STATUS_STAMP.get(certificate.effective_status(today or timezone.localdate()))
    if stamp:
        _watermark(pdf, stamp, x=148.5, y=118, size=34, color=RED)
    if certificate.is_demo:
        _watermark(pdf, "MINH HOẠ · DEMO", x=148.5, y=176, size=22, color=GREY)
    return render(pdf)


@dataclass(frozen=True)
class StampLayout:
    columns: int = 4
    rows: int = 6
    width: float = 46.0
    height: float = 44.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


def stamps_pdf(
    *,
    product_name: str,
    stars: int,
    number: str,
    code: str,
    qr_data: str,
    count: int,
    layout: StampLayout | None = None,
) -> bytes:
    """A4 portrait sheets of identical QR stamps with cut marks in the margins."""
    qr = qr_png(qr_data, scale=6, border=1)
    caption = f"{number} · {display_code(code)}"
    return stamp_sheets(
        product_name=product_name, stars=stars, stamps=((qr, caption) for _ in range(count)), layout=layout
    )


def stamp_sheets(
    *,
    product_name: str,
    stars: int,
    stamps: Iterable[tuple[bytes, str]],
    layout: StampLayout | None = None,
    created: datetime | None = None,
) -> bytes:
    """A4 portrait sheets, one stamp per (QR image, caption), with cut marks in the margins; the
    stamp's drawing scales with the layout (46 × 44 mm is full size). `created` dates the file (now
    when not given): the same date and stamps give the same bytes."""

    def image(pdf: Document, qr: bytes, x: float, y: float, size: float) -> None:
        pdf.image(BytesIO(qr), x=x, y=y, w=size, h=size)

    return _sheets(product_name=product_name, stars=stars, stamps=stamps, layout=layout, created=created, qr=image)


def qr_stamp_sheets(
    *,
    product_name: str,
    stars: int,
    stamps: Iterable[tuple[str, str]],
    layout: StampLayout | None = None,
    created: datetime | None = None,
) -> bytes:
    """`stamp_sheets` of (QR content, caption) pairs, each QR painted as a stencil of its modules with
    a quiet zone of one module (see qr_operators): no PNG, no image object per stamp."""

    def stencil(pdf: Document, data: str, x: float, y: float, size: float) -> None:
        pdf.raw(qr_operators(data, x=x, y=y, size=size, border=1, page_height=pdf.h, k=pdf.k))

    return _sheets(product_name=product_name, stars=stars, stamps=stamps, layout=layout, created=created, qr=stencil)


def _sheets(
    *,
    product_name: str,
    stars: int,
    stamps: Iterable[tuple[Q, str]],
    layout: StampLayout | None,
    created: datetime | None,
    qr: Callable[[Document, Q, float, float, float], None],
) -> bytes:
    layout = layout or StampLayout()
    pdf = _document("P")
    if created is not None:
        pdf.set_creation_date(created)
    pdf.set_title(f"Tem OCOP – {product_name}")
    pdf.set_lang("vi")
    grid_w, grid_h = layout.columns * layout.width, layout.rows * layout.height
    left, top = (210 - grid_w) / 2, (297 - grid_h) / 2
    position = 0
    face = b""  # the fixed part of a stamp as drawn at the page's first place, repeated at the others
    for code, caption in stamps:
        column, row = position % layout.columns, position // layout.columns
        x, y = left + column * layout.width, top + row * layout.height
        if position == 0:
            pdf.add_page()
            _cut_marks(pdf, left=left, top=top, layout=layout)
            face = pdf.captured(
                partial(_face, pdf, x=left, y=top, layout=layout, product_name=product_name, stars=stars)
            )
        else:
            # The same face moved to this place: drawn once per page, not once per stamp (fpdf2's
            # rounded frame, stars and two text cells were half the time of a sheet).
            pdf.raw(f"q 1 0 0 1 {(x - left) * pdf.k:.4f} {(top - y) * pdf.k:.4f} cm".encode() + b"\n" + face + b"Q")
        _stamp_code(pdf, x=x, y=y, layout=layout, caption=caption, qr=code, draw_qr=qr)
        position = (position + 1) % layout.per_page
    return render(pdf)


def _cut_marks(pdf: FPDF, *, left: float, top: float, layout: StampLayout) -> None:
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.15)
    right, bottom = left + layout.columns * layout.width, top + layout.rows * layout.height
    for column in range(layout.columns + 1):
        x = left + column * layout.width
        pdf.line(x, top - 7, x, top - 2)
        pdf.line(x, bottom + 2, x, bottom + 7)
    for row in range(layout.rows + 1):
        y = top + row * layout.height
        pdf.line(left - 7, y, left - 2, y)
        pdf.line(right + 2, y, right + 7, y)
    # A hairline grid in light grey helps the guillotine; the marks above are the reference.
    pdf.set_draw_color(215, 215, 215)
    pdf.set_line_width(0.1)
    with pdf.local_context(dash_pattern={"dash": 1, "gap": 1}):
        for column in range(layout.columns + 1):
            x = left + column * layout.width
            pdf.line(x, top, x, bottom)
        for row in range(layout.rows + 1):
            y = top + row * layout.height
            pdf.line(left, y, right, y)


def _face(pdf: Document, *, x: float, y: float, layout: StampLayout, product_name: str, stars: int) -> None:
    """What every stamp of a sheet shows: the frame, "OCOP", the stars and the product's name."""
    k = _scale(layout)
    pad = 2.5 * k
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.5)
    pdf.rect(x + 1.2, y + 1.2, layout.width - 2.4, layout.height - 2.4, style="D", round_corners=True, corner_radius=2)
    pdf.set_font(FONT, "B", 9 * k)
    pdf.set_text_color(*RED)
    pdf.set_xy(x, y + pad + 0.5 * k)
    pdf.cell(layout.width, 4 * k, "OCOP", align="C")
    draw_stars(pdf, count=stars, center_x=x + layout.width / 2, y=y + pad + 7.3 * k, radius=1.9 * k, gap=0.9 * k)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 5.6 * k)
    name = product_name if len(product_name) <= 34 else product_name[:33] + "…"
    pdf.set_xy(x, y + pad + 35.3 * k)
    pdf.cell(layout.width, 2.6 * k, name, align="C")


def _stamp_code(pdf: Document, *, x: float, y: float, layout: StampLayout, caption: str, qr, draw_qr) -> None:
    """What is a stamp's own: its QR code and its caption (lot and serial)."""
    k = _scale(layout)
    pad = 2.5 * k
    qr_size = 25 * k
    draw_qr(pdf, qr, x + (layout.width - qr_size) / 2, y + pad + 9.8 * k, qr_size)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "", 4.8 * k)
    pdf.set_xy(x, y + pad + 38 * k)
    pdf.cell(layout.width, 2.4 * k, caption, align="C")


def _scale(layout: StampLayout) -> float:
    return min(layout.width / 46.0, layout.height / 44.0)  # 1 at full size
