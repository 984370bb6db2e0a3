"""The evaluation pages parse POST data with forms (evaluations/forms.py): a refusal shows next to its field."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.evaluations import services
from ocop.evaluations.forms import CouncilForm, DecisionForm, RegistrationForm, RoundOpenForm
from ocop.evaluations.models import EvaluationRound

pytestmark = pytest.mark.django_db


def _field_block(page: str, name: str) -> str:
    """The include's <div class="field"> of one field."""
    return page.split(f'<label for="id_{name}">')[1].split('<div class="field">')[0]


def test_opening_a_round_with_a_bad_date_shows_the_error_on_that_date_and_keeps_the_rest(client, people, tea_set):
    client.force_login(people["provincial_officer"])
    before = EvaluationRound.objects.count()
    page = client.post(
        reverse("evaluations:rounds"),
        {"name": "Đợt thử", "year": "2026", "number": "x", "opens_on": "2026-13-01", "closes_on": "2026-12-31"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hãy nhập một số nguyên." in _field_block(html, "number")
    assert "Hãy nhập một ngày hợp lệ." in _field_block(html, "opens_on")
    assert 'value="Đợt thử"' in _field_block(html, "name")
    assert EvaluationRound.objects.count() == before


def test_the_round_form_parses_numbers_and_dates():
    form = RoundOpenForm(
        {"name": "Đợt 2", "year": "2026", "number": "2", "opens_on": "2026-03-01", "closes_on": "2026-05-01"}
    )
    assert form.is_valid()
    assert form.cleaned_data == {
        "name": "Đợt 2",
        "year": 2026,
        "number": 2,
        "opens_on": datetime.date(2026, 3, 1),
        "closes_on": datetime.date(2026, 5, 1),
    }


def test_the_decision_form_names_a_bad_date_and_a_missing_number():
    form = DecisionForm({"number": " ", "decided_on": "31/12/2026", "signer_name": "B"})
    assert not form.is_valid()
    assert form.errors == {"number": ["Trường này là bắt buộc."], "decided_on": ["Ngày quyết định không hợp lệ."]}
    assert DecisionForm().initial["decided_on"] == timezone.localdate()


def test_the_council_form_needs_a_chair_and_a_secretary_and_keeps_the_members_order(people):
    form = CouncilForm({"name": "HĐ", "members": []})
    assert not form.is_valid()
    assert form.errors == {
        "chair": ["Hãy chọn chủ tịch và thư ký hội đồng."],
        "secretary": ["Hãy chọn chủ tịch và thư ký hội đồng."],
    }
    chair, m2, m3, secretary = (people[k] for k in ("chair", "member2", "member3", "secretary"))
    from django.utils.datastructures import MultiValueDict

    data = MultiValueDict(
        {"chair": [chair.pk], "secretary": [secretary.pk], "members": [m3.pk, chair.pk, m2.pk], "name": ["HĐ"]}
    )
    form = CouncilForm(data)
    assert form.is_valid(), form.errors
    assert form.scoring_members() == [m3, m2]


def test_the_registration_form_changes_only_what_differs(people, tea):
    dossier = services.dossier_create(actor=people["producer"], product=tea)
    data = {key: dossier.registration.get(key, "") for key in services.REGISTRATION_FIELDS}
    data["phone"] = "  0203 3888 999 "
    form = RegistrationForm(data, registration=dossier.registration)
    assert form.is_valid()
    assert form.changes() == {"phone": "0203 3888 999"}
    too_long = RegistrationForm({**data, "notes": "x" * 501}, registration=dossier.registration)
    assert not too_long.is_valid()
    assert list(too_long.errors) == ["notes"]


def test_a_refused_decision_shows_the_services_message_next_to_the_date(client, people, tea, sheet, round_with_council):
    from tests.criteria.helpers import answers_by_points
    from tests.evaluations.test_services import scored_dossier

    answers = answers_by_points(sheet, {"5.1": 0})
    dossier = scored_dossier(
        people, tea, sheet, round_with_council, {"chair": answers, "member2": answers, "member3": answers}
    )
    services.dossier_close(actor=people["chair"], dossier=dossier)
    client.force_login(people["secretary"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    html = client.post(
        reverse("evaluations:decision", args=[dossier.pk]),
        {"number": "9/QĐ", "decided_on": tomorrow, "signer_name": "B"},
    ).content.decode()
    assert "Ngày quyết định không được sau hôm nay." in _field_block(html, "decided_on")
    assert 'value="9/QĐ"' in _field_block(html, "number")
