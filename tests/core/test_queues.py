"""The dashboard as a work queue: each role sees the queues it can act on, each count equals the list its
link opens, and the page runs a constant number of queries however many records wait."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.evaluations.models import Assignment, CouncilMember, Dossier, DossierStatus, ScoreSheet
from ocop.imports.models import ImportJob, ImportKind, ImportStatus
from ocop.promotion.models import Booth, Event, EventStatus, EventType
from ocop.stamps.models import StampReport, StampRun
from ocop.trade.models import InquiryStatus
from ocop.trade.services import inquiry_submit
from tests.evaluations import conftest as evaluation_fixtures
from tests.factories import ProductFactory, commune, make_certificate, province

pytestmark = pytest.mark.django_db

# The evaluation tests' fixtures: the criteria, the tea set, the people and a round with its council.
criteria_loaded = evaluation_fixtures.criteria_loaded
tea_set = evaluation_fixtures.tea_set
people = evaluation_fixtures.people
round_with_council = evaluation_fixtures.round_with_council

S = DossierStatus


def _dossier(product, status, round_=None):
    return Dossier.objects.create(
        product=product,
        producer=product.producer,
        status=status,
        criteria_version=product.product_set.version,
        product_set=product.product_set,
        round=round_,
    )


def _fill(world, people, round_, tea_set, n: int) -> None:
    """n records in every queue of the Quảng Ninh roles (the producer's, its commune's, its province's)."""
    today = timezone.localdate()
    chair = CouncilMember.objects.get(council__round=round_, user=people["chair"])
    event = Event.objects.create(
        event_type=EventType.FAIR,
        name="Hội chợ hôm nay",
        province=province(22),
        commune=commune(6970),
        first_day=today - datetime.timedelta(days=1),
        last_day=today + datetime.timedelta(days=1),
        organiser="Sở Công Thương",
        status=EventStatus.ANNOUNCED,
    )
    for i in range(n):
        product = ProductFactory(producer=world["qn"], name_vi=f"Trà thử {n}.{i}", product_set=tea_set)
        for status in (S.DRAFT, S.RETURNED, S.SUBMITTED, S.ACCEPTED, S.FORWARDED):
            _dossier(ProductFactory(producer=world["qn"], product_set=tea_set), status)
        scoring = _dossier(ProductFactory(producer=world["qn"], product_set=tea_set), S.ASSIGNED, round_)
        Assignment.objects.create(dossier=scoring, round=round_, member=chair)
        _dossier(ProductFactory(producer=world["qn"], product_set=tea_set), S.CLOSED, round_)
        soon = make_certificate(
            product,
            stars=3,
            valid_from=today - datetime.timedelta(days=700),
            valid_until=today + datetime.timedelta(days=10 + i),
        )
        make_certificate(
            ProductFactory(producer=world["qn"], product_set=tea_set),
            stars=4,
            valid_from=today - datetime.timedelta(days=700),
            valid_until=today + datetime.timedelta(days=60 + i),
        )
        inquiry_submit(
            product=product, company=f"Buyer {i}", country="Japan", email="b@b.example", quantity="1", message="m"
        )
        Booth.objects.create(event=event, producer=world["qn"], number=f"A{i}")
        ImportJob.objects.create(
            kind=ImportKind.PRODUCERS,
            status=ImportStatus.INVALID,
            province=province(22),
            original_name=f"loi-{i}.xlsx",
            problem_count=3,
        )
    run = StampRun.objects.create(
        certificate=soon,
        product=product,
        lot_number=f"L{n}",
        production_date=today,
        best_before=today + datetime.timedelta(days=365),
        quantity=10,
    )
    for i in range(n):
        StampReport.objects.create(run=run, index=i + 1, place="Chợ Hạ Long")
    # Out of every queue: answered inquiries, sold booths, a handled report, another province's dossiers.
    booth_sold = Booth.objects.create(event=event, producer=world["qn"], number="SOLD")
    booth_sold.sales.create(day=today, amount_vnd=1000)
    other = ProductFactory(producer=world["lc"], product_set=tea_set)
    _dossier(other, S.FORWARDED)


EXPECTED = {
    "producer": {
        "dossiers-returned",
        "dossiers-draft",
        "certificates-expiring-30",
        "certificates-expiring-90",
        "inquiries-unanswered",
        "booth-sales-today",
    },
    "commune_officer": {
        "dossiers-to-check",
        "dossiers-to-forward",
        "certificates-expiring-30",
        "certificates-expiring-90",
    },
    "provincial_officer": {
        "dossiers-to-assign",
        "sheets-to-score",
        "decisions-to-record",
        "certificates-expiring-30",
        "certificates-expiring-90",
        "inquiries-unanswered",
        "booth-sales-today",
        "imports-with-problems",
        "stamp-reports-new",
    },
    "council_member": {  # the chair of the round's council
        "sheets-to-score",
        "scoring-to-close",
        "decisions-to-record",
        "certificates-expiring-30",
        "certificates-expiring-90",
    },
    "central_officer": {
        "dossiers-to-central",
        "sheets-to-score",
        "decisions-to-record",
        "certificates-expiring-30",
        "certificates-expiring-90",
    },
    "buyer": {"inquiries-answered"},
}


def _queues(client, user) -> dict[str, int]:
    client.force_login(user)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return {item.queue.key: item.count for item in response.context["queues"]}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_exactly_the_queues_it_can_act_on(client, world, people, round_with_council, tea_set, role):
    assert set(_queues(client, people[role])) == EXPECTED[role]


@pytest.mark.parametrize("role", ["producer", "commune_officer", "provincial_officer", "chair", "secretary", "buyer"])
def test_every_count_equals_the_list_its_link_opens(client, world, people, round_with_council, tea_set, role):
    _fill(world, people, round_with_council, tea_set, 3)
    buyer_inquiry = inquiry_submit(
        product=ProductFactory(producer=world["qn"]),
        company="Mine",
        country="Japan",
        email="m@m.example",
        quantity="1",
        message="m",
        buyer=people["buyer"],
    )
    buyer_inquiry.status = InquiryStatus.ANSWERED
    buyer_inquiry.save(update_fields=["status"])
    counts = _queues(client, people[role])
    assert counts
    for key, count in counts.items():
        page = client.get(reverse("core:queue", args=[key]))
        assert page.status_code == 200, key
        assert page.context["listing"].count == count, key
        assert page.content.decode().count('<li class="queue-row">') == count, key


QN_COUNTS = {
    "producer": {
        "dossiers-returned": 3,
        "dossiers-draft": 3,
        "certificates-expiring-30": 3,
        "certificates-expiring-90": 6,
        "inquiries-unanswered": 3,
        "booth-sales-today": 3,
    },
    "commune_officer": {"dossiers-to-check": 3, "dossiers-to-forward": 3},
    "provincial_officer": {
        "dossiers-to-assign": 3,
        "inquiries-unanswered": 3,
        "booth-sales-today": 3,
        "imports-with-problems": 3,
        "stamp-reports-new": 3,
        "sheets-to-score": 0,
        "decisions-to-record": 0,
    },
    "chair": {"sheets-to-score": 3, "scoring-to-close": 0, "decisions-to-record": 0},
    "secretary": {"sheets-to-score": 0, "decisions-to-record": 3},
}


@pytest.mark.parametrize("role", sorted(QN_COUNTS))
def test_counts_are_what_waits_for_that_person(client, world, people, round_with_council, tea_set, role):
    _fill(world, people, round_with_council, tea_set, 3)
    counts = _queues(client, people[role])
    assert {key: counts[key] for key in QN_COUNTS[role]} == QN_COUNTS[role]


def test_a_submitted_sheet_and_a_sale_entered_leave_the_queues(client, world, people, round_with_council, tea_set):
    _fill(world, people, round_with_council, tea_set, 1)
    chair = CouncilMember.objects.get(council__round=round_with_council, user=people["chair"])
    assignment = Assignment.objects.get(member=chair)
    ScoreSheet.objects.create(
        dossier=assignment.dossier,
        member=chair,
        round=round_with_council,
        kind="member",
        status=ScoreSheet.Status.SUBMITTED,
    )
    assert _queues(client, people["chair"])["sheets-to-score"] == 0
    booth = Booth.objects.get(number="A0")
    booth.sales.create(day=timezone.localdate(), amount_vnd=5000)
    assert _queues(client, people["producer"])["booth-sales-today"] == 0


def test_another_roles_queue_is_not_found(client, world):
    client.force_login(world["users"]["buyer"])
    assert client.get(reverse("core:queue", args=["dossiers-to-check"])).status_code == 404
    client.force_login(world["users"]["commune_officer"])
    assert client.get(reverse("core:queue", args=["no-such-queue"])).status_code == 404


@pytest.mark.parametrize("role", ["producer", "provincial_officer", "chair"])
def test_dashboard_queries_do_not_grow_with_the_records(
    client, world, people, round_with_council, tea_set, role, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people[role])
    _fill(world, people, round_with_council, tea_set, 1)
    client.get(reverse("core:dashboard"))  # the criteria sheets reach the process cache
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:dashboard"))
    _fill(world, people, round_with_council, tea_set, 6)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("core:dashboard"))
    with django_assert_max_num_queries(40):
        client.get(reverse("core:dashboard"))
