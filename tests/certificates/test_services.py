"""Issue, supersede, revoke: numbering, validity, authority as data, product status, audit."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ocop.certificates.models import AuthorityLevel, Certificate, CertificateStatus, NumberingScheme, RevocationGround
from ocop.certificates.selectors import (
    current_certificate,
    current_stars,
    prefetch_current_certificates,
    with_current_stars,
)
from ocop.certificates.services import add_months, certificate_revoke, validity_end
from ocop.core.errors import DomainError
from ocop.core.models import AuditEvent
from ocop.products.models import Product, ProductStatus
from tests.certificates.conftest import issue
from tests.factories import ProductFactory


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 36, date(2029, 1, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 2, 29), 36, date(2031, 2, 28)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 11, 30), -36, date(2023, 11, 30)),
    ],
)
def test_add_months_uses_calendar_months(start, months, expected):
    assert add_months(start, months) == expected


def test_validity_is_36_calendar_months_inclusive():
    assert validity_end(date(2026, 1, 15)) == date(2029, 1, 14)
    assert validity_end(date(2028, 2, 29)) == date(2031, 2, 27)
    assert validity_end(date(2026, 3, 1)) == date(2029, 2, 28)


def test_issue_numbers_certifies_and_audits(world, version, product):
    officer = world["users"]["provincial_officer"]
    certificate = issue(officer, product=product, version=version, stars=4, total=Decimal("78.5"))
    assert certificate.number == "22-6970-0001-2026"
    assert certificate.status == CertificateStatus.VALID
    assert certificate.producer_id == world["qn"].pk
    assert certificate.valid_from == date(2026, 1, 15)
    assert certificate.valid_until == date(2029, 1, 14)
    assert certificate.issued_by == officer
    assert Product.objects.get(pk=product.pk).status == ProductStatus.CERTIFIED
    second = issue(officer, product=ProductFactory(producer=world["qn_other"]), version=version, stars=3)
    assert second.number == "22-6688-0002-2026"
    actions = list(AuditEvent.objects.filter(target_type="certificates.certificate").values_list("action", flat=True))
    assert actions.count("certificate.issue") == 2
    assert AuditEvent.objects.filter(action="product.status", target_id=str(product.pk)).exists()


def test_number_pattern_is_per_province_data(world, version, product):
    NumberingScheme.objects.create(province=world["qn"].commune.province, pattern="QN-{year}-{sequence:05d}")
    assert issue(product=product, version=version).number == "QN-2026-00001"


@pytest.mark.parametrize("stars", [0, 1, 2])
def test_below_three_stars_is_refused_and_nothing_changes(world, version, product, stars):
    with pytest.raises(DomainError) as refused:
        issue(world["users"]["provincial_officer"], product=product, version=version, stars=stars)
    assert refused.value.field == "stars"
    assert refused.value.message == (
        f"Trái với quyết định số 1234/QĐ-UBND ngày 15/01/2026: sản phẩm được xếp hạng {stars} sao và không được "
        f"công nhận là sản phẩm OCOP, nên không cấp giấy chứng nhận {stars} sao."
    )
    assert not Certificate.objects.exists()
    assert Product.objects.get(pk=product.pk).status == ProductStatus.IN_PROGRAMME
    assert not AuditEvent.objects.filter(action__startswith="certificate.").exists()


def test_historical_total_must_reach_the_star_band(version, product):
    with pytest.raises(DomainError) as refused:
        issue(product=product, version=version, stars=4, total=Decimal("69.99"), number="22-0001-2026")
    assert refused.value.field == "total"
    assert not Certificate.objects.exists()


def test_upgrade_supersedes_and_links_the_chain(world, version, product):
    officer = world["users"]["provincial_officer"]
    first = issue(officer, product=product, version=version, stars=3, decision_date=date(2025, 3, 1))
    second = issue(officer, product=product, version=version, stars=4, decision_date=date(2026, 1, 15))
    first.refresh_from_db()
    assert first.status == CertificateStatus.SUPERSEDED
    assert second.supersedes == first
    assert first.superseded_by == second
    assert current_certificate(product) == second
    assert current_stars(product) == 4
    assert AuditEvent.objects.filter(action="certificate.supersede", target_id=str(first.pk)).exists()
    central = world["users"]["central_officer"]
    third = issue(
        central,
        product=product,
        version=version,
        stars=5,
        level=AuthorityLevel.CENTRAL,
        authority_name="Bộ Nông nghiệp và Môi trường",
        decision_date=date(2026, 2, 1),
    )
    chain = [third, third.supersedes, third.supersedes.supersedes]
    assert [c.stars for c in chain] == [5, 4, 3]
    assert Certificate.objects.filter(product=product, status=CertificateStatus.VALID).count() == 1


def test_renewal_of_an_expired_certificate_links_it(clock, version, product):
    clock.set(date(2026, 3, 10))
    old = issue(product=product, version=version, stars=3, decision_date=date(2022, 5, 1), number="22-829-0007-2022")
    assert old.status == CertificateStatus.EXPIRED
    assert old.is_historical
    renewed = issue(product=product, version=version, stars=3, decision_date=date(2026, 3, 1), supersedes=old)
    assert renewed.supersedes == old
    old.refresh_from_db()
    assert old.status == CertificateStatus.EXPIRED


def test_historical_number_must_be_unique(version, product, world):
    issue(product=product, version=version, number="22-829-0007-2022", decision_date=date(2022, 5, 1))
    with pytest.raises(DomainError) as refused:
        issue(
            product=ProductFactory(producer=world["qn"]),
            version=version,
            number="22-829-0007-2022",
            decision_date=date(2022, 5, 1),
        )
    assert refused.value.field == "number"
    assert Certificate.objects.count() == 1


@pytest.mark.parametrize(
    ("user", "stars", "level", "outcome"),
    [
        ("provincial_officer", 4, AuthorityLevel.PROVINCE, "ok"),
        ("provincial_officer", 5, AuthorityLevel.PROVINCE, "domain"),
        ("provincial_officer", 5, AuthorityLevel.CENTRAL, "domain"),
        ("central_officer", 5, AuthorityLevel.CENTRAL, "ok"),
        ("central_officer", 4, AuthorityLevel.PROVINCE, "domain"),
        ("other_provincial_officer", 4, AuthorityLevel.PROVINCE, "denied"),
        ("commune_officer", 3, AuthorityLevel.PROVINCE, "denied"),
        ("council_member", 3, AuthorityLevel.PROVINCE, "denied"),
        ("producer", 3, AuthorityLevel.PROVINCE, "denied"),
        ("buyer", 3, AuthorityLevel.PROVINCE, "denied"),
        ("admin", 5, AuthorityLevel.CENTRAL, "ok"),
        ("admin", 5, AuthorityLevel.PROVINCE, "domain"),
    ],
)
def test_who_may_issue_comes_from_the_rules(world, version, product, user, stars, level, outcome):
    actor = world["users"][user]
    if outcome == "ok":
        assert issue(actor, product=product, version=version, stars=stars, level=level).stars == stars
        return
    with pytest.raises(DomainError if outcome == "domain" else PermissionDenied):
        issue(actor, product=product, version=version, stars=stars, level=level)
    assert not Certificate.objects.exists()


def test_district_level_is_for_records_before_july_2025(world, version, product):
    officer = world["users"]["provincial_officer"]
    old = issue(
        officer,
        product=product,
        version=version,
        stars=3,
        level=AuthorityLevel.DISTRICT,
        decision_date=date(2024, 6, 1),
    )
    assert old.authority_level == AuthorityLevel.DISTRICT
    assert old.authority_name == "Ủy ban nhân dân huyện Ba Chẽ"
    with pytest.raises(DomainError) as refused:
        issue(
            officer,
            product=ProductFactory(producer=world["qn"]),
            version=version,
            stars=3,
            level=AuthorityLevel.DISTRICT,
            decision_date=date(2025, 8, 1),
        )
    assert refused.value.field == "decision_number"
    assert "ghi cấp công nhận “Cấp huyện (trước 7/2025)”" in refused.value.message
    assert "do cấp “Cấp tỉnh” công nhận" in refused.value.message
    assert Certificate.objects.count() == 1


def test_revocation_by_the_issuing_authority(world, version, product):
    officer = world["users"]["provincial_officer"]
    certificate = issue(officer, product=product, version=version, stars=4)
    ground = RevocationGround.objects.get(code="food_safety_quality")
    for intruder in ("other_provincial_officer", "central_officer", "producer", "commune_officer"):
        with pytest.raises(PermissionDenied):
            certificate_revoke(actor=world["users"][intruder], certificate=certificate, ground=ground, reason="x")
    with pytest.raises(DomainError):
        certificate_revoke(actor=officer, certificate=certificate, ground=ground, reason="  ")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    revoked = certificate_revoke(
        actor=officer, certificate=certificate, ground=ground, reason="Mẫu kiểm tra không đạt."
    )
    assert revoked.status == CertificateStatus.REVOKED
    assert revoked.revoked_by == officer
    assert revoked.revocation_reason == "Mẫu kiểm tra không đạt."
    assert current_certificate(product) is None
    assert Product.objects.get(pk=product.pk).status == ProductStatus.REVOKED
    event = AuditEvent.objects.get(action="certificate.revoke")
    assert event.actor == officer
    assert event.after["revocation_ground"] == "food_safety_quality"
    with pytest.raises(DomainError):
        certificate_revoke(actor=officer, certificate=revoked, ground=ground, reason="again")


def test_five_star_is_revoked_by_the_centre_only(world, version, product):
    certificate = issue(product=product, version=version, stars=5, level=AuthorityLevel.CENTRAL)
    ground = RevocationGround.objects.get(code="other")
    with pytest.raises(PermissionDenied):
        certificate_revoke(
            actor=world["users"]["provincial_officer"], certificate=certificate, ground=ground, reason="x"
        )
    certificate_revoke(actor=world["users"]["central_officer"], certificate=certificate, ground=ground, reason="x")


def test_catalogue_reads_stars_without_a_query_per_row(world, version, django_assert_num_queries, clock):
    products = [ProductFactory(producer=world["qn"]) for _ in range(4)]
    issue(product=products[0], version=version, stars=5, level=AuthorityLevel.CENTRAL)
    issue(product=products[1], version=version, stars=3)
    expired = issue(product=products[2], version=version, stars=4, decision_date=date(2022, 1, 1))
    assert expired.status == CertificateStatus.EXPIRED
    ids = [p.pk for p in products]
    with django_assert_num_queries(1):
        annotated = {p.pk: p.current_stars for p in with_current_stars(Product.objects.filter(pk__in=ids))}
    assert annotated == {ids[0]: 5, ids[1]: 3, ids[2]: None, ids[3]: None}
    with django_assert_num_queries(2):
        listed = list(prefetch_current_certificates(Product.objects.filter(pk__in=ids).order_by("pk")))
        assert [current_stars(p) for p in listed] == [5, 3, None, None]
    # A certificate still marked valid but past its last day shows no star before the daily job runs.
    clock.set(date(2029, 1, 15))
    assert current_stars(Product.objects.get(pk=ids[0])) is None
