"""The register (pages, Excel, API) with filters, and one walk of every role over every endpoint."""

from datetime import date
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from ocop.certificates.codes import make_code
from ocop.certificates.models import AuthorityLevel, Certificate, CertificateStatus, RevocationGround
from ocop.certificates.services import certificate_revoke
from tests.certificates.conftest import decide, issue
from tests.factories import WORLD_ROLES, ProductFactory
from tests.jobs_helpers import export_through_job

ROLES = [None, *WORLD_ROLES]
SEES_BA_CHE = {"producer", "commune_officer", "provincial_officer", "council_member", "central_officer", "admin"}
ISSUES = {"provincial_officer", "other_provincial_officer", "central_officer", "admin"}
REVOKES_PROVINCE_4 = {"provincial_officer", "admin"}


@pytest.fixture
def register(world, version, clock):
    """Five certificates in Quảng Ninh and one in Lào Cai, as of 10/03/2026."""
    clock.set(date(2026, 3, 10))
    officer = world["users"]["provincial_officer"]
    ba_che = world["qn"]
    ha_long = world["qn_other"]
    made = {
        "tea": issue(
            officer,
            product=ProductFactory(producer=ba_che, name_vi="Trà hoa vàng"),
            version=version,
            stars=4,
            decision_date=date(2026, 1, 15),
        ),
        "wine": issue(
            officer,
            product=ProductFactory(producer=ba_che, name_vi="Rượu ba kích"),
            version=version,
            stars=3,
            decision_date=date(2023, 3, 20),
        ),  # last day 19/03/2026: expiring in 9 days
        "old": issue(
            officer,
            product=ProductFactory(producer=ha_long, name_vi="Chả mực"),
            version=version,
            stars=3,
            decision_date=date(2022, 5, 1),
            number="22-193-0011-2022",
        ),  # expired
        "pearl": issue(
            world["users"]["central_officer"],
            product=ProductFactory(producer=ha_long, name_vi="Ngọc trai"),
            version=version,
            stars=5,
            level=AuthorityLevel.CENTRAL,
            decision_date=date(2025, 10, 2),
            authority_name="Bộ Nông nghiệp và Môi trường",
        ),
        "lc": issue(
            world["users"]["other_provincial_officer"],
            product=ProductFactory(producer=world["lc"]),
            version=version,
            stars=4,
            decision_date=date(2025, 12, 1),
            authority_name="Ủy ban nhân dân tỉnh Lào Cai",
        ),
    }
    made["sauce"] = issue(
        officer,
        product=ProductFactory(producer=ha_long, name_vi="Nước mắm"),
        version=version,
        stars=3,
        decision_date=date(2025, 6, 1),
    )
    certificate_revoke(
        actor=officer, certificate=made["sauce"], ground=RevocationGround.objects.get(code="other"), reason="Thử nghiệm"
    )
    return made


def _numbers(response):
    return {row["number"] for row in response.json()["items"]}


def test_register_filters_in_the_api(client, world, register):
    client.force_login(world["users"]["provincial_officer"])
    api = "/api/v1/certificates/"
    everything = _numbers(client.get(api))
    assert everything == {c.number for key, c in register.items() if key != "lc"}
    assert _numbers(client.get(api, {"stars": 3})) == {register[k].number for k in ("wine", "old", "sauce")}
    assert _numbers(client.get(api, {"status": "valid"})) == {register[k].number for k in ("tea", "wine", "pearl")}
    assert _numbers(client.get(api, {"status": "expired"})) == {register["old"].number}
    assert _numbers(client.get(api, {"status": "revoked"})) == {register["sauce"].number}
    assert _numbers(client.get(api, {"commune_id": world["qn"].commune_id})) == {
        register["tea"].number,
        register["wine"].number,
    }
    assert _numbers(client.get(api, {"year": 2025})) == {register["pearl"].number, register["sauce"].number}
    assert _numbers(client.get(api, {"expiring_within": 30})) == {register["wine"].number}
    assert _numbers(client.get(api, {"q": "cha muc"})) == {register[k].number for k in ("old", "pearl", "sauce")}
    assert _numbers(client.get(api, {"q": "22-193-0011"})) == {register["old"].number}
    item = client.get(f"{api}{register['old'].pk}").json()
    assert item["status"] == "expired"
    assert item["is_historical"] is True
    assert item["code"] == make_code(register["old"].pk)


def test_register_page_and_excel_export(client, world, register, django_capture_on_commit_callbacks):
    client.force_login(world["users"]["provincial_officer"])
    page = client.get("/certificates/", {"stars": 3, "status": "valid"}).content.decode()
    assert register["wine"].number in page
    assert register["tea"].number not in page
    response = export_through_job(
        client, django_capture_on_commit_callbacks, "/certificates/export.xlsx", {"expiring": 30}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="so-giay-chung-nhan-ocop-{timezone.localdate():%Y%m%d}.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Số giấy chứng nhận / Number"
    assert len(rows) == 2
    assert rows[1][0] == register["wine"].number
    assert rows[1][1] == "Rượu ba kích"
    assert rows[1][5] == 3
    assert rows[1][12].date() == date(2026, 3, 19)
    assert rows[1][13] == "Còn hiệu lực"


def test_register_workbook_holds_dates_and_scores_as_values(
    client, world, register, django_capture_on_commit_callbacks
):
    # Given the register filtered to the certificate expiring within 30 days, exported,
    client.force_login(world["users"]["provincial_officer"])
    response = export_through_job(
        client, django_capture_on_commit_callbacks, "/certificates/export.xlsx", {"expiring": 30}
    )
    sheet = load_workbook(BytesIO(response.body)).active
    # then its dates are date cells shown dd/mm/yyyy, its stars a number,
    valid_until = sheet["M2"]
    assert (valid_until.is_date, valid_until.number_format) == (True, "DD/MM/YYYY")
    assert sheet["J2"].is_date is True
    assert (sheet["F2"].value, sheet["F2"].data_type) == (3, "n")
    assert (sheet["G2"].value, sheet["G2"].data_type, sheet["G2"].number_format) == (60, "n", "#,##0.00")
    # the header row is bold on its fill and frozen, the columns sized for what they hold.
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b is True
    assert sheet["A1"].fill.fgColor.rgb == "FFF4EFE9"
    assert sheet.column_dimensions["A"].width == 22
    assert sheet.column_dimensions["C"].width == 36


def test_issue_through_the_api_and_the_form(client, world, version, clock):
    clock.set(date(2026, 3, 10))
    product = ProductFactory(producer=world["qn"])
    decide(product=product, version=version, stars=4, decision_number="12/QĐ-UBND", decision_date=date(2026, 3, 1))
    client.force_login(world["users"]["provincial_officer"])
    payload = {"product_id": product.pk, "stars": 3, "decision_number": "12/QĐ-UBND"}
    refused = client.post("/api/v1/certificates/", payload, content_type="application/json")
    assert refused.status_code == 400
    assert [error["field"] for error in refused.json()["errors"]] == ["stars"]
    assert not Certificate.objects.exists()
    created = client.post("/api/v1/certificates/", {**payload, "stars": 4}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["number"] == "22-6970-0001-2026"
    assert created.json()["valid_until"] == "2029-02-28"
    other = ProductFactory(producer=world["qn"])
    decide(product=other, version=version, stars=3, decision_number="13/QĐ-UBND", decision_date=date(2026, 3, 2))
    form = {"product": other.pk, "stars": 3, "decision_number": "13/QĐ-UBND", "valid_from": ""}
    response = client.post("/certificates/new/", form)
    certificate = Certificate.objects.get(product=other)
    assert response.status_code == 302
    assert response["Location"] == f"/certificates/{certificate.pk}/"
    assert certificate.number == "22-6970-0002-2026"
    third = ProductFactory(producer=world["qn"])
    decide(product=third, version=version, stars=4, decision_number="14/QĐ-UBND", decision_date=date(2026, 3, 2))
    bad = client.post("/certificates/new/", {**form, "product": third.pk, "stars": 5, "decision_number": "14/QĐ-UBND"})
    assert bad.status_code == 200
    assert "sản phẩm được công nhận 4 sao, không phải 5 sao" in bad.content.decode()
    assert not Certificate.objects.filter(product=third).exists()


def _expected_view(role, visible_code=200):
    if role is None:
        return 302
    return visible_code if role in SEES_BA_CHE else 404


@pytest.mark.parametrize("role", ROLES)
def test_every_role_over_every_endpoint(client, world, version, role, django_capture_on_commit_callbacks):
    certificate = issue(
        world["users"]["provincial_officer"], product=ProductFactory(producer=world["qn"]), version=version, stars=4
    )
    user = world["users"][role] if role else None
    if user:
        client.force_login(user)
    pk = certificate.pk
    checks = {
        f"/certificates/{pk}/": _expected_view(role),
        f"/certificates/{pk}/pdf/": _expected_view(role),
        f"/certificates/{pk}/stamps/?count=2": _expected_view(role),
        f"/certificates/{pk}/renewal/": _expected_view(role),
        "/certificates/": 302 if role is None else 200,
        "/certificates/export.xlsx": 302 if role is None else 200,
        "/certificates/new/": 302 if role is None else (200 if role in ISSUES else 403),
    }
    for url, expected in checks.items():
        assert client.get(url).status_code == expected, (role, url)
    listed = client.get("/certificates/").content.decode() if user else ""
    assert (certificate.number in listed) == (role in SEES_BA_CHE)

    api_get = client.get(f"/api/v1/certificates/{pk}")
    assert api_get.status_code == (401 if role is None else (200 if role in SEES_BA_CHE else 404)), role
    api_list = client.get("/api/v1/certificates/")
    assert api_list.status_code == (401 if role is None else 200)
    assert client.get(f"/api/v1/certificates/verify/{make_code(pk)}").status_code == 200
    assert client.get(f"/v/{make_code(pk)}").status_code == 200

    ground = RevocationGround.objects.get(code="other")
    api_revoke = client.post(
        f"/api/v1/certificates/{pk}/revoke", {"ground": "other", "reason": "Thử"}, content_type="application/json"
    )
    if role is None:
        assert api_revoke.status_code == 401
    elif role not in SEES_BA_CHE:
        assert api_revoke.status_code == 404
    elif role in REVOKES_PROVINCE_4:
        assert api_revoke.status_code == 200
        assert Certificate.objects.get(pk=pk).status == CertificateStatus.REVOKED
        return
    else:
        assert api_revoke.status_code == 403
    page_revoke = client.post(f"/certificates/{pk}/revoke/", {"ground": ground.pk, "reason": "Thử"})
    assert page_revoke.status_code == (302 if role is None else (403 if role in SEES_BA_CHE else 404))
    assert Certificate.objects.get(pk=pk).status == CertificateStatus.VALID


def test_register_export_writes_user_text_as_text(client, world, register, django_capture_on_commit_callbacks):
    from tests import hostile

    product = register["wine"].product
    product.name_vi = hostile.FORMULA_TEXT
    product.save(update_fields=["name_vi"])
    producer = register["wine"].producer
    producer.legal_name = hostile.STORED_CONTROL_TEXT
    producer.save(update_fields=["legal_name"])
    client.force_login(world["users"]["provincial_officer"])
    response = export_through_job(
        client, django_capture_on_commit_callbacks, "/certificates/export.xlsx", {"expiring": 30}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.body)).active
    assert (sheet["B2"].value, sheet["B2"].data_type) == (hostile.FORMULA_TEXT, "s")
    assert (sheet["C2"].value, sheet["C2"].data_type) == ("Mô tả\ndòng hai hết", "s")
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
