"""Historical records: paper certificates entered with their scanned decision, marked and checked.

Given a paper certificate issued before the platform, when an officer records it with the scan of
its decision, then it is stored as a "historical record" (Hồ sơ lịch sử), shown so on the register
and the public pages, and refused (nothing written) when it contradicts a decision in the system.
"""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ocop.accounts.system import SystemCaller
from ocop.certificates.codes import make_code
from ocop.certificates.models import AuthorityLevel, Certificate, CertificateStatus
from ocop.certificates.services import certificate_attach_decision_document
from ocop.core.errors import DomainError
from ocop.core.models import AuditEvent
from ocop.evaluations.models import Decision
from ocop.products.models import Product, ProductStatus
from tests.certificates.conftest import SCAN, decide

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _scan(content=SCAN, name="quyet-dinh-958.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _form(product, version, **changes):
    return {
        "product": product.pk,
        "number": "QN-0958-2024",
        "stars": 3,
        "criteria_version": version.pk,
        "total": "64",
        "decision_number": "958/QĐ-UBND",
        "decision_date": "2024-09-10",
        "signer_name": "Hoàng Văn Tuấn",
        "signer_title": "CHỦ TỊCH",
        "valid_from": "",
        "decision_document": _scan(),
        **changes,
    }


@pytest.fixture
def officer_client(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["provincial_officer"])
    return client


def _post(client, data):
    page = client.get("/certificates/historical/new/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return client.post("/certificates/historical/new/", {"csrfmiddlewaretoken": token, **data})


def test_recorded_with_its_scan_and_marked_everywhere(world, officer_client, client, version, product, clock):
    clock.set(date(2026, 3, 10))
    response = _post(officer_client, _form(product, version))
    certificate = Certificate.objects.get(product=product)
    assert response.status_code == 302
    assert response["Location"] == f"/certificates/{certificate.pk}/"
    assert certificate.is_historical
    assert certificate.number == "QN-0958-2024"
    assert certificate.status == CertificateStatus.VALID
    # QĐ 148 before 1/7/2025: ★3 is recognised by the district (the authority table), named from the old district.
    assert certificate.authority_level == AuthorityLevel.DISTRICT
    assert certificate.authority_name == "Ủy ban nhân dân huyện Ba Chẽ"
    assert (certificate.signer_name, certificate.signer_title) == ("Hoàng Văn Tuấn", "CHỦ TỊCH")
    assert certificate.decision_document.read() == SCAN
    assert certificate.evaluation_decision is None
    assert Product.objects.get(pk=product.pk).status == ProductStatus.CERTIFIED
    assert AuditEvent.objects.filter(action="certificate.record_historical", target_id=str(certificate.pk)).exists()

    register = officer_client.get("/certificates/").content.decode()
    assert "Hồ sơ lịch sử" in register
    detail = officer_client.get(f"/certificates/{certificate.pk}/").content.decode()
    assert "Hồ sơ lịch sử" in detail
    assert "bản quét quyết định" in detail
    assert officer_client.get(f"/certificates/{certificate.pk}/decision-document/").getvalue() == SCAN
    public = client.get(f"/v/{make_code(certificate.pk)}").content.decode()
    assert "Hồ sơ lịch sử" in public
    english = client.get(f"/v/{make_code(certificate.pk)}?lang=en")
    assert "Historical record" in english.content.decode()
    verified = client.get(f"/api/v1/certificates/verify/{make_code(certificate.pk)}").json()
    assert verified["is_historical"] is True


def test_a_certificate_from_a_decision_is_not_marked(world, officer_client, version, product, clock):
    clock.set(date(2026, 3, 10))
    decide(product=product, version=version, stars=4)
    page = officer_client.get("/certificates/new/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    officer_client.post(
        "/certificates/new/",
        {"csrfmiddlewaretoken": token, "product": product.pk, "stars": 4, "decision_number": "1234/QĐ-UBND"},
    )
    certificate = Certificate.objects.get(product=product)
    assert not certificate.is_historical
    assert "Hồ sơ lịch sử" not in officer_client.get("/certificates/").content.decode()


def _refused(product) -> None:
    assert not Certificate.objects.filter(product=product).exists()
    assert Product.objects.get(pk=product.pk).status == ProductStatus.IN_PROGRAMME
    assert not AuditEvent.objects.filter(action__startswith="certificate.").exists()


def test_refused_when_a_decision_with_that_number_says_otherwise(officer_client, version, product, clock):
    clock.set(date(2026, 3, 10))
    decide(
        product=product,
        version=version,
        stars=2,
        total="45",
        decision_number="958/QĐ-UBND",
        decision_date=date(2024, 9, 10),
    )
    response = _post(officer_client, _form(product, version))
    assert response.status_code == 200
    assert (
        "Trái với quyết định số 958/QĐ-UBND ngày 10/09/2024 đã có trong hệ thống: sản phẩm được xếp hạng 2 sao "
        "và không được công nhận."
    ) in response.content.decode()
    _refused(product)


def test_refused_when_a_decision_of_the_same_day_gives_other_stars(officer_client, version, product, clock):
    clock.set(date(2026, 3, 10))
    decide(product=product, version=version, stars=4, decision_number="77/QĐ-UBND", decision_date=date(2024, 9, 10))
    response = _post(officer_client, _form(product, version))
    assert (
        "Trái với quyết định số 77/QĐ-UBND ngày 10/09/2024 đã có trong hệ thống: sản phẩm được công nhận 4 sao."
    ) in response.content.decode()
    _refused(product)


def test_refused_after_an_evaluation_on_the_platform(officer_client, version, product, clock):
    clock.set(date(2026, 3, 10))
    decision = decide(product=product, version=version, stars=2, total="40", decision_date=date(2025, 12, 1))
    Decision.objects.filter(pk=decision.pk).update(is_historical=False)  # decided through the platform's council
    response = _post(officer_client, _form(product, version, decision_date="2026-01-10", number="QN-1-2026"))
    assert (
        "Sản phẩm đã được đánh giá trên hệ thống (quyết định số 1234/QĐ-UBND ngày 01/12/2025, 2 sao)"
    ) in response.content.decode()
    _refused(product)


def test_the_matching_decision_is_linked(version, product, clock, world):
    from ocop.certificates.services import certificate_record_historical

    clock.set(date(2026, 3, 10))
    decision = decide(
        product=product, version=version, stars=3, decision_number="958/QĐ-UBND", decision_date=date(2024, 9, 10)
    )
    certificate = certificate_record_historical(
        actor=world["users"]["provincial_officer"],
        product=product,
        stars=3,
        criteria_version=version,
        number="QN-0958-2024",
        decision_number="958/qđ-ubnd",
        decision_date=date(2024, 9, 10),
        signer_name="Hoàng Văn Tuấn",
        decision_document=_scan(),
    )
    assert certificate.evaluation_decision == decision
    assert certificate.is_historical


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"decision_document": ""}, "This field is required"),
        ({"decision_document": _scan(b"hello", "x.pdf")}, "Bản quét phải là tệp PDF, JPEG hoặc PNG"),
        ({"stars": 4, "total": "64"}, "không đủ cho hạng 4 sao."),
        ({"decision_date": "2030-01-01"}, "Ngày quyết định không được ở tương lai."),
        ({"signer_name": ""}, "This field is required"),
    ],
)
def test_refused_input_writes_nothing(officer_client, version, product, clock, changes, message):
    clock.set(date(2026, 3, 10))
    data = _form(product, version, **changes)
    if data["decision_document"] == "":
        del data["decision_document"]
    response = _post(officer_client, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page or message.replace("This field is required", "Trường này là bắt buộc") in page
    _refused(product)


def test_api_records_a_historical_certificate(world, client, version, product, clock):
    clock.set(date(2026, 3, 10))
    client.force_login(world["users"]["provincial_officer"])
    data = {key: value for key, value in _form(product, version).items() if key not in ("product", "criteria_version")}
    data.pop("valid_from")
    data.pop("decision_document")
    response = client.post(
        "/api/v1/certificates/historical",
        {**data, "product_id": product.pk, "criteria_version": "QD148", "decision_document": _scan(PNG, "scan.png")},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["is_historical"] is True
    assert response.json()["has_decision_document"] is True
    missing = client.post(
        "/api/v1/certificates/historical",
        {**data, "number": "X-2", "product_id": product.pk, "criteria_version": "QD148"},
    )
    assert missing.status_code in (400, 422)
    assert Certificate.objects.count() == 1


def test_attach_the_scan_later(world, version, product, clock):
    from ocop.certificates.services import certificate_record_historical

    clock.set(date(2026, 3, 10))
    certificate = certificate_record_historical(
        actor=None,
        system=SystemCaller.DEMO,
        product=product,
        stars=3,
        criteria_version=version,
        number="QN-9-2024",
        decision_number="9/QĐ-UBND",
        decision_date=date(2024, 9, 10),
        signer_name="Hoàng Văn Tuấn",
        require_document=False,
    )
    assert not certificate.decision_document
    with pytest.raises(DomainError):
        certificate_attach_decision_document(
            actor=world["users"]["provincial_officer"], certificate=certificate, upload=_scan(b"GIF89a", "x.gif")
        )
    certificate_attach_decision_document(
        actor=world["users"]["provincial_officer"], certificate=certificate, upload=_scan()
    )
    certificate.refresh_from_db()
    assert certificate.decision_document.read() == SCAN


def test_an_imported_result_without_signer_gets_its_paper_certificate_as_a_historical_record(
    world, version, product, clock
):
    """A past result imported without its signer cannot print one: its paper certificate is linked to it instead."""
    from ocop.certificates.services import certificate_issue, certificate_record_historical

    clock.set(date(2026, 3, 10))
    decision = decide(
        product=product,
        version=version,
        stars=4,
        decision_number="31/QĐ-UBND",
        decision_date=date(2025, 9, 1),
        signer_name="",
    )
    assert decision.signer_name == "—"
    with pytest.raises(DomainError) as refused:
        certificate_issue(actor=world["users"]["provincial_officer"], decision=decision)
    assert "hãy ghi nhận giấy chứng nhận bản giấy của quyết định này là hồ sơ lịch sử" in refused.value.message
    assert not Certificate.objects.exists()
    certificate = certificate_record_historical(
        actor=world["users"]["provincial_officer"],
        product=product,
        stars=4,
        criteria_version=version,
        number="QN-31-2025",
        decision_number="31/QĐ-UBND",
        decision_date=date(2025, 9, 1),
        signer_name="Nghiêm Xuân Cường",
        signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        decision_document=_scan(),
    )
    assert certificate.evaluation_decision == decision
    assert (certificate.signer_name, certificate.authority_name) == (
        "Nghiêm Xuân Cường",
        "Ủy ban nhân dân tỉnh Quảng Ninh",
    )
