import io

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

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
    assert "336,0 %" in texts


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
