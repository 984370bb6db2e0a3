"""Excel (openpyxl) and PDF (fpdf2) exports of an event report, in the reader's language.

The PDF embeds DejaVu Sans (Vietnamese glyphs), shipped in `promotion/fonts/` with its licence. The
certificates app ships only DejaVu Serif; if it later ships DejaVuSans.ttf it is used from there.
"""

import io
from pathlib import Path

import openpyxl
from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl.styles import Font

from ocop.core import xlsx
from ocop.core.formatting import dmy, localized, number, vnd
from ocop.core.pdf_charts import ChartRow, draw_bar_chart, rgb
from ocop.promotion.charts import PALETTE
from ocop.promotion.formatting import signed_percent
from ocop.promotion.reports import EventReport

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HERE = Path(__file__).resolve().parent
FONT_DIRS = (HERE.parent / "certificates" / "fonts", HERE / "fonts")
FONT = "DejaVuSans"


def font_path(name: str) -> Path:
    for folder in FONT_DIRS:
        candidate = folder / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(name)


def definitions() -> list[str]:
    return [
        _("Số ngày = ngày bế mạc − ngày khai mạc + 1 (theo lịch sự kiện)."),
        _("Tổng: cộng các bản ghi (lượt khách theo ngày; doanh thu gian hàng theo ngày)."),
        _("Bình quân/ngày = tổng ÷ số ngày, làm tròn tới đơn vị."),
        _(
            "Tăng trưởng/ngày so với lần trước = (tổng lần này × số ngày lần trước) ÷ (tổng lần trước × số ngày "
            "lần này) − 1; làm tròn nửa lên tới 0,1 %."
        ),
        _("Tăng trưởng tổng = tổng lần này ÷ tổng lần trước − 1 (cách bài báo tính doanh thu gian hàng trong tỉnh)."),
        _("Gian hàng trong tỉnh: đơn vị trưng bày thuộc tỉnh tổ chức sự kiện."),
    ]


def headline_rows(report: EventReport) -> list[tuple[str, str, str, str, str]]:
    """(figure, total, per day, growth per day, growth of total) for the summary of every format."""
    f = report.figures
    g = report.growth
    return [
        (
            _("Lượt khách"),
            number(f.visits),
            number(f.visits_per_day),
            signed_percent(g["visits"].per_day),
            signed_percent(g["visits"].total),
        ),
        (
            _("Doanh thu"),
            vnd(f.revenue),
            vnd(f.revenue_per_day),
            signed_percent(g["revenue"].per_day),
            signed_percent(g["revenue"].total),
        ),
        (
            _("Doanh thu gian hàng trong tỉnh"),
            vnd(f.in_province_revenue),
            vnd(f.in_province_revenue_per_day),
            signed_percent(g["in_province_revenue"].per_day),
            signed_percent(g["in_province_revenue"].total),
        ),
    ]


def headline_sentence(report: EventReport) -> str:
    """The article's sentence, from the records: growth per day of visits and revenue, of the in-province total."""
    g = report.growth
    return _(
        "So với %(name)s (%(days)s ngày), tính bình quân mỗi ngày: lượt khách %(visits)s, doanh thu %(revenue)s. "
        "Doanh thu gian hàng trong tỉnh (tổng cả sự kiện) %(inside)s."
    ) % {
        "name": localized(report.previous.event),
        "days": report.previous.days,
        "visits": signed_percent(g["visits"].per_day),
        "revenue": signed_percent(g["revenue"].per_day),
        "inside": signed_percent(g["in_province_revenue"].total),
    }


def report_workbook(report: EventReport) -> bytes:
    """Visits as counts, đồng as money (1.234.567 ₫), growth as percentages, days as dates; each table's
    header row styled and frozen."""
    event = report.event
    f = report.figures
    workbook = openpyxl.Workbook()
    summary = workbook.active
    summary.title = _("Tổng hợp")[:31]
    xlsx.append(summary, [localized(event)])
    summary["A1"].font = Font(bold=True, size=14)
    xlsx.append(summary, [_("Thời gian"), event.first_day, event.last_day, _("Số ngày"), xlsx.count(summary, f.days)])
    xlsx.append(summary, [_("Đơn vị tổ chức"), event.organiser])
    if report.previous:
        prev = report.previous
        xlsx.append(summary, [_("So với"), localized(prev.event), _("Số ngày"), xlsx.count(summary, prev.days)])
    xlsx.append(summary, [])
    xlsx.header(
        summary,
        [
            _("Chỉ tiêu"),
            _("Tổng"),
            _("Bình quân/ngày"),
            _("Tăng/ngày so với lần trước (%)"),
            _("Tăng tổng so với lần trước (%)"),
        ],
    )
    summary.freeze_panes = f"A{summary.max_row + 1}"
    g = report.growth
    for label, metric, kind in (
        (_("Lượt khách"), "visits", xlsx.count),
        (_("Doanh thu (đồng)"), "revenue", xlsx.money),
        (_("Doanh thu gian hàng trong tỉnh (đồng)"), "in_province_revenue", xlsx.money),
    ):
        total = getattr(f, metric)
        per_day = {"visits": f.visits_per_day, "revenue": f.revenue_per_day}.get(metric, f.in_province_revenue_per_day)
        xlsx.append(
            summary,
            [
                label,
                kind(summary, total),
                kind(summary, per_day),
                xlsx.percent(summary, g[metric].per_day),
                xlsx.percent(summary, g[metric].total),
            ],
        )
    xlsx.append(summary, [])
    xlsx.append(
        summary,
        [
            _("Gian hàng"),
            xlsx.count(summary, f.booths),
            _("trong tỉnh"),
            xlsx.count(summary, f.in_province_booths),
            _("ngoài tỉnh"),
            xlsx.count(summary, f.out_province_booths),
        ],
    )
    xlsx.append(
        summary,
        [
            _("Hợp đồng, biên bản ghi nhớ"),
            xlsx.count(summary, f.agreements),
            _("giá trị (đồng)"),
            xlsx.money(summary, f.agreements_value),
        ],
    )
    xlsx.append(summary, [])
    for line in definitions():
        xlsx.append(summary, [line])
    xlsx.layout(summary, widths=[42, 22, 22, 22, 22, 22], freeze_below=0)

    days = workbook.create_sheet(_("Theo ngày")[:31])
    xlsx.layout(days, widths=[14, 14, 20, 20, 20, 20, 14])
    xlsx.header(
        days,
        [
            _("Ngày"),
            _("Lượt khách"),
            _("Doanh thu (đồng)"),
            _("Trong tỉnh (đồng)"),
            _("Ngoài tỉnh (đồng)"),
            _("Chưa rõ tỉnh (đồng)"),
            _("Số gian hàng đã nhập"),
        ],
    )
    for row in f.day_rows:
        xlsx.append(
            days,
            [
                row.day,
                xlsx.count(days, row.visits),
                *[
                    xlsx.money(days, amount)
                    for amount in (
                        row.revenue,
                        row.in_province_revenue,
                        row.out_province_revenue,
                        row.unknown_revenue,
                    )
                ],
                xlsx.count(days, row.booths_reporting),
            ],
        )
    xlsx.append(
        days,
        [
            _("Tổng"),
            xlsx.count(days, f.visits),
            *[
                xlsx.money(days, amount)
                for amount in (f.revenue, f.in_province_revenue, f.out_province_revenue, f.unknown_revenue)
            ],
        ],
    )
    for cell in days[days.max_row]:
        cell.font = Font(bold=True)

    booths = workbook.create_sheet(_("Gian hàng")[:31])
    day_list = event.day_list()
    xlsx.layout(booths, widths=[12, 44, 18, 12, *[16] * len(day_list), 18])
    booths.freeze_panes = "C2"
    xlsx.header(
        booths, [_("Số gian hàng"), _("Đơn vị trưng bày"), _("Tỉnh"), _("Trong tỉnh"), *day_list, _("Tổng (đồng)")]
    )
    for row in report.booth_rows:
        booth = row.booth
        xlsx.append(
            booths,
            [
                booth.number,
                booth.exhibitor,
                booth.exhibitor_province.name if booth.exhibitor_province_id else "",
                {True: _("Có"), False: _("Không"), None: _("Chưa rõ")}[row.in_province],
                *[xlsx.money(booths, amount) for amount in row.amounts],
                xlsx.money(booths, row.total),
            ],
        )

    if report.agreements:
        agreements = workbook.create_sheet(_("Hợp đồng")[:31])
        xlsx.layout(agreements, widths=[18, 12, 36, 36, 18, 40])
        xlsx.header(
            agreements,
            [_("Loại"), _("Ngày ký"), _("Bên thứ nhất"), _("Bên thứ hai"), _("Giá trị (đồng)"), _("Sản phẩm")],
        )
        for agreement in report.agreements:
            products = ", ".join(
                [p.name_vi for p in agreement.products.all()]
                + ([agreement.products_text] if agreement.products_text else [])
            )
            xlsx.append(
                agreements,
                [
                    agreement.get_kind_display(),
                    agreement.signed_on,
                    agreement.first_party,
                    agreement.second_party,
                    xlsx.money(agreements, agreement.value_vnd),
                    products,
                ],
            )

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


class _ReportPDF(FPDF):
    footer_text = ""

    def para(self, height: float, text: str) -> None:
        """A paragraph across the page; the next one starts at the left margin."""
        self.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(95, 90, 85)
        self.cell(0, 6, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")


def _table(
    pdf: FPDF, header: list[str], rows: list[list[str]], widths: list[float], *, bold_last: bool = False
) -> None:
    pdf.set_font(FONT, "B", 7)
    pdf.set_fill_color(244, 239, 233)
    for text, width in zip(header, widths, strict=True):
        pdf.cell(width, 7, text, border=1, fill=True, align="C")
    pdf.ln()
    for index, row in enumerate(rows):
        pdf.set_font(FONT, "B" if bold_last and index == len(rows) - 1 else "", 8)
        for position, (text, width) in enumerate(zip(row, widths, strict=True)):
            pdf.cell(width, 6, text, border=1, align="L" if position == 0 else "R")
        pdf.ln()


def _day_charts(pdf: FPDF, report: EventReport) -> None:
    """The report page's two charts, from the same day rows as the table above them."""
    f = report.figures
    draw_bar_chart(
        pdf,
        title=_("Lượt khách theo ngày"),
        rows=[ChartRow(dmy(row.day), [row.visits or 0], number(row.visits)) for row in f.day_rows],
        font=FONT,
        colours=[rgb(PALETTE["teal"])],
        label_share=0.14,
    )
    series = [_("Trong tỉnh"), _("Ngoài tỉnh")] + ([_("Chưa rõ tỉnh")] if f.unknown_revenue else [])
    draw_bar_chart(
        pdf,
        title=_("Doanh thu theo ngày"),
        rows=[
            ChartRow(
                dmy(row.day),
                [row.in_province_revenue, row.out_province_revenue, row.unknown_revenue][: len(series)],
                vnd(row.revenue),
            )
            for row in f.day_rows
        ],
        font=FONT,
        series=series,
        colours=[rgb(PALETTE[name]) for name in ("red", "gold", "grey")],
        label_share=0.14,
    )


def report_pdf(report: EventReport) -> bytes:
    event = report.event
    f = report.figures
    pdf = _ReportPDF(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FONT, "", str(font_path("DejaVuSans.ttf")))
    pdf.add_font(FONT, "B", str(font_path("DejaVuSans-Bold.ttf")))
    pdf.footer_text = _("Báo cáo sự kiện xúc tiến thương mại OCOP")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_text_color(29, 27, 26)
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 8, localized(event), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    place = event.venue or ""
    if event.is_abroad:
        place = ", ".join(part for part in (place, event.city, event.country) if part)
    elif event.commune_id:
        place = ", ".join(part for part in (place, event.commune.name, event.commune.province.name) if part)
    pdf.para(
        5,
        _("%(first)s – %(last)s (%(days)s ngày) · %(place)s · %(organiser)s")
        % {
            "first": dmy(event.first_day),
            "last": dmy(event.last_day),
            "days": f.days,
            "place": place,
            "organiser": event.organiser,
        },
    )
    if report.previous:
        pdf.para(
            5,
            _("So với lần trước: %(name)s, %(days)s ngày.")
            % {"name": localized(report.previous.event), "days": report.previous.days},
        )
    pdf.ln(3)
    if report.previous:
        pdf.set_font(FONT, "B", 9)
        pdf.para(5, headline_sentence(report))
        pdf.ln(1)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 7, _("Số liệu chính"), new_x="LMARGIN", new_y="NEXT")
    _table(
        pdf,
        [_("Chỉ tiêu"), _("Tổng"), _("Bình quân/ngày"), _("Tăng/ngày"), _("Tăng tổng")],
        [list(row) for row in headline_rows(report)],
        [52, 38, 36, 27, 27],
    )
    pdf.ln(2)
    pdf.set_font(FONT, "", 8)
    pdf.para(
        4.5,
        _("Gian hàng: %(all)s (trong tỉnh %(in)s, ngoài tỉnh %(out)s). Hợp đồng, biên bản ghi nhớ: %(agreements)s.")
        % {"all": f.booths, "in": f.in_province_booths, "out": f.out_province_booths, "agreements": f.agreements},
    )
    pdf.ln(3)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 7, _("Theo ngày"), new_x="LMARGIN", new_y="NEXT")
    rows = [
        [
            dmy(row.day),
            number(row.visits),
            number(row.revenue),
            number(row.in_province_revenue),
            number(row.out_province_revenue + row.unknown_revenue),
        ]
        for row in f.day_rows
    ]
    rows.append(
        [
            _("Tổng"),
            number(f.visits),
            number(f.revenue),
            number(f.in_province_revenue),
            number(f.out_province_revenue + f.unknown_revenue),
        ]
    )
    _table(
        pdf,
        [_("Ngày"), _("Lượt khách"), _("Doanh thu (đồng)"), _("Trong tỉnh (đồng)"), _("Ngoài tỉnh, chưa rõ (đồng)")],
        rows,
        [30, 28, 40, 40, 42],
        bold_last=True,
    )
    pdf.ln(3)
    _day_charts(pdf, report)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 7, _("Chủ thể có doanh thu cao nhất"), new_x="LMARGIN", new_y="NEXT")
    _table(
        pdf,
        [_("Đơn vị trưng bày"), _("Gian hàng"), _("Doanh thu (đồng)")],
        [[item.label[:70], str(item.booths), number(item.revenue)] for item in report.top_producers],
        [120, 20, 40],
    )
    pdf.ln(3)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 6, _("Cách tính"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8)
    for line in definitions():
        pdf.multi_cell(0, 4.5, f"• {line}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
