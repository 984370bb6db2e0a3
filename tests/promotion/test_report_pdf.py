"""The event report PDF draws the report page's two day charts (visits; revenue in and out of the
province) from the same day rows as its table, with values in the reader's number format."""

import io
import re

from django.utils import translation
from pypdf import PdfReader

from ocop.promotion.exports import report_pdf
from ocop.promotion.reports import event_report

FILLED_RECTANGLE = re.compile(rb"-?[\d.]+ -?[\d.]+ -?[\d.]+ -?[\d.]+ re f\n")


def _read(body: bytes) -> tuple[str, bytes]:
    pages = PdfReader(io.BytesIO(body)).pages
    return "\n".join(page.extract_text() for page in pages), b"\n".join(
        page.get_contents().get_data() for page in pages
    )


def _chart(text: str, title: str, end: str) -> str:
    return text.split(title, 1)[1].split(end, 1)[0]


def test_the_day_charts_hold_each_day_and_its_value_in_each_language(fairs):
    report = event_report(fairs[2])
    days = report.figures.day_rows
    with translation.override("vi"):
        text, drawing = _read(report_pdf(report))
    visits = _chart(text, "Lượt khách theo ngày", "Doanh thu theo ngày")
    revenue = _chart(text, "Doanh thu theo ngày", "Chủ thể có doanh thu cao nhất")
    for row in days:
        day = row.day.strftime("%d/%m/%Y")
        assert day in visits
        assert f"{row.visits:,}".replace(",", ".") in visits
        assert f"{row.revenue:,} ₫".replace(",", ".") in revenue
    assert "Trong tỉnh" in revenue  # the legend of the stacked bars
    assert "Ngoài tỉnh" in revenue
    # a bar per day for visits, and up to two stacked segments per day for revenue
    assert len(FILLED_RECTANGLE.findall(drawing)) >= 2 * len(days)
    with translation.override("en"):
        text, _drawing = _read(report_pdf(report))
    english = _chart(text, "Sales per day", "Exhibitors with the highest revenue")
    assert f"{days[0].revenue:,} ₫" in english
