"""A certificate comes only from a recorded decision that recognised the product at that star.

The one rule (services.issue.decision_check) behind the issue form, the API, the decision →
certificate hook and the demo loader. Given a product whose recorded decision says ★2 / not
recognised, when someone asks for a ★4 certificate, then it is refused naming the decision, and
nothing changes: no certificate, no star in the catalogue, the product's status as it was.
"""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from ocop.accounts.system import SystemCaller
from ocop.catalog.selectors import with_stars
from ocop.certificates.models import AuthorityLevel, Certificate, CertificateStatus, RevocationGround
from ocop.certificates.services import certificate_issue, certificate_issue_for_decision, certificate_revoke
from ocop.core.errors import DomainError
from ocop.core.models import AuditEvent
from ocop.products.models import Product, ProductStatus
from tests.certificates.conftest import decide, issue
from tests.factories import ProductFactory

REFUSAL = (
    "Trái với quyết định số 12/QĐ-UBND ngày 01/03/2026: sản phẩm được xếp hạng 2 sao và không được công nhận "
    "là sản phẩm OCOP, nên không cấp giấy chứng nhận 4 sao."
)


@pytest.fixture
def not_recognised(world, version, product, clock):
    """The product's recorded decision: 45 points, ★2, not recognised (01/03/2026)."""
    clock.set(date(2026, 3, 10))
    return decide(
        product=product,
        version=version,
        stars=2,
        total="45",
        decision_number="12/QĐ-UBND",
        decision_date=date(2026, 3, 1),
    )


def _nothing_changed(product) -> None:
    assert not Certificate.objects.filter(product=product).exists()
    assert Product.objects.get(pk=product.pk).status == ProductStatus.IN_PROGRAMME
    assert with_stars(Product.objects.filter(pk=product.pk)).get().current_stars is None
    assert not AuditEvent.objects.filter(action__startswith="certificate.").exists()


def _csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_form_refuses_a_star_the_decision_did_not_give(world, product, not_recognised):
    client = _csrf_client(world["users"]["provincial_officer"])
    page = client.get("/certificates/new/").content.decode()
    response = client.post(
        "/certificates/new/",
        {"csrfmiddlewaretoken": _token(page), "product": product.pk, "stars": 4, "decision_number": "12/QĐ-UBND"},
    )
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    _nothing_changed(product)


def test_form_names_the_recorded_decision_when_the_number_is_unknown(world, product, not_recognised):
    client = _csrf_client(world["users"]["provincial_officer"])
    page = client.get("/certificates/new/").content.decode()
    response = client.post(
        "/certificates/new/",
        {"csrfmiddlewaretoken": _token(page), "product": product.pk, "stars": 4, "decision_number": "999/QĐ-UBND"},
    )
    assert response.status_code == 200
    assert (
        "không có quyết định số 999/QĐ-UBND trong hệ thống. Quyết định đã ghi gần nhất: số 12/QĐ-UBND ngày "
        "01/03/2026, 2 sao, không được công nhận."
    ) in response.content.decode()
    _nothing_changed(product)


def test_form_has_no_authority_or_signer_to_type(world):
    client = _csrf_client(world["users"]["provincial_officer"])
    page = client.get("/certificates/new/").content.decode()
    for name in ("authority_name", "signer_name", "signer_title", "authority_level", "total", "criteria_version"):
        assert f'name="{name}"' not in page
    assert "KT. CHỦ TỊCH" not in page
    assert "ủy ban nhân dân quảng ninh" not in page.lower().replace("tỉnh ", "")


def test_api_refuses_the_same_way(world, client, product, not_recognised):
    client.force_login(world["users"]["provincial_officer"])
    response = client.post(
        "/api/v1/certificates/",
        {"product_id": product.pk, "stars": 4, "decision_number": "12/QĐ-UBND"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "refused",
        "detail": REFUSAL,
        "errors": [{"field": "stars", "message": REFUSAL, "code": "refused", "row": None}],
    }
    _nothing_changed(product)


def test_api_refuses_a_product_without_any_decision(world, client, product, clock):
    clock.set(date(2026, 3, 10))
    client.force_login(world["users"]["provincial_officer"])
    response = client.post(
        "/api/v1/certificates/",
        {"product_id": product.pk, "stars": 4, "decision_number": "12/QĐ-UBND"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "decision_number"
    assert "chưa có quyết định công nhận nào trong hệ thống" in response.json()["detail"]
    _nothing_changed(product)


def test_issue_copies_the_decision(world, client, version, product, clock):
    clock.set(date(2026, 3, 10))
    decide(
        product=product,
        version=version,
        stars=4,
        total="81.25",
        decision_number="15/QĐ-UBND",
        decision_date=date(2026, 3, 2),
        signer_name="Trần Văn Ký",
        signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    )
    client.force_login(world["users"]["provincial_officer"])
    response = client.post(
        "/api/v1/certificates/",
        {"product_id": product.pk, "stars": 4, "decision_number": "15/qđ-ubnd"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["authority_name"] == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert body["authority_level"] == "province"
    assert (body["signer_name"], body["signer_title"]) == ("Trần Văn Ký", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
    assert (body["decision_number"], body["decision_date"], body["total"]) == ("15/QĐ-UBND", "2026-03-02", "81.25")
    assert body["is_historical"] is False
    certificate = Certificate.objects.get(pk=body["id"])
    assert certificate.evaluation_decision.number == "15/QĐ-UBND"
    assert body["decision_id"] == certificate.evaluation_decision_id
    assert Product.objects.get(pk=product.pk).status == ProductStatus.CERTIFIED


def test_stars_must_be_the_decisions(world, version, product, clock):
    clock.set(date(2026, 3, 10))
    decision = decide(product=product, version=version, stars=3, decision_date=date(2026, 3, 1))
    with pytest.raises(DomainError) as refused:
        certificate_issue(actor=world["users"]["provincial_officer"], decision=decision, stars=4)
    assert refused.value.message == (
        "Trái với quyết định số 1234/QĐ-UBND ngày 01/03/2026: sản phẩm được công nhận 3 sao, không phải 4 sao."
    )
    assert not Certificate.objects.exists()


def test_the_authority_must_be_the_tables(world, version, product, clock):
    """QĐ 1489 (from 1/7/2025): ★5 is recognised by the centre, not the province."""
    clock.set(date(2026, 3, 10))
    decision = decide(product=product, version=version, stars=5, level=AuthorityLevel.PROVINCE)
    with pytest.raises(DomainError) as refused:
        certificate_issue_for_decision(decision)
    assert "ghi cấp công nhận “Cấp tỉnh”" in refused.value.message
    assert "hạng 5 sao do cấp “Trung ương” công nhận" in refused.value.message
    assert not Certificate.objects.exists()


def test_one_certificate_per_decision(world, version, product, clock):
    clock.set(date(2026, 3, 10))
    decision = decide(product=product, version=version, stars=4)
    first = certificate_issue_for_decision(decision)
    with pytest.raises(DomainError) as refused:
        certificate_issue(actor=world["users"]["provincial_officer"], decision=decision)
    assert refused.value.message == (
        f"Quyết định số 1234/QĐ-UBND ngày 15/01/2026 đã có giấy chứng nhận số {first.number}."
    )
    assert Certificate.objects.count() == 1


def test_hook_issues_nothing_for_a_decision_that_recognises_nothing(not_recognised, product):
    assert certificate_issue_for_decision(not_recognised) is None
    _nothing_changed(product)


@pytest.mark.parametrize(
    ("stars", "decided", "expected"),
    [
        (5, date(2026, 1, 15), "Bộ Nông nghiệp và Môi trường"),
        (4, date(2024, 6, 1), "Ủy ban nhân dân tỉnh Quảng Ninh"),
        (3, date(2024, 6, 1), "Ủy ban nhân dân huyện Ba Chẽ"),
        (3, date(2026, 1, 15), "Ủy ban nhân dân tỉnh Quảng Ninh"),
    ],
)
def test_authority_name_follows_the_table_with_its_capitalisation(version, product, stars, decided, expected):
    certificate = issue(product=product, version=version, stars=stars, decision_date=decided)
    assert certificate.authority_name == expected


def test_district_decision_needs_the_old_district(world, version, clock):
    clock.set(date(2026, 3, 10))
    product = ProductFactory(producer=world["qn"])
    world["qn"].historical_district = None
    world["qn"].save(update_fields=["historical_district"])
    with pytest.raises(DomainError) as refused:
        issue(product=product, version=version, stars=3, decision_date=date(2024, 6, 1))
    assert "hãy ghi huyện (trước 7/2025) của chủ thể" in refused.value.message
    assert not Certificate.objects.exists()


def test_superseded_chain_through_decisions(world, version, product, clock):
    clock.set(date(2026, 3, 10))
    first = issue(product=product, version=version, stars=3, decision_date=date(2025, 8, 1), decision_number="1/QĐ")
    second = issue(product=product, version=version, stars=4, decision_date=date(2026, 1, 15), decision_number="2/QĐ")
    first.refresh_from_db()
    assert (first.status, second.supersedes_id) == (CertificateStatus.SUPERSEDED, first.pk)
    assert Product.objects.get(pk=product.pk).status == ProductStatus.CERTIFIED


# --- actor=None is the system, allowed only for a named system caller ------------------------------


def test_the_system_without_a_named_caller_is_refused(world, version, product, clock):
    """Given a ★4 recognition decision, when the system (actor=None) issues without naming itself,
    then it is refused and nothing changes; named as the decision flow, it issues."""
    clock.set(date(2026, 3, 10))
    decision = decide(product=product, version=version, stars=4)
    with pytest.raises(PermissionDenied):
        certificate_issue(actor=None, decision=decision)
    _nothing_changed(product)
    certificate = certificate_issue(actor=None, decision=decision, system=SystemCaller.DECISION)
    assert (certificate.stars, certificate.issued_by) == (4, None)
    assert AuditEvent.objects.get(action="certificate.issue").actor is None


def test_the_decision_flow_names_itself_as_the_system(world, version, product, clock):
    """certificate_issue_for_decision (the DECISION_RECORDED receiver) issues as SystemCaller.DECISION."""
    clock.set(date(2026, 3, 10))
    certificate = certificate_issue_for_decision(decide(product=product, version=version, stars=4))
    assert certificate is not None
    assert certificate.status == CertificateStatus.VALID


def test_revoking_as_the_system_needs_a_named_caller(world, version, product, clock):
    clock.set(date(2026, 3, 10))
    certificate = issue(product=product, version=version, stars=4)
    ground = RevocationGround.objects.get(code="other")
    with pytest.raises(PermissionDenied):
        certificate_revoke(actor=None, certificate=certificate, ground=ground, reason="Thử")
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.VALID
    certificate_revoke(actor=None, certificate=certificate, ground=ground, reason="Thử", system=SystemCaller.DEMO)
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.REVOKED


def test_historical_record_as_the_system_needs_a_named_caller(world, version, product, clock):
    from ocop.certificates.services import certificate_record_historical

    clock.set(date(2026, 3, 10))
    with pytest.raises(PermissionDenied):
        certificate_record_historical(
            actor=None,
            product=product,
            stars=3,
            criteria_version=version,
            number="QN-9-2024",
            decision_number="9/QĐ-UBND",
            decision_date=date(2024, 9, 10),
            signer_name="Hoàng Văn Tuấn",
            require_document=False,
        )
    _nothing_changed(product)
