"""Template and export: the same columns, and an exported file re-imports as unchanged."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from ocop.imports.columns import DATA_SHEET, HELP_SHEET, PRODUCER_COLUMNS, PRODUCT_COLUMNS, VALUES_SHEET
from ocop.imports.models import ImportStatus
from ocop.producers.models import Gender, ProducerType
from ocop.products.models import NetContentUnit, ProductStatus
from tests.factories import ProducerFactory, ProductFactory, commune
from tests.imports.builders import gtin13, tax_code
from tests.jobs_helpers import export_through_job

pytestmark = pytest.mark.django_db


def _content(response) -> bytes:
    """The file of a direct answer (the template) or of a job's download (the export)."""
    return response.body if hasattr(response, "body") else response.content


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(_content(response)))


@pytest.fixture
def export(client, django_capture_on_commit_callbacks):
    """The registry export as the page asks for it: a job, run, then downloaded."""
    return lambda params: export_through_job(client, django_capture_on_commit_callbacks, "/imports/export.xlsx", params)


def test_template_has_headers_help_and_allowed_values(world, officer, client, product_sets):
    client.force_login(officer)
    book = _sheet(client.get("/imports/template/producers.xlsx"))
    assert book.sheetnames == [DATA_SHEET, HELP_SHEET, VALUES_SHEET]
    rows = list(book[DATA_SHEET].values)
    assert list(rows[0]) == [column.header_vi for column in PRODUCER_COLUMNS]
    assert list(rows[1]) == [column.header_en for column in PRODUCER_COLUMNS]
    values = list(book[VALUES_SHEET].values)
    communes = [row[values[0].index("Xã, phường")] for row in values[1:] if row[values[0].index("Xã, phường")]]
    assert len(communes) == 54
    assert "Phường Hạ Long" in communes
    assert "Đặc khu Cô Tô" in communes
    assert "Hợp tác xã" in [row[0] for row in values[1:]]
    products = _sheet(client.get("/imports/template/products.xlsx"))
    assert list(next(products[DATA_SHEET].values)) == [column.header_vi for column in PRODUCT_COLUMNS]
    sets = next(iter(products[VALUES_SHEET].values)).index("Bộ sản phẩm (QĐ 148)")
    assert [row[sets] for row in list(products[VALUES_SHEET].values)[8:10]] == [
        "08 – Chế biến từ thịt, thủy sản, trứng, sữa, các sản phẩm từ mật ong",
        "09 – Tương, nước mắm, gia vị dạng lỏng khác",
    ]


def test_producers_round_trip_is_unchanged(world, officer, client, upload, export):
    ProducerFactory(
        legal_name="Công ty TNHH Ngọc trai Hạ Long",
        short_name="Ngọc trai HL",
        tax_code=tax_code(50),
        producer_type=ProducerType.LLC_SINGLE,
        registration_number="5700100",
        registration_date=datetime.date(2015, 2, 3),
        representative_name="Nguyễn Thị Lan",
        representative_gender=Gender.FEMALE,
        representative_ethnic_minority=True,
        address="Số 1",
        commune=commune(6688),
        phone="0203",
        email="a@example.vn",
        website="https://example.vn",
        founded_year=2015,
        employees=20,
        members=3,
        local_labour_share=90,
        story_vi="=Câu chuyện",
        story_en="Story",
    )
    client.force_login(officer)
    response = export({"kind": "producers"})
    book = _sheet(response)
    rows = list(book[DATA_SHEET].values)
    assert len(rows) == 2 + 3  # two header rows, the three Quảng Ninh producers (not Lào Cai's)
    headers = list(rows[0])
    [row] = [row for row in book[DATA_SHEET].iter_rows(min_row=3) if row[1].value == "Công ty TNHH Ngọc trai Hạ Long"]
    registered = row[headers.index("Ngày đăng ký kinh doanh")]
    assert (registered.is_date, registered.number_format) == (True, "DD/MM/YYYY")
    founded, employees = row[headers.index("Năm thành lập")], row[headers.index("Số lao động")]
    assert (founded.value, founded.number_format) == (2015, "General")
    assert (employees.value, employees.number_format) == (20, "#,##0")
    job = upload(officer, "producers", _content(response))
    assert job.status == ImportStatus.READY, job.problems
    assert (job.to_create, job.to_update, job.unchanged) == (0, 0, 3)


def test_products_round_trip_and_filters(world, officer, client, upload, product_sets, export):
    maker = ProducerFactory(legal_name="Công ty Chả mực", tax_code=tax_code(51), commune=commune(6688))
    ProductFactory(
        producer=maker,
        name_vi="Chả mực Hạ Long",
        name_en="Ha Long squid cake",
        gtin=gtin13(40),
        product_set=product_sets[8],
        status=ProductStatus.CERTIFIED,
        net_content=Decimal("0.5"),
        net_content_unit=NetContentUnit.KILOGRAM,
        shelf_life_days=180,
        price_min_vnd=150000,
        price_max_vnd=300000,
        hs_code="1604.20",
        ingredients="Mực, tiêu",
        packaging="Hộp",
        description_vi="Mô tả",
        name_folded="cha muc ha long ha long squid cake",
    )
    ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng", status=ProductStatus.IDEA, name_folded="tra hoa vang")
    ProductFactory(producer=world["lc"], name_vi="Chè Lào Cai", name_folded="che lao cai")
    client.force_login(officer)
    everything = export({"kind": "products"})
    sheet = _sheet(everything)[DATA_SHEET]
    assert len(list(sheet.values)) == 2 + 2
    # Prices are money cells (150.000 ₫), the shelf life a grouped count, both numbers; the header frozen.
    headers = [cell.value for cell in sheet[1]]
    [row] = [row for row in sheet.iter_rows(min_row=3) if row[4].value == "Chả mực Hạ Long"]
    price = row[headers.index("Giá thấp nhất (đồng)")]
    assert (price.value, price.data_type, price.number_format) == (150000, "n", '#,##0 "₫"')
    shelf_life = row[headers.index("Hạn sử dụng (ngày)")]
    assert (shelf_life.value, shelf_life.number_format) == (180, "#,##0")
    assert sheet.freeze_panes == "A3"
    job = upload(officer, "products", _content(everything))
    assert job.status == ImportStatus.READY, job.problems
    assert (job.to_create, job.to_update, job.unchanged) == (0, 0, 2)

    searched = _sheet(export({"kind": "products", "q": "cha muc"}))
    assert [row[4] for row in list(searched[DATA_SHEET].values)[2:]] == ["Chả mực Hạ Long"]
    by_status = _sheet(export({"kind": "products", "status": "idea"}))
    assert [row[4] for row in list(by_status[DATA_SHEET].values)[2:]] == ["Trà hoa vàng"]
    by_commune = _sheet(export({"kind": "products", "commune": commune(6970).pk}))
    assert [row[4] for row in list(by_commune[DATA_SHEET].values)[2:]] == ["Trà hoa vàng"]


def test_archived_records_only_on_request(world, officer, client, export):
    from django.utils import timezone

    world["qn_other"].archived_at = timezone.now()
    world["qn_other"].save()
    client.force_login(officer)
    names = [row[1] for row in list(_sheet(export({"kind": "producers"}))[DATA_SHEET].values)[2:]]
    assert names == ["Hợp tác xã Trà hoa vàng Thử nghiệm"]
    response = export({"kind": "producers", "archived": "1", "q": "cha muc"})
    assert [row[1] for row in list(_sheet(response)[DATA_SHEET].values)[2:]] == ["Công ty Chả mực Thử nghiệm"]


def _cells(response, sheet_name: str) -> list[list]:
    """Every cell of a sheet as (value, data type): a formula would show data type "f"."""
    book = openpyxl.load_workbook(io.BytesIO(_content(response)))
    return [[(cell.value, cell.data_type) for cell in row] for row in book[sheet_name].iter_rows()]


def test_text_excel_cannot_store_or_that_looks_like_a_formula_never_breaks_the_export(world, officer, client, export):
    from tests import hostile

    maker = ProducerFactory(legal_name=hostile.FORMULA_TEXT, tax_code=tax_code(52), commune=commune(6688))
    ProductFactory(
        producer=maker, name_vi="Chả mực", description_vi=hostile.STORED_CONTROL_TEXT, ingredients="@SUM(1+1)"
    )
    client.force_login(officer)
    response = export({"kind": "products"})
    assert response.status_code == 200
    rows = _cells(response, DATA_SHEET)
    keys = [column.key for column in PRODUCT_COLUMNS]
    [row] = [row for row in rows[2:] if row[keys.index("name_vi")][0] == "Chả mực"]
    assert row[keys.index("producer_name")] == (hostile.FORMULA_TEXT, "s")
    assert row[keys.index("description_vi")] == ("Mô tả\ndòng hai hết", "s")
    assert row[keys.index("ingredients")] == ("@SUM(1+1)", "s")
    assert not any(data_type == "f" for row in rows for _value, data_type in row)
