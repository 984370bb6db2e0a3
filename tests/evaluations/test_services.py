"""Transitions one by one: who may do what in which state; a refusal changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ocop.core.errors import DomainError
from ocop.core.models import AuditEvent
from ocop.criteria.errors import SheetError
from ocop.evaluations import selectors, services
from ocop.evaluations.models import (
    ConflictOfInterest,
    CouncilMember,
    Decision,
    Dossier,
    DossierVersion,
    ScoreSheet,
)
from ocop.products.models import CertificationDocument
from tests.evaluations.conftest import LOCAL_ANSWERS, pdf, star4_answers
from tests.factories import ProductFactory, make_user, province

pytestmark = pytest.mark.django_db

EVIDENCE_KINDS = ("haccp", "trademark", "quality_declaration", "test_report", "contract", "environment")


def submitted_dossier(people, product, sheet, answers=None) -> Dossier:
    producer = people["producer"]
    dossier = services.dossier_create(actor=producer, product=product)
    services.self_assessment_save(actor=producer, dossier=dossier, answers=answers or star4_answers(sheet))
    for kind in EVIDENCE_KINDS:
        services.evidence_add(actor=producer, dossier=dossier, upload=pdf(f"{kind}.pdf"), kind=kind)
    return services.dossier_submit(actor=producer, dossier=dossier)


def forwarded_dossier(people, product, sheet, answers=None) -> Dossier:
    dossier = submitted_dossier(people, product, sheet, answers)
    commune = people["commune_officer"]
    services.dossier_accept(actor=commune, dossier=dossier)
    services.commune_assessment_save(actor=commune, dossier=dossier, answers=LOCAL_ANSWERS)
    return services.dossier_forward(actor=commune, dossier=dossier)


def scored_dossier(people, product, sheet, round_, answers_by_user: dict) -> Dossier:
    dossier = forwarded_dossier(people, product, sheet)
    services.dossier_assign(actor=people["provincial_officer"], round_=round_, dossier=dossier)
    for user, answers in answers_by_user.items():
        services.score_save(actor=people[user], dossier=dossier, answers=answers, submit=True)
    return Dossier.objects.get(pk=dossier.pk)


def state(dossier: Dossier) -> tuple:
    fresh = Dossier.objects.get(pk=dossier.pk)
    return (
        fresh.status,
        fresh.total,
        fresh.stars,
        DossierVersion.objects.filter(dossier=fresh).count(),
        AuditEvent.objects.filter(target_id=str(fresh.pk), target_type="evaluations.dossier").count(),
    )


def test_a_product_without_a_product_set_cannot_open_a_dossier(people, world):
    product = ProductFactory(producer=world["qn"])
    with pytest.raises(DomainError) as refused:
        services.dossier_create(actor=people["producer"], product=product)
    assert refused.value.field == "product_set"
    assert Dossier.objects.count() == 0


def test_only_one_open_dossier_per_product(people, tea):
    services.dossier_create(actor=people["producer"], product=tea)
    with pytest.raises(DomainError, match="đang có một hồ sơ chưa có quyết định"):
        services.dossier_create(actor=people["producer"], product=tea)
    assert Dossier.objects.filter(product=tea).count() == 1


def test_another_producer_cannot_open_a_dossier_for_my_product(people, tea):
    with pytest.raises(PermissionDenied):
        services.dossier_create(actor=people["other_producer"], product=tea)


def test_submitting_an_incomplete_self_assessment_names_the_criterion(people, tea, sheet):
    dossier = services.dossier_create(actor=people["producer"], product=tea)
    answers = star4_answers(sheet)
    del answers["6.3"]
    services.self_assessment_save(actor=people["producer"], dossier=dossier, answers=answers)
    before = state(dossier)
    with pytest.raises(SheetError) as refused:
        services.dossier_submit(actor=people["producer"], dossier=dossier)
    assert refused.value.field == "6.3"
    assert "chưa được trả lời" in refused.value.message
    assert state(dossier) == before


@pytest.mark.parametrize(
    ("role", "call"),
    [
        ("producer", lambda d, p: services.dossier_accept(actor=p["producer"], dossier=d)),
        ("commune_officer", lambda d, p: services.dossier_forward(actor=p["commune_officer"], dossier=d)),
        ("commune_officer", lambda d, p: services.dossier_submit(actor=p["commune_officer"], dossier=d)),
        (
            "provincial_officer",
            lambda d, p: services.dossier_return(actor=p["provincial_officer"], dossier=d, reason="x"),
        ),
        ("chair", lambda d, p: services.dossier_close(actor=p["chair"], dossier=d)),
        (
            "secretary",
            lambda d, p: services.decision_record(
                actor=p["secretary"], dossier=d, number="1", decided_on=timezone.localdate(), signer_name="A"
            ),
        ),
    ],
)
def test_illegal_transitions_on_a_submitted_dossier_are_refused_and_change_nothing(people, tea, sheet, role, call):
    dossier = submitted_dossier(people, tea, sheet)
    before = state(dossier)
    with pytest.raises((DomainError, PermissionDenied)):
        call(dossier, people)
    assert state(dossier) == before


def test_commune_officer_of_another_commune_cannot_act(people, tea, sheet):
    dossier = submitted_dossier(people, tea, sheet)
    other = make_user("commune_officer", commune=people["other_producer"].producer.commune, province=province(22))
    before = state(dossier)
    with pytest.raises(PermissionDenied):
        services.dossier_accept(actor=other, dossier=dossier)
    assert state(dossier) == before


def test_returning_needs_a_reason_and_producer_edits_after_return(people, tea, sheet):
    dossier = submitted_dossier(people, tea, sheet)
    with pytest.raises(DomainError, match="lý do"):
        services.dossier_return(actor=people["commune_officer"], dossier=dossier, reason="  ")
    services.dossier_return(actor=people["commune_officer"], dossier=dossier, reason="Bổ sung phiếu kiểm nghiệm mới")
    services.self_assessment_save(
        actor=people["producer"], dossier=dossier, answers=star4_answers(sheet, **{"11.1": "11.1-2"})
    )
    services.dossier_submit(actor=people["producer"], dossier=dossier)
    versions = list(DossierVersion.objects.filter(dossier=dossier).order_by("number"))
    assert [(v.number, v.return_reason, v.snapshot["self_total"]) for v in versions] == [
        (1, "Bổ sung phiếu kiểm nghiệm mới", "81.00"),
        (2, "", "82.00"),
    ]


def test_producer_cannot_edit_a_submitted_dossier(people, tea, sheet):
    dossier = submitted_dossier(people, tea, sheet)
    with pytest.raises(DomainError, match="Đã nộp"):
        services.self_assessment_save(actor=people["producer"], dossier=dossier, answers={})


def test_commune_pre_evaluation_covers_exactly_the_four_local_criteria(people, tea, sheet):
    dossier = submitted_dossier(people, tea, sheet)
    commune = people["commune_officer"]
    services.dossier_accept(actor=commune, dossier=dossier)
    with pytest.raises(DomainError) as outside:
        services.commune_assessment_save(actor=commune, dossier=dossier, answers={**LOCAL_ANSWERS, "6.1": "6.1-3"})
    assert outside.value.field == "6.1"
    partial = dict(LOCAL_ANSWERS)
    del partial["5.2"]
    with pytest.raises(DomainError) as missing:
        services.commune_assessment_save(actor=commune, dossier=dossier, answers=partial)
    assert missing.value.field == "5.2"
    assert not ScoreSheet.objects.filter(dossier=dossier, kind="commune").exists()


def test_council_needs_eligible_people_and_three_scorers(people, tea_set, round_with_council):
    officer = people["provincial_officer"]
    lao_cai = make_user("council_member", province=province(15))
    with pytest.raises(DomainError, match="không thể tham gia"):
        services.council_form(
            actor=officer,
            round_=round_with_council,
            name="X",
            chair=people["chair"],
            members=[people["member2"], lao_cai],
            secretary=people["secretary"],
        )
    with pytest.raises(DomainError, match="ít nhất 3"):
        services.council_form(
            actor=officer,
            round_=round_with_council,
            name="X",
            chair=people["chair"],
            members=[people["member2"]],
            secretary=people["secretary"],
        )
    assert CouncilMember.objects.filter(council__round=round_with_council).count() == 4
    with pytest.raises(PermissionDenied):
        services.council_form(
            actor=people["other_provincial_officer"],
            round_=round_with_council,
            name="X",
            chair=people["chair"],
            members=[people["member2"], people["member3"]],
            secretary=people["secretary"],
        )


def test_a_member_with_a_conflict_cannot_be_assigned(people, tea, sheet, round_with_council):
    dossier = forwarded_dossier(people, tea, sheet)
    member3 = CouncilMember.objects.get(user=people["member3"])
    services.conflict_declare(actor=people["member3"], member=member3, product=tea, reason="Người thân làm ở HTX")
    before = state(dossier)
    with pytest.raises(DomainError, match="xung đột lợi ích"):
        services.dossier_assign(
            actor=people["provincial_officer"],
            round_=round_with_council,
            dossier=dossier,
            members=list(CouncilMember.objects.filter(role__in=["chair", "member"])),
        )
    with pytest.raises(DomainError, match="Cần ít nhất 3 người chấm"):
        services.dossier_assign(actor=people["provincial_officer"], round_=round_with_council, dossier=dossier)
    assert state(dossier) == before
    assert ConflictOfInterest.objects.get().reason == "Người thân làm ở HTX"


def test_member_sees_only_assigned_dossiers_and_producer_only_own(people, tea, sheet, round_with_council, world):
    dossier = forwarded_dossier(people, tea, sheet)
    assert list(selectors.dossiers_visible(people["member2"])) == []
    services.dossier_assign(actor=people["provincial_officer"], round_=round_with_council, dossier=dossier)
    assert list(selectors.dossiers_visible(people["member2"])) == [dossier]
    assert list(selectors.dossiers_visible(people["outsider_member"])) == []
    assert list(selectors.dossiers_visible(people["other_producer"])) == []
    assert list(selectors.dossiers_visible(people["producer"])) == [dossier]
    assert list(selectors.dossiers_visible(people["other_provincial_officer"])) == []


def test_outliers_must_be_discussed_before_closing(people, tea, sheet, round_with_council):
    low = star4_answers(
        sheet,
        **{
            "4.1": "4.1-1",
            "4.2": "4.2-1",
            "4.3": "4.3-1",
            "5.1": "5.1-1",
            "11.1": "11.1-1",
            "1.2": "1.2-1",
            "1.6": "1.6-1",
            "3.1": "3.1-1",
            "3.2": "3.2-1",
            "6.2": "6.2-1",
        },
    )
    dossier = scored_dossier(
        people,
        tea,
        sheet,
        round_with_council,
        {"chair": star4_answers(sheet), "member2": star4_answers(sheet), "member3": low},
    )
    low_total = ScoreSheet.objects.get(dossier=dossier, member__user=people["member3"]).total
    assert low_total == Decimal("55.00")
    before = state(dossier)
    with pytest.raises(DomainError) as refused:
        services.dossier_close(actor=people["chair"], dossier=dossier)
    assert refused.value.field == "outlier_reason"
    assert people["member3"].display_name in refused.value.message
    assert state(dossier) == before
    result = services.dossier_close(actor=people["chair"], dossier=dossier, outlier_reason="Đã thảo luận, giữ nguyên")
    assert (str(result.total), result.stars, str(result.median)) == ("72.33", 4, "81.00")
    assert [(o["user"], o["difference"]) for o in result.outliers] == [(people["member3"].display_name, "26.00")]


def test_ninety_points_at_the_province_goes_to_the_central_council(people, tea, sheet, round_with_council):
    from tests.criteria.helpers import best_answers

    dossier = scored_dossier(
        people, tea, sheet, round_with_council, {u: best_answers(sheet) for u in ("chair", "member2", "member3")}
    )
    result = services.dossier_close(actor=people["chair"], dossier=dossier)
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert (str(result.total), result.stars, result.forwarded) == ("97.00", 5, True)
    assert (fresh.status, fresh.round_id) == ("forwarded_central", None)
    with pytest.raises(PermissionDenied):  # the provincial secretary no longer holds it
        services.decision_record(
            actor=people["secretary"], dossier=fresh, number="1", decided_on=timezone.localdate(), signer_name="A"
        )
    # The central round: central officers only; its council recognises ★5.
    central = [make_user("central_officer") for _ in range(4)]
    round_ = services.round_open(
        actor=central[0],
        level="central",
        year=2026,
        number=1,
        name="Đợt trung ương 2026",
        criteria_version=round_with_council.criteria_version,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    with pytest.raises(DomainError, match="cán bộ trung ương"):
        services.council_form(
            actor=central[0],
            round_=round_,
            name="HĐ TW",
            chair=people["chair"],
            members=central[1:3],
            secretary=central[3],
        )
    services.council_form(
        actor=central[0], round_=round_, name="HĐ TW", chair=central[0], members=central[1:3], secretary=central[3]
    )
    with pytest.raises(PermissionDenied):
        services.dossier_assign(actor=people["provincial_officer"], round_=round_, dossier=fresh)
    services.dossier_assign(actor=central[0], round_=round_, dossier=fresh)
    for officer in central[:3]:
        services.score_save(actor=officer, dossier=fresh, answers=best_answers(sheet), submit=True)
    services.dossier_close(actor=central[0], dossier=fresh)
    decision = services.decision_record(
        actor=central[3], dossier=fresh, number="77/QĐ-BNNMT", decided_on=timezone.localdate(), signer_name="B"
    )
    assert (decision.authority, decision.stars, decision.recognised, str(decision.total)) == (
        "central",
        5,
        True,
        "97.00",
    )


def test_decision_before_july_2025_follows_the_old_table(people, tea, sheet, round_with_council):
    """Under QĐ 148 before 1 July 2025 the district recognised ★3; a ★4 was the province's."""
    answers = star4_answers(sheet)
    dossier = scored_dossier(
        people, tea, sheet, round_with_council, dict.fromkeys(("chair", "member2", "member3"), answers)
    )
    services.dossier_close(actor=people["chair"], dossier=dossier)
    with pytest.raises(DomainError, match="trước ngày hội đồng chốt điểm"):
        services.decision_record(
            actor=people["secretary"],
            dossier=dossier,
            number="1",
            decided_on=datetime.date(2025, 6, 1),
            signer_name="A",
        )
    with pytest.raises(PermissionDenied):
        services.decision_record(
            actor=people["member2"], dossier=dossier, number="1", decided_on=timezone.localdate(), signer_name="A"
        )
    decision = services.decision_record(
        actor=people["secretary"],
        dossier=dossier,
        number="88/QĐ-UBND",
        decided_on=timezone.localdate(),
        signer_name="A",
    )
    assert (decision.authority, decision.stars, decision.recognised) == ("province", 4, True)
    assert Decision.objects.count() == 1


def test_registry_document_satisfies_evidence_unless_expired(people, tea, sheet):
    dossier = services.dossier_create(actor=people["producer"], product=tea)
    services.self_assessment_save(actor=people["producer"], dossier=dossier, answers=star4_answers(sheet))
    CertificationDocument.objects.create(
        producer=tea.producer, kind="trademark", number="NH-1", expires_on=datetime.date(2020, 1, 1)
    )
    assert {r.key: r.missing for r in services.evidence_check(dossier)}["trademark"] is True
    CertificationDocument.objects.create(producer=tea.producer, kind="trademark", number="NH-2")
    found = {r.key: r.satisfied_by for r in services.evidence_check(dossier)}
    assert found["trademark"] == "Giấy tờ trong hồ sơ chủ thể: Giấy chứng nhận đăng ký nhãn hiệu NH-2"


def test_the_system_cannot_record_a_decision(people, tea, sheet, round_with_council):
    """Given a closed dossier, when the system (actor=None) records its decision, then it is refused:
    no decision, the dossier still closed, no certificate, no audit event of a decision."""
    from ocop.certificates.models import Certificate
    from ocop.evaluations.models import Decision

    answers = star4_answers(sheet)
    dossier = scored_dossier(
        people, tea, sheet, round_with_council, dict.fromkeys(("chair", "member2", "member3"), answers)
    )
    services.dossier_close(actor=people["chair"], dossier=dossier)
    with pytest.raises(PermissionDenied):
        services.decision_record(
            actor=None, dossier=dossier, number="99/QĐ-UBND", decided_on=timezone.localdate(), signer_name="A"
        )
    dossier.refresh_from_db()
    assert dossier.status == "closed"
    assert not Decision.objects.filter(dossier=dossier).exists()
    assert not Certificate.objects.exists()
    assert not AuditEvent.objects.filter(action="dossier.decide").exists()


def test_notification_emails_link_to_the_served_address(people, tea, sheet, settings, mailoutbox):
    """The e-mail ends with the notice's link on OCOP_SITE_URL: absolute, on the address served."""
    from ocop.evaluations.notifications import notifications_send

    settings.OCOP_SITE_URL = "https://ocop.example.vn/"
    dossier = submitted_dossier(people, tea, sheet)
    event = AuditEvent.objects.filter(action="dossier.submit", target_id=str(dossier.pk)).get()
    producer = people["producer"]
    producer.email = "chuthe@example.test"
    producer.save(update_fields=["email"])
    link = f"/evaluations/dossiers/{dossier.pk}/"
    assert notifications_send(event_id=event.pk, user_ids=[producer.pk], link=link) == 1
    assert [(m.to, m.body.splitlines()[-1]) for m in mailoutbox] == [
        (["chuthe@example.test"], f"https://ocop.example.vn/evaluations/dossiers/{dossier.pk}/")
    ]
