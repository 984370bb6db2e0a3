"""Loading into the database: every set with its status, idempotent, the sheet read back equals the parsed one."""

from decimal import Decimal

import pytest

from ocop.core.models import AuditEvent
from ocop.criteria import selectors
from ocop.criteria.models import CriteriaVersion, Criterion, Knockout, Option, ProductGroup, ProductSet
from ocop.criteria.services import criteria_load
from tests.criteria.conftest import parsed_sheets

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("criteria_db")]


def test_versions_groups_and_sets_are_loaded():
    assert list(CriteriaVersion.objects.order_by("code").values_list("code", "has_sheets")) == [
        ("QD1048", False),
        ("QD148", True),
    ]
    qd1048 = CriteriaVersion.objects.get(code="QD1048")
    assert [p["max_points"] for p in qd1048.parts] == ["35", "25", "40"]
    assert ProductGroup.objects.filter(version=qd1048).count() == 6
    assert ProductGroup.objects.filter(version__code="QD148").count() == 6
    statuses = dict(ProductSet.objects.values_list("number", "status"))
    assert len(statuses) == 26
    assert {n for n, s in statuses.items() if s == "unverified"} == {7, 11, 12, 13}
    assert {n for n, s in statuses.items() if s == "corrected"} == {3, 17, 18}


def test_corrections_and_problems_are_recorded_on_the_set():
    set17 = ProductSet.objects.get(version__code="QD148", number=17)
    assert [(c["line"], c["field"], c["old"], c["new"]) for c in set17.corrections] == [(20, "score", "l", "1")]
    assert [(p["line"], p["code"], p["resolution"]) for p in set17.problems] == [(20, "unreadable_number", "corrected")]
    set07 = ProductSet.objects.get(version__code="QD148", number=7)
    assert set07.unverified_reason.startswith("Tiêu chí 6.d) Mùi (dòng 119)")
    assert Option.objects.get(criterion__product_set=set17, code="1.4-2").points == Decimal(1)


def test_loading_twice_changes_nothing():
    counts = (Criterion.objects.count(), Option.objects.count(), Knockout.objects.count(), AuditEvent.objects.count())
    updated = dict(ProductSet.objects.values_list("pk", "updated_at"))
    report = criteria_load()
    assert report.changed_sets == []
    assert (
        Criterion.objects.count(),
        Option.objects.count(),
        Knockout.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert dict(ProductSet.objects.values_list("pk", "updated_at")) == updated


def test_a_changed_fingerprint_reloads_the_set_and_audits_it():
    ProductSet.objects.filter(version__code="QD148", number=5).update(fingerprint="old")
    report = criteria_load()
    assert report.changed_sets == ["QD148/05"]
    event = AuditEvent.objects.filter(action="criteria_set_load").latest("id")
    assert event.before["fingerprint"] == "old"


@pytest.mark.parametrize("number", [1, 11, 13, 26])
def test_the_sheet_read_from_the_database_equals_the_parsed_one(number):
    product_set = ProductSet.objects.select_related("version").get(version__code="QD148", number=number)
    from_db = selectors.sheet_get(product_set=product_set)
    parsed = parsed_sheets()[number]
    assert from_db.criteria == parsed.criteria
    assert from_db.sections == parsed.sections
    assert from_db.knockouts == tuple(sorted(parsed.knockouts, key=lambda k: k.source_line))
    assert (from_db.max_total, from_db.leaf_codes, from_db.status) == (
        parsed.max_total,
        parsed.leaf_codes,
        parsed.status,
    )


def test_sheet_reads_use_a_fixed_number_of_queries(django_assert_max_num_queries):
    product_set = ProductSet.objects.select_related("version").get(version__code="QD148", number=8)
    selectors.sheet_cache_clear()
    with django_assert_max_num_queries(6):
        selectors.sheet_get(product_set=product_set)
    with django_assert_max_num_queries(0):
        selectors.sheet_get(product_set=product_set)
