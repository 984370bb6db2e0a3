"""The chair's "ready to close" queue: products of a round in scoring whose every assigned member has
submitted a sheet. It fills when the last sheet comes in, empties when the chair closes, and holds only the
rounds the user chairs."""

import datetime

import pytest
from django.urls import reverse

from ocop.evaluations import services
from ocop.evaluations.models import Dossier
from ocop.evaluations.selectors import dossiers_to_close
from tests.evaluations import conftest as evaluation_fixtures
from tests.evaluations.conftest import star4_answers
from tests.evaluations.test_services import forwarded_dossier
from tests.factories import ProductFactory, make_user, province

pytestmark = pytest.mark.django_db

# The evaluation tests' fixtures: the criteria, the tea set and its sheet, the people, a round with its council.
criteria_loaded = evaluation_fixtures.criteria_loaded
tea_set = evaluation_fixtures.tea_set
sheet = evaluation_fixtures.sheet
tea = evaluation_fixtures.tea
people = evaluation_fixtures.people
round_with_council = evaluation_fixtures.round_with_council

QUEUE = "scoring-to-close"


def _counts(client, user) -> dict[str, int]:
    client.force_login(user)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return {item.queue.key: item.count for item in response.context["queues"]}


def _assigned(people, product, sheet, round_) -> Dossier:
    dossier = forwarded_dossier(people, product, sheet)
    return services.dossier_assign(actor=people["provincial_officer"], round_=round_, dossier=dossier)


def test_appears_when_the_last_sheet_is_submitted_and_leaves_when_closed(
    client, people, tea, sheet, round_with_council
):
    dossier = _assigned(people, tea, sheet, round_with_council)
    services.score_save(actor=people["chair"], dossier=dossier, answers=star4_answers(sheet), submit=True)
    services.score_save(actor=people["member2"], dossier=dossier, answers=star4_answers(sheet), submit=True)
    services.score_save(actor=people["member3"], dossier=dossier, answers=star4_answers(sheet), submit=False)
    assert _counts(client, people["chair"])[QUEUE] == 0  # a draft is not a submitted sheet

    services.score_save(actor=people["member3"], dossier=dossier, answers=star4_answers(sheet), submit=True)
    assert _counts(client, people["chair"])[QUEUE] == 1
    page = client.get(reverse("core:queue", args=[QUEUE])).content.decode()
    assert page.count('<li class="queue-row">') == 1
    assert reverse("evaluations:close", args=[dossier.pk]) in page
    assert tea.name_vi in page
    assert "mọi thành viên đã nộp phiếu" in page

    services.dossier_close(actor=people["chair"], dossier=Dossier.objects.get(pk=dossier.pk))
    assert _counts(client, people["chair"])[QUEUE] == 0
    assert not dossiers_to_close(user=people["chair"]).exists()


def test_only_the_chair_of_that_round_sees_it(client, world, people, tea, sheet, round_with_council):
    dossier = _assigned(people, tea, sheet, round_with_council)
    for member in ("chair", "member2", "member3"):
        services.score_save(actor=people[member], dossier=dossier, answers=star4_answers(sheet), submit=True)
    other_chair = make_user("council_member", province=province(22), email="chair2@example.test")
    other_round = services.round_open(
        actor=people["provincial_officer"],
        year=2026,
        number=2,
        name="Đợt 2 năm 2026",
        criteria_version=round_with_council.criteria_version,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    services.council_form(
        actor=people["provincial_officer"],
        round_=other_round,
        name="Hội đồng đợt 2",
        chair=other_chair,
        members=[make_user("council_member", province=province(22)) for _ in range(2)],
        secretary=make_user("council_member", province=province(22)),
    )
    other = _assigned(people, ProductFactory(producer=world["qn"], product_set=tea.product_set), sheet, other_round)

    assert _counts(client, people["chair"])[QUEUE] == 1
    assert list(dossiers_to_close(user=people["chair"])) == [Dossier.objects.get(pk=dossier.pk)]
    assert _counts(client, other_chair)[QUEUE] == 0  # the other council's product is not ready yet
    assert not dossiers_to_close(user=other_chair).filter(pk=dossier.pk).exists()
    assert client.get(reverse("core:queue", args=[QUEUE])).content.decode().count('<li class="queue-row">') == 0
    for role in ("member2", "secretary", "provincial_officer", "producer"):
        assert QUEUE not in _counts(client, people[role]), role  # they do not close scoring
        assert client.get(reverse("core:queue", args=[QUEUE])).status_code == 404, role
    assert _counts(client, people["admin"])[QUEUE] == 1
    assert other.pk not in set(dossiers_to_close(user=people["admin"]).values_list("pk", flat=True))
