import io
import re

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import ContentStream

from ocop.programme import exports
from ocop.programme.services import sales_line_save, target_set
from tests.jobs_helpers import export_through_job

BILLION = 1_000_000_000


@pytest.fixture
def article(world, products, qn, phase1, indicator):
    admin = world["users"]["admin"]
    for year, amount in ((2014, 180), (2015, 220), (2016, 272)):
        sales_line_save(
            actor=admin,
            product=products["tea"],
            year=year,
            period_kind="quarter",
            period=2,
            channel="retail_chains",
            amount_vnd=amount * BILLION,
        )
    target_set(actor=admin, phase=phase1, indicator=indicator("ocop_sales_revenue"), province=qn, value=200 * BILLION)


def test_excel_export_opens_and_holds_the_headline(client, world, article, django_capture_on_commit_callbacks):
    client.force_login(world["users"]["provincial_officer"])
    response = export_through_job(
        client, django_capture_on_commit_callbacks, reverse("programme:export_xlsx"), {"phase": "2013-2016"}
    )
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.body))
    texts = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row if cell]
    assert any("672 tỷ đồng" in str(text) and "336 %" in str(text) for text in texts)


def _row(sheet, label: str):
    [row] = [row for row in sheet.iter_rows() if row[0].value == label]
    return row


def test_excel_export_holds_figures_as_numbers_with_formats(client, world, article, django_capture_on_commit_callbacks):
    # Given sales of 672 billion đồng in 2014–2016 against a target of 200 billion,
    client.force_login(world["users"]["provincial_officer"])
    # when the dashboard is exported,
    response = export_through_job(
        client, django_capture_on_commit_callbacks, reverse("programme:export_xlsx"), {"phase": "2013-2016"}
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.body))
    # then every table is a sheet of its own whose header row is styled and frozen,
    overview, targets = workbook["Tổng quan"], workbook["Mục tiêu giai đoạn"]
    assert "Doanh số OCOP theo năm" in workbook.sheetnames
    header = _row(targets, "Chỉ tiêu")
    assert [cell.value for cell in header] == [
        "Chỉ tiêu",
        "Mục tiêu",
        "Thực hiện",
        "Tiến độ",
        "Thời gian đã qua",
        "Đánh giá",
    ]
    assert header[0].font.b is True
    assert header[0].fill.fgColor.rgb == "FFF4EFE9"
    assert targets.freeze_panes == f"A{header[0].row + 1}"
    assert overview.freeze_panes == f"A{_row(overview, 'Chỉ tiêu')[0].row + 1}"
    # and the money is a number shown with ₫, the progress a percentage, not text.
    sales = _row(targets, "Doanh số bán hàng sản phẩm OCOP")
    assert (sales[1].value, sales[1].data_type, sales[1].number_format) == (200 * BILLION, "n", '#,##0 "₫"')
    assert (sales[2].value, sales[2].number_format) == (672 * BILLION, '#,##0 "₫"')
    assert (sales[3].value, sales[3].number_format) == (3.36, "0.0%")
    figure = _row(overview, "Doanh số bán hàng sản phẩm OCOP")
    assert (figure[1].value, figure[1].number_format) == (672 * BILLION, '#,##0 "₫"')
    years = workbook["Doanh số OCOP theo năm"]
    assert [(row[0].value, row[1].value) for row in years.iter_rows(min_row=3)] == [
        (2013, 0),
        (2014, 180 * BILLION),
        (2015, 220 * BILLION),
        (2016, 272 * BILLION),
    ]
    # Columns are as wide as their content: the money column fits "672.000.000.000 ₫".
    assert targets.column_dimensions["B"].width >= len("672.000.000.000 ₫")
    assert targets.column_dimensions["A"].width >= len("Doanh số bán hàng sản phẩm OCOP")
    text_cells = [
        cell.value
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.rstrip(" ₫%").replace(".", "").replace(",", "").isdigit()
    ]
    assert text_cells == []


def test_pdf_export_parses_and_keeps_vietnamese(client, world, article, django_capture_on_commit_callbacks):
    client.force_login(world["users"]["provincial_officer"])
    response = export_through_job(
        client, django_capture_on_commit_callbacks, reverse("programme:export_pdf"), {"phase": "2013-2016"}
    )
    assert response.status_code == 200
    assert response.body.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.body)).pages)
    assert "Doanh số bán hàng OCOP" in text
    assert "672 tỷ đồng" in text


def test_every_figure_links_to_its_records(client, world, article):
    client.force_login(world["users"]["provincial_officer"])
    response = client.get(
        reverse("programme:indicator", args=["ocop_sales_revenue"]), {"phase": "2013-2016", "year": 2015}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "220 tỷ đồng" in html
    assert "Trà hoa vàng thử nghiệm" in html


def test_template_downloads(client, world, products):
    client.force_login(world["users"]["producer"])
    response = client.get(reverse("programme:sales_template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Dữ liệu"


def test_excel_export_and_sales_template_write_user_text_as_text(
    client, world, article, products, django_capture_on_commit_callbacks
):
    from tests import hostile

    products["tea"].name_vi = hostile.FORMULA_TEXT + "\u000b"
    products["tea"].save(update_fields=["name_vi"])
    client.force_login(world["users"]["provincial_officer"])
    cells = {}
    for name, response in (
        (
            "dashboard",
            export_through_job(
                client, django_capture_on_commit_callbacks, reverse("programme:export_xlsx"), {"phase": "2013-2016"}
            ),
        ),
        ("template", client.get(reverse("programme:sales_template"))),
    ):
        assert response.status_code == 200
        body = getattr(response, "body", None) or response.content
        workbook = openpyxl.load_workbook(io.BytesIO(body))
        cells[name] = {(cell.value, cell.data_type) for sheet in workbook for row in sheet.iter_rows() for cell in row}
        assert not any(data_type == "f" for _value, data_type in cells[name])
    assert (hostile.FORMULA_TEXT + "\n", "s") in cells["template"]


FILLED_RECTANGLE = re.compile(rb"-?[\d.]+ -?[\d.]+ -?[\d.]+ -?[\d.]+ re f\n")  # a filled rectangle: x y w h re f


def pdf_text_and_drawing(body: bytes) -> tuple[str, bytes]:
    pages = PdfReader(io.BytesIO(body)).pages
    return "\n".join(page.extract_text() for page in pages), b"\n".join(
        page.get_contents().get_data() for page in pages
    )


def test_the_pdf_draws_the_sales_chart_with_its_labels_and_values(
    client, world, article, django_capture_on_commit_callbacks
):
    """The dashboard PDF draws the page's charts (fpdf2 rectangles, labels, values in the Vietnamese
    format) from each chart's own bars, above the chart's table."""
    client.force_login(world["users"]["provincial_officer"])
    response = export_through_job(
        client, django_capture_on_commit_callbacks, reverse("programme:export_pdf"), {"phase": "2013-2016"}
    )
    text, drawing = pdf_text_and_drawing(response.body)
    chart = text.split("Doanh số OCOP theo năm", 1)[1].split("Bảng số liệu", 1)[0]
    lines = [line.strip() for line in chart.splitlines() if line.strip()]
    # each year's label with its bar's value, as the web chart writes them (compact, Vietnamese comma)
    assert lines == ["2013", "0", "2014", "180 tỷ", "2015", "220 tỷ", "2016", "272 tỷ"] or lines == [
        "2013 0",
        "2014 180 tỷ",
        "2015 220 tỷ",
        "2016 272 tỷ",
    ]
    # and its table below, from the same bars, in full đồng
    assert "180.000.000.000 ₫" in text
    # three bars for the sales per year and one for the single channel, at least, as filled rectangles
    assert len(FILLED_RECTANGLE.findall(drawing)) >= 4


def table_cell_fills(body: bytes) -> list[tuple[float, ...]]:
    """The fill colour (RGB, 0–1, two decimals) of every bordered rectangle the PDF paints: the cells
    of its tables (fpdf2 draws each as `x y w h re B`), followed through q/Q saves and restores."""
    fills = []
    for page in PdfReader(io.BytesIO(body)).pages:
        colour, saved = (0.0, 0.0, 0.0), []
        for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
            if operator == b"q":
                saved.append(colour)
            elif operator == b"Q":
                colour = saved.pop()
            elif operator == b"rg":
                colour = tuple(round(float(value), 2) for value in operands)
            elif operator == b"B":
                fills.append(colour)
    return fills


def test_the_pdf_tables_are_white_with_faint_stripes_not_the_headlines_cream(
    client, world, article, django_capture_on_commit_callbacks
):
    """The headline's cream box set the fill colour that fpdf2 then painted every table cell with."""
    client.force_login(world["users"]["provincial_officer"])
    response = export_through_job(
        client, django_capture_on_commit_callbacks, reverse("programme:export_pdf"), {"phase": "2013-2016"}
    )

    def rgb(colour):
        return tuple(round(value / 255, 2) for value in colour)

    fills = table_cell_fills(response.body)
    assert set(fills) == {rgb(exports.HEADING_FILL), rgb(exports.STRIPE_FILL), rgb(exports.WHITE)}
    assert rgb((253, 240, 213)) not in fills
