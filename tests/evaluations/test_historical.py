"""Historical results from Excel: validated, previewed, written only on confirmation."""

import datetime
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.evaluations.historical import COLUMNS
from ocop.evaluations.models import Decision, Dossier
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def workbook(rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([c.header_vi for c in COLUMNS])
    sheet.append([c.header_en for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("ket-qua-cu.xlsx", buffer.getvalue())


def test_past_results_are_previewed_then_written_with_a_null_product_set_for_qd1048(client, people, world, tea_set):
    ProductFactory(producer=world["qn"], name_vi="Miến dong thử nghiệm")
    ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng lịch sử", product_set=tea_set)
    client.force_login(people["provincial_officer"])
    upload = workbook(
        [
            ["Miến dong thử nghiệm", "", 2020, "QĐ 1048", "", 72.5, 4, "123/QĐ-UBND", datetime.datetime(2020, 12, 15)],
            ["Trà hoa vàng lịch sử", "", 2024, "148", 12, 66, 3, "45/QĐ-UBND", "20/05/2024"],
        ]
    )
    job = client.post("/api/v1/evaluations/historical-imports", {"file": upload}).json()
    assert (job["status"], job["problems"]) == ("ready", [])
    assert [(r["product"], r["version"], r["total"], r["stars"]) for r in job["rows"]] == [
        ("Miến dong thử nghiệm", "QD1048", "72.50", 4),
        ("Trà hoa vàng lịch sử", "QD148", "66.00", 3),
    ]
    assert Decision.objects.count() == 0
    done = client.post(f"/api/v1/evaluations/historical-imports/{job['id']}/confirm").json()
    assert (done["status"], done["applied_count"]) == ("done", 2)
    decisions = {d.number: d for d in Decision.objects.select_related("dossier")}
    assert decisions["123/QĐ-UBND"].product_set_id is None
    assert decisions["123/QĐ-UBND"].authority == "province"
    assert decisions["45/QĐ-UBND"].authority == "district"  # QĐ 148 before July 2025: the district recognised ★3
    assert [(d.dossier.is_historical, d.dossier.status) for d in decisions.values()] == [(True, "decided")] * len(
        decisions
    )
    again = client.post(f"/api/v1/evaluations/historical-imports/{job['id']}/confirm")
    assert again.status_code == 400
    assert Decision.objects.count() == 2


def test_bad_rows_are_explained_and_nothing_is_written(client, people, world):
    ProductFactory(producer=world["qn"], name_vi="Miến dong thử nghiệm")
    client.force_login(people["provincial_officer"])
    upload = workbook(
        [
            ["Không có sản phẩm này", "", 2020, "QĐ 1048", "", 72, 4, "1/QĐ", "15/12/2020"],
            ["Miến dong thử nghiệm", "", 2020, "QĐ 1048", "", 60, 4, "2/QĐ", "15/12/2020"],
            ["Miến dong thử nghiệm", "", 2024, "QĐ 1048", "", 60, 3, "3/QĐ", "15/12/2024"],
        ]
    )
    job = client.post("/api/v1/evaluations/historical-imports", {"file": upload}).json()
    assert job["status"] == "invalid"
    assert [(p["row"], p["column"], p["message_vi"]) for p in job["problems"]] == [
        (3, "Sản phẩm", "Không tìm thấy sản phẩm này trong tỉnh."),
        (4, "Hạng sao", "Hạng sao phải từ 1 đến 5 và không cao hơn hạng theo tổng điểm (3 sao)."),
        (5, "Ngày quyết định", "Ngày quyết định nằm ngoài thời gian hiệu lực của bộ tiêu chí này."),
    ]
    refused = client.post(f"/api/v1/evaluations/historical-imports/{job['id']}/confirm")
    assert refused.status_code == 400
    assert Dossier.objects.count() == 0
    assert (
        client.post("/api/v1/evaluations/historical-imports", {"file": SimpleUploadedFile("a.csv", b"a,b")}).json()[
            "status"
        ]
        == "invalid"
    )


def test_only_provincial_officers_import(client, people):
    client.force_login(people["commune_officer"])
    assert client.post("/api/v1/evaluations/historical-imports", {"file": workbook([])}).status_code == 403
