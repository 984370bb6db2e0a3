"""Importing historical (paper) certificates with the registry's import framework.

Given a file of paper certificates, when an officer uploads it, then every problem is listed by row
and column in both languages and nothing is written; a clean file previews what it will create and
writes every row in one transaction on confirmation, each a "historical record".
"""

from datetime import date

import pytest

from ocop.certificates.models import AuthorityLevel, Certificate, CertificateStatus
from ocop.certificates.reference import reference_data_load
from ocop.core.models import AuditEvent
from ocop.imports.models import ImportStatus
from ocop.products.models import Product, ProductStatus
from tests.certificates.conftest import decide
from tests.factories import ProductFactory
from tests.imports.builders import gtin13, tax_code, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(world):
    return world["users"]["provincial_officer"]


@pytest.fixture
def products(world, version, clock):
    clock.set(date(2026, 3, 10))
    reference_data_load()
    world["qn"].tax_code = tax_code(31)
    world["qn"].save(update_fields=["tax_code"])
    return {
        "tea": ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng Ba Chẽ", gtin=gtin13(5)),
        "wine": ProductFactory(producer=world["qn"], name_vi="Rượu ba kích"),
        "squid": ProductFactory(producer=world["qn_other"], name_vi="Chả mực"),
    }


def row(**values):
    base = {
        "number": "QN-0001-2024",
        "stars": 3,
        "criteria_version": "QĐ 148/QĐ-TTg",
        "total": 64,
        "decision_number": "958/QĐ-UBND",
        "decision_date": "10/09/2024",
        "signer_name": "Hoàng Văn Tuấn",
        "signer_title": "CHỦ TỊCH",
    }
    base.update(values)
    return base


def _problems(job):
    return [(p["row"], p["column"], p["message_vi"], p["message_en"]) for p in job.problems]


def test_clean_file_previews_then_writes_in_one_go(world, officer, products, upload, confirm):
    rows = [
        row(gtin=gtin13(5)),
        row(
            number="QN-0002-2025",
            producer_tax_code=tax_code(31),
            product_name="rượu ba kích",
            stars=4,
            total="78,5",
            decision_number="3105/QĐ-UBND",
            decision_date="05/03/2025",
            signer_name="Nghiêm Xuân Cường",
            signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        ),
        row(
            number="QN-0003-2021",
            producer_name="Công ty Chả mực Thử nghiệm",
            product_name="Chả mực",
            criteria_version="1048",
            decision_number="12/QĐ-UBND",
            decision_date="01/06/2021",
        ),
    ]
    job = upload(officer, "certificates", xlsx("certificates", rows))
    assert job.status == ImportStatus.READY, job.problems
    assert (job.to_create, job.to_update, job.problem_count) == (3, 0, 0)
    assert [entry["label"] for entry in job.preview["create"]] == [
        "QN-0001-2024 – Trà hoa vàng Ba Chẽ ★3",
        "QN-0002-2025 – Rượu ba kích ★4",
        "QN-0003-2021 – Chả mực ★3",
    ]
    assert not Certificate.objects.exists()

    job = confirm(officer, job)
    assert job.status == ImportStatus.DONE, (job.message_vi, job.problems)
    assert job.applied_created == 3
    tea, wine, squid = (Certificate.objects.get(number=n) for n in ("QN-0001-2024", "QN-0002-2025", "QN-0003-2021"))
    assert [(c.is_historical, bool(c.decision_document)) for c in (tea, wine, squid)] == [(True, False)] * 3
    assert (tea.authority_level, tea.authority_name) == (AuthorityLevel.DISTRICT, "Ủy ban nhân dân huyện Ba Chẽ")
    assert (wine.authority_level, wine.authority_name) == (AuthorityLevel.PROVINCE, "Ủy ban nhân dân tỉnh Quảng Ninh")
    assert str(wine.total) == "78.50"
    assert squid.criteria_version.code == "QD1048"
    assert squid.status == CertificateStatus.EXPIRED
    assert Product.objects.get(pk=products["tea"].pk).status == ProductStatus.CERTIFIED
    assert Product.objects.get(pk=products["squid"].pk).status == ProductStatus.EXPIRED
    sources = AuditEvent.objects.filter(action="certificate.record_historical").values_list("after", flat=True)
    assert sorted(after["source"] for after in sources) == [f"import_job #{job.pk}, row {n}" for n in (3, 4, 5)]

    again = upload(officer, "certificates", xlsx("certificates", rows))
    assert (again.status, again.to_create, again.unchanged) == (ImportStatus.READY, 0, 3)


def test_every_problem_by_row_and_column_and_nothing_written(world, officer, version, products, upload):
    decide(
        product=products["wine"],
        version=version,
        stars=2,
        total="45",
        decision_number="77/QĐ-UBND",
        decision_date=date(2025, 3, 5),
    )
    rows = [
        row(gtin=gtin13(5), stars=6),
        row(number="QN-2", producer_tax_code=tax_code(31), product_name="Không có", decision_number="1/QĐ"),
        row(number="QN-3", producer_tax_code=tax_code(31), product_name="Rượu ba kích", stars=4, total=60),
        row(
            number="QN-4",
            producer_tax_code=tax_code(31),
            product_name="Rượu ba kích",
            stars=4,
            total=80,
            decision_number="77/QĐ-UBND",
            decision_date="05/03/2025",
        ),
        row(number="QN-5", gtin=gtin13(5), decision_date="31/02/2024"),
        row(number="QN-6", gtin=gtin13(5), criteria_version="QĐ 1048/QĐ-TTg", decision_date="01/06/2024"),
        row(number="QN-6", gtin=gtin13(5), decision_number="2/QĐ"),
        row(number="QN-8", gtin=gtin13(5), stars=5, total=95, decision_number="8/QĐ", decision_date="01/10/2025"),
    ]
    job = upload(officer, "certificates", xlsx("certificates", rows))
    assert job.status == ImportStatus.INVALID
    found = {(r, c): (vi, en) for r, c, vi, en in _problems(job)}
    assert found[(3, "Hạng sao")][1] == "Must be between 3 and 5."
    assert found[(4, "Tên sản phẩm")][0] == (
        "Không tìm thấy sản phẩm “Không có” của chủ thể này trong tỉnh; hãy nhập sản phẩm trước."
    )
    assert found[(5, "Tổng điểm")][0] == "Tổng điểm 60.00 không đủ cho hạng 4 sao."
    assert found[(6, "Hạng sao")] == (
        "Trái với quyết định số 77/QĐ-UBND ngày 05/03/2025 đã có trong hệ thống: sản phẩm được xếp hạng 2 sao và "
        "không được công nhận.",
        "Contradicts decision no. 77/QĐ-UBND of 05/03/2025 already in the system: the product was rated 2 stars "
        "and not recognised.",
    )
    assert found[(7, "Ngày quyết định")][0] == (
        "Ngày 31/02/2024 không tồn tại (tháng 2 không có ngày 31, hoặc tháng sai)."
    )
    assert "Không có quy định về cấp công nhận" in found[(8, "Ngày quyết định")][0]
    assert found[(9, "Số giấy chứng nhận")][0] == "Trùng dòng 8: số giấy chứng nhận QN-6 xuất hiện hai lần trong tệp."
    # A provincial officer does not record a ★5: the centre does (IssuingRule).
    assert found[(10, "Hạng sao")] == (
        "Vai trò của bạn không được cấp giấy chứng nhận 5 sao ở cấp này.",
        "Your role may not issue a 5-star certificate at this level.",
    )
    assert len(found) == 8
    assert job.to_create == 0
    assert not Certificate.objects.exists()


def test_template_and_no_export(world, officer, client):
    client.force_login(officer)
    response = client.get("/imports/template/certificates.xlsx")
    assert response.status_code == 200
    assert "giay-chung-nhan-lich-su" in response["Content-Disposition"]
    assert client.get("/imports/export.xlsx", {"kind": "certificates"}).status_code == 400
    assert client.get("/api/v1/imports/export/certificates").status_code == 404
