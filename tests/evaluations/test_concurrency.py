"""Real parallel connections on PostgreSQL: no score is lost and no close happens on a partial set.

Each scenario runs two service calls in two threads (each thread has its own database connection).
One call is slowed down inside its transaction, after it has taken the dossier's row lock, so the
other call really runs while the first is in the middle of its work.
"""

import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection

from ocop.core.errors import DomainError
from ocop.evaluations import scoring, services
from ocop.evaluations.models import CouncilResult, Dossier, ScoreSheet
from tests.evaluations.conftest import star4_answers
from tests.evaluations.test_services import forwarded_dossier
from tests.factories import ProductFactory
from tests.races import ON_POSTGRESQL

pytestmark = ON_POSTGRESQL


@pytest.fixture(scope="module", autouse=True)
def _restore_reference_data(django_db_blocker):
    """The transactional test empties every table when it ends: load the units and criteria again after it."""
    yield
    if connection.vendor == "sqlite":
        return
    with django_db_blocker.unblock():
        call_command("ocop_geo_load", verbosity=0)
        call_command("ocop_criteria_load", verbosity=0)


def _run(target, results, key):
    try:
        results[key] = target()
    except DomainError as error:
        results[key] = error
    finally:
        connection.close()


def _parallel(first, second, *, head_start=0.15):
    results: dict = {}
    threads = [
        threading.Thread(target=_run, args=(first, results, "first")),
        threading.Thread(target=_run, args=(second, results, "second")),
    ]
    threads[0].start()
    time.sleep(head_start)
    threads[1].start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _slow(monkeypatch, module, name, seconds=0.6):
    original = getattr(module, name)

    def slowed(*args, **kwargs):
        value = original(*args, **kwargs)
        time.sleep(seconds)
        return value

    monkeypatch.setattr(module, name, slowed)


def _assigned(people, sheet, round_, tea_set, name) -> Dossier:
    product = ProductFactory(producer=people["producer"].producer, name_vi=name, product_set=tea_set)
    dossier = forwarded_dossier(people, product, sheet)
    services.dossier_assign(actor=people["provincial_officer"], round_=round_, dossier=dossier)
    return Dossier.objects.get(pk=dossier.pk)


def test_parallel_members_and_chair_lose_no_score_and_never_close_on_a_partial_set(
    people, sheet, tea_set, round_with_council, monkeypatch
):
    # One test (one flush of the database afterwards) with three scenarios, each on its own dossier.

    # 1. Two members submit at once: both sheets are kept, complete.
    dossier = _assigned(people, sheet, round_with_council, tea_set, "Trà thử song song 1")
    with monkeypatch.context() as patch:
        _slow(patch, scoring, "answers_store")
        results = _parallel(
            lambda: services.score_save(
                actor=people["member2"], dossier=dossier, answers=star4_answers(sheet), submit=True
            ),
            lambda: services.score_save(
                actor=people["member3"], dossier=dossier, answers=star4_answers(sheet, **{"5.1": "5.1-6"}), submit=True
            ),
        )
    assert not isinstance(results["first"], Exception)
    assert not isinstance(results["second"], Exception)
    sheets = ScoreSheet.objects.filter(dossier=dossier, kind="member")
    assert sorted((s.member.user_id, str(s.total), s.status, s.answers.count()) for s in sheets) == sorted(
        [
            (people["member2"].pk, "81.00", "submitted", len(sheet.leaf_codes)),
            (people["member3"].pk, "83.00", "submitted", len(sheet.leaf_codes)),
        ]
    )

    # 2. The chair closes while the last member is submitting: the close waits and uses all three sheets.
    dossier = _assigned(people, sheet, round_with_council, tea_set, "Trà thử song song 2")
    for user in ("chair", "member3"):
        services.score_save(actor=people[user], dossier=dossier, answers=star4_answers(sheet), submit=True)
    with monkeypatch.context() as patch:
        _slow(patch, scoring, "answers_store")  # the member holds the dossier's lock while saving
        results = _parallel(
            lambda: services.score_save(
                actor=people["member2"], dossier=dossier, answers=star4_answers(sheet, **{"4.2": "4.2-3"}), submit=True
            ),
            lambda: services.dossier_close(actor=people["chair"], dossier=dossier),
        )
    result = results["second"]
    assert isinstance(result, CouncilResult), result
    assert sorted(t["total"] for t in result.member_totals) == ["80.00", "81.00", "81.00"]
    assert str(result.total) == "80.67"

    # 3. A member revises while the chair closes: the revision is refused, not silently lost.
    dossier = _assigned(people, sheet, round_with_council, tea_set, "Trà thử song song 3")
    for user in ("chair", "member2", "member3"):
        services.score_save(actor=people[user], dossier=dossier, answers=star4_answers(sheet), submit=True)
    with monkeypatch.context() as patch:
        _slow(patch, scoring, "median_total")  # the chair holds the dossier's lock while closing
        results = _parallel(
            lambda: services.dossier_close(actor=people["chair"], dossier=dossier),
            lambda: services.score_save(
                actor=people["member3"], dossier=dossier, answers=star4_answers(sheet, **{"5.1": "5.1-6"}), submit=True
            ),
        )
    assert isinstance(results["first"], CouncilResult), results["first"]
    assert isinstance(results["second"], DomainError)
    assert "Hội đồng đã chốt điểm" in results["second"].message
    stored = {s.member_id: str(s.total) for s in ScoreSheet.objects.filter(dossier=dossier, kind="member")}
    closed = {t["member_id"]: t["total"] for t in results["first"].member_totals}
    assert stored == closed == dict.fromkeys(stored, "81.00")
