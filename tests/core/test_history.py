"""The history page shows an object's audit trail exactly to those who may see the object itself.

Given a submitted dossier of the Ba Chẽ producer (its self-assessment total is in the audit trail),
assigned in a round to its council's scorers, and a buyer's inquiry about the producer's product
(the buyer's e-mail is in the audit trail): the history page answers 200 to the roles for which the
dossier page and the inquiry page answer 200, and 404 (as for the object) to everyone else.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from ocop.evaluations import services
from ocop.trade.services import inquiry_submit
from tests.evaluations.test_services import forwarded_dossier

pytestmark = pytest.mark.django_db

BUYER_EMAIL = "mua-hang@import.example"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def assigned_dossier(people, tea, sheet, round_with_council):
    """Forwarded to the province and assigned to the round's three scorers (chair, member2, member3)."""
    dossier = forwarded_dossier(people, tea, sheet)
    return services.dossier_assign(actor=people["provincial_officer"], round_=round_with_council, dossier=dossier)


@pytest.fixture
def inquiry(people, tea):
    return inquiry_submit(
        product=tea,
        buyer=people["buyer"],
        company="Import Co.",
        country="Japan",
        email=BUYER_EMAIL,
        quantity="500 hộp",
        message="Xin báo giá.",
    )


def history(client, user, label: str, pk: int):
    client.force_login(user)
    return client.get(reverse("core:history", args=[label, pk]))


def page(client, user, name: str, pk: int):
    client.force_login(user)
    return client.get(reverse(name, args=[pk]))


DOSSIER_SEEN_BY = {
    "producer": 200,
    "other_producer": 404,
    "commune_officer": 200,
    "provincial_officer": 200,
    "other_provincial_officer": 404,
    "chair": 200,
    "member2": 200,  # assigned
    "secretary": 200,  # the round's secretary records the decision
    "outsider_member": 404,  # a Quảng Ninh council member, not assigned: sees neither dossier nor history
    "central_officer": 200,
    "buyer": 404,
    "admin": 200,
}


@pytest.mark.parametrize(("who", "status"), DOSSIER_SEEN_BY.items())
def test_dossier_history_follows_the_dossier(client, people, assigned_dossier, who, status):
    assert page(client, people[who], "evaluations:dossier", assigned_dossier.pk).status_code == status
    response = history(client, people[who], "evaluations.dossier", assigned_dossier.pk)
    assert response.status_code == status
    if status == 200:
        assert "dossier.self_assessment" in {entry.event.action for entry in response.context["entries"]}


@pytest.mark.parametrize(("who", "status"), DOSSIER_SEEN_BY.items())
def test_evidence_and_decision_history_follow_the_dossier(client, people, assigned_dossier, who, status):
    evidence = assigned_dossier.evidence.first()
    assert history(client, people[who], "evaluations.evidencefile", evidence.pk).status_code == status


def test_unassigned_council_member_reads_no_self_assessment_total(client, people, assigned_dossier):
    response = history(client, people["outsider_member"], "evaluations.dossier", assigned_dossier.pk)
    assert response.status_code == 404
    assert str(assigned_dossier.self_total) not in response.content.decode()


ROUND_SEEN_BY = {
    "provincial_officer": 200,
    "other_provincial_officer": 404,
    "chair": 200,
    "member3": 200,
    "outsider_member": 404,
    "commune_officer": 404,
    "producer": 404,
    "central_officer": 200,
}


@pytest.mark.parametrize(("who", "status"), ROUND_SEEN_BY.items())
def test_round_and_council_history_follow_the_round(client, people, round_with_council, who, status):
    assert page(client, people[who], "evaluations:round", round_with_council.pk).status_code == status
    assert history(client, people[who], "evaluations.evaluationround", round_with_council.pk).status_code == status
    council = round_with_council.council
    assert history(client, people[who], "evaluations.council", council.pk).status_code == status


INQUIRY_SEEN_BY = {
    "producer": 200,
    "other_producer": 404,
    "commune_officer": 404,  # the inquiry page is 404 for the commune: so is its history
    "provincial_officer": 200,
    "other_provincial_officer": 404,
    "chair": 404,
    "outsider_member": 404,
    "central_officer": 404,
    "buyer": 200,  # the buyer who sent it
    "admin": 200,
}


@pytest.mark.parametrize(("who", "status"), INQUIRY_SEEN_BY.items())
def test_inquiry_history_follows_the_inquiry(client, people, inquiry, who, status):
    assert page(client, people[who], "trade:inquiry_detail", inquiry.pk).status_code == status
    response = history(client, people[who], "trade.inquiry", inquiry.pk)
    assert response.status_code == status
    assert (BUYER_EMAIL in response.content.decode()) == (status == 200)


def test_another_buyer_sees_neither_the_inquiry_nor_its_history(client, people, inquiry):
    from tests.factories import make_user

    other_buyer = make_user("buyer")
    assert page(client, other_buyer, "trade:inquiry_detail", inquiry.pk).status_code == 404
    assert history(client, other_buyer, "trade.inquiry", inquiry.pk).status_code == 404


def test_the_history_shows_labels_and_values_in_words_not_the_codes_the_trail_stores(client, people, assigned_dossier):
    """Given the dossier's trail (status codes, totals as "88.00", the assigned members), when its history
    page is read, then it shows the field labels and the status labels, numbers as Vietnamese writes
    them, and neither the audit code nor the field name nor the stored status."""
    html = history(client, people["provincial_officer"], "evaluations.dossier", assigned_dossier.pk).content.decode()
    assert "Nộp hồ sơ" in html
    assert "dossier.submit" not in html
    assert "<strong>Trạng thái</strong>" in html
    assert "Đã nộp, chờ xã kiểm tra" in html
    assert "→ submitted" not in html
    assert "self_total" not in html


def test_every_key_the_demo_trail_holds_has_a_label_and_its_choices_read_as_words():
    from django.apps import apps
    from django.core.management import call_command

    from ocop.core.history import history_entries
    from ocop.core.models import AuditEvent

    call_command("ocop_demo", verbosity=0)
    events = list(AuditEvent.objects.all())
    unlabelled = set()
    for target_type in {event.target_type for event in events}:
        model = apps.get_model(target_type)
        for entry in history_entries(model, [event for event in events if event.target_type == target_type]):
            unlabelled |= {f"{target_type}.{change.label}" for change in entry.changes if "_" in change.label}
    assert unlabelled == set()
