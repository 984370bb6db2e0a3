"""One dossier's data built once: `selectors.dossier_detail` gives the page and the API the same values.

Given a dossier the council has closed (86.67 points, ★2; see test_results), each of a council member, the
producer and a provincial officer gets one DossierDetail; the page renders it and the API serialises it, so
both show the same evidence, versions, registration, commune sheet and (only to who may see it) the result.
"""

from decimal import Decimal

import pytest
from django.http import Http404
from django.urls import reverse

from ocop.evaluations import policy, selectors
from ocop.evaluations.models import Dossier, DossierStatus
from tests.criteria.helpers import answers_by_points
from tests.evaluations.test_services import scored_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(people, tea, sheet, round_with_council):
    from ocop.evaluations import services

    no_story = answers_by_points(sheet, {"5.1": 0})
    dossier = scored_dossier(
        people,
        tea,
        sheet,
        round_with_council,
        {"chair": no_story, "member2": no_story, "member3": {**no_story, "4.3": "4.3-4"}},
    )
    services.dossier_close(actor=people["chair"], dossier=dossier)
    return Dossier.objects.get(pk=dossier.pk)


def _page_and_api(client, user, dossier):
    client.force_login(user)
    page = client.get(reverse("evaluations:dossier", args=[dossier.pk]))
    api = client.get(f"/api/v1/evaluations/dossiers/{dossier.pk}")
    assert (page.status_code, api.status_code) == (200, 200)
    return page, api.json()


@pytest.mark.parametrize(
    ("who", "sees_result", "can_check", "is_scorer"),
    [
        ("chair", True, False, False),  # a council member of the dossier's round
        ("producer", False, False, False),  # waits for the decision
        ("provincial_officer", True, False, False),
    ],
)
def test_the_page_and_the_api_show_one_detail(client, people, closed, who, sees_result, can_check, is_scorer):
    user = people[who]
    detail = selectors.dossier_detail(user=user, pk=closed.pk)
    page, body = _page_and_api(client, user, closed)
    context = page.context

    # given a closed dossier, the selector's values ...
    assert detail.dossier.pk == closed.pk
    assert detail.dossier.status == DossierStatus.CLOSED
    assert [v.number for v in detail.versions] == [1]
    assert len(detail.evidence) == closed.evidence.count() > 0
    assert detail.commune is not None
    assert detail.commune.total == closed.sheets.get(kind="commune").total
    assert (detail.can_edit, detail.can_check, detail.is_scorer, detail.is_chair) == (
        False,
        can_check,
        is_scorer,
        False,
    )
    assert (detail.result is not None) is sees_result
    if sees_result:
        assert (detail.result.result.total, detail.result.result.stars) == (Decimal("86.67"), 2)

    # ... are what the page renders ...
    assert [e.pk for e in context["evidence"]] == [e.pk for e in detail.evidence]
    assert [v.number for v in context["versions"]] == [1]
    assert context["commune_answers"] == detail.commune.answers
    assert context["registration_rows"] == detail.registration_rows
    assert [r.key for r in context["requirements"]] == [r.key for r in detail.requirements]
    assert (context["result"] is not None) is sees_result
    assert ('<section class="card" id="result">' in page.content.decode()) is sees_result
    assert context["recorders"] == [people["secretary"]]

    # ... and what the API returns
    assert (body["id"], body["status"], body["product_name"]) == (closed.pk, "closed", closed.product.name_vi)
    assert [e["id"] for e in body["evidence"]] == [e.pk for e in detail.evidence]
    assert [v["number"] for v in body["versions"]] == [1]
    assert body["registration"] == detail.registration
    assert body["self_answers"] == detail.self_answers
    assert body["self_knockouts"] == detail.self_knockouts
    assert body["commune"]["answers"] == detail.commune.answers
    assert Decimal(body["commune"]["total"]) == detail.commune.total
    assert [(r["key"], r["missing"]) for r in body["requirements"]] == [(r.key, r.missing) for r in detail.requirements]
    assert body["decision"] is None
    assert detail.decision is None


def test_the_producer_page_hides_the_result_until_the_decision(client, people, closed):
    client.force_login(people["producer"])
    page = client.get(reverse("evaluations:dossier", args=[closed.pk])).content.decode()
    assert '<section class="card" id="result">' not in page
    assert policy.may_see_scores(people["producer"], closed) is False
    assert policy.may_see_result(people["chair"], closed) is True


def test_a_dossier_outside_the_users_scope_is_not_found(people, closed):
    with pytest.raises(Http404):
        selectors.dossier_detail(user=people["other_producer"], pk=closed.pk)


def test_may_see_scores_before_closing_only_after_submitting_ones_own_sheet(people, tea, sheet, round_with_council):
    answers = answers_by_points(sheet, {"5.1": 0})
    dossier = scored_dossier(people, tea, sheet, round_with_council, {"chair": answers})
    assert dossier.status == DossierStatus.ASSIGNED
    assert policy.may_see_scores(people["chair"], dossier) is True
    assert policy.may_see_scores(people["member2"], dossier) is False
    assert policy.may_see_scores(people["provincial_officer"], dossier) is False
    assert policy.may_see_result(people["chair"], dossier) is False
    detail = selectors.dossier_detail(user=people["member2"], pk=dossier.pk)
    assert (detail.is_scorer, detail.is_chair, detail.result) == (True, False, None)
    detail = selectors.dossier_detail(user=people["chair"], pk=dossier.pk)
    assert (detail.is_scorer, detail.is_chair) == (True, True)
