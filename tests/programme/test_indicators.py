import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ocop.programme.models import Indicator
from ocop.programme.selectors import Scope, indicator_breakdown, indicator_total, query_for, reported_rows
from ocop.programme.services import funding_record, investment_select, reported_statistic_record
from tests.factories import booth_sale, make_certificate

pytestmark = pytest.mark.usefixtures("criteria_db")
TODAY = datetime.date(2026, 11, 29)


def _value(code, phase=None, scope=None, years=None, today=TODAY, **filters):
    indicator = Indicator.objects.get(code=code)
    query = query_for(phase=phase, scope=scope or Scope(), today=today, years=years)
    if filters:
        query = query.narrowed(**filters)
    return indicator_total(indicator, query)


def test_products_and_producers_in_the_programme(world, products, qn):
    products["wine"].status = "idea"
    products["wine"].save()
    assert _value("products_in_programme", years=(2026, 2026)) == 3
    assert _value("products_in_programme", scope=Scope(province=qn), years=(2026, 2026)) == 2
    assert _value("producers", scope=Scope(province=qn), years=(2026, 2026)) == 2
    rows = indicator_breakdown(
        Indicator.objects.get(code="producers"),
        query_for(scope=Scope(), today=TODAY, years=(2026, 2026)),
        "producer_type",
    )
    assert [(key, value) for key, _label, value in rows] == [("cooperative", Decimal(3))]


def test_certified_products_on_a_day_count_each_product_once(world, products, qn):
    old = make_certificate(
        products["tea"], stars=3, months=36, valid_from=datetime.date(2019, 5, 1), status="superseded"
    )
    new = make_certificate(products["tea"], stars=4, months=36, valid_from=datetime.date(2021, 6, 1), supersedes=old)
    make_certificate(products["wine"], stars=5, months=36, valid_from=datetime.date(2022, 3, 1))
    make_certificate(products["squid"], stars=3, months=36, valid_from=datetime.date(2015, 1, 1), status="expired")
    revoked = make_certificate(
        products["lc"],
        stars=4,
        months=36,
        valid_from=datetime.date(2024, 1, 1),
        status="revoked",
        revoked_at=timezone.make_aware(datetime.datetime(2024, 6, 1)),
    )
    assert new.supersedes_id == old.pk
    assert revoked.pk
    scope = Scope(province=qn)
    assert (
        _value("certified_products_3plus", scope=scope, years=(2021, 2021)) == 1
    )  # tea (★4 from June); squid expired 2017
    assert _value("certified_products_3plus", scope=scope, years=(2017, 2017)) == 1  # squid 2015–2017
    assert _value("certified_products_3plus", scope=scope, years=(2023, 2023)) == 2
    assert _value("certified_products_4plus", scope=scope, years=(2023, 2023)) == 2
    assert _value("national_5star_products", scope=scope, years=(2023, 2023)) == 1
    assert _value("certified_products_3plus", years=(2024, 2024), today=datetime.date(2024, 3, 1)) == 3
    assert _value("certified_products_3plus", years=(2024, 2024)) == 1  # tea expired in May, Lào Cai revoked in June
    per_star = indicator_breakdown(
        Indicator.objects.get(code="certified_products_3plus"),
        query_for(scope=scope, today=TODAY, years=(2023, 2023)),
        "star",
    )
    assert [(key, value) for key, _l, value in per_star] == [(4, 1), (5, 1)]
    # New products: first certificate in the phase's years.
    assert _value("new_products", years=(2017, 2020), scope=scope) == 1  # tea 2019
    assert _value("new_products", years=(2021, 2025), scope=scope) == 1  # wine 2022
    assert _value("developed_products", years=(2021, 2025), scope=scope) == 1  # tea again in 2021


def test_star_funnel(world, products, qn, phase2):
    admin = world["users"]["admin"]
    for key in ("tea", "wine", "squid"):
        investment_select(actor=admin, phase=phase2, product=products[key], selected_on=datetime.date(2017, 9, 1))
    make_certificate(products["tea"], stars=4, months=36, valid_from=datetime.date(2019, 4, 1))
    make_certificate(
        products["wine"], stars=5, months=36, valid_from=datetime.date(2020, 8, 1), authority_level="central"
    )
    make_certificate(products["squid"], stars=3, months=36, valid_from=datetime.date(2019, 4, 1))
    scope = Scope(province=qn)
    assert [
        _value(code, phase=phase2, scope=scope) for code in ("funnel_selected", "funnel_star45", "funnel_national5")
    ] == [3, 2, 1]


def test_funding_and_community_share(world, qn):
    officer = world["users"]["provincial_officer"]
    for source, amount in (("community", 76), ("state_budget", 20), ("credit", 4)):
        funding_record(actor=officer, province=qn, year=2018, source=source, amount_vnd=amount * 1_000_000)
    scope = Scope(province=qn)
    assert _value("funding_total", years=(2017, 2020), scope=scope) == 100_000_000
    assert _value("funding_community_share", years=(2017, 2020), scope=scope) == Decimal("76.0")
    assert _value("funding_total", years=(2017, 2020), scope=scope, source="credit") == 4_000_000


def test_events_visits_and_event_revenue(world, qn):
    booth_sale(world["qn"], day=datetime.date(2017, 5, 3), amount=6_800_000_000)
    assert _value("events_held", years=(2017, 2017), scope=Scope(province=qn)) == 1
    assert _value("event_revenue", years=(2017, 2017), scope=Scope(province=qn)) == 6_800_000_000
    assert _value("event_visits", years=(2017, 2017), scope=Scope(province=qn)) == 0


def test_reported_figures_are_shown_beside_computed_ones_never_mixed(world, products, qn):
    admin = world["users"]["admin"]
    indicator = Indicator.objects.get(code="certified_products_3plus")
    for value, source in ((336, "Nguồn A"), (346, "Nguồn B")):
        reported_statistic_record(
            actor=admin,
            indicator=indicator,
            province=qn,
            value=Decimal(value),
            as_of=datetime.date(2023, 10, 31),
            source=source,
        )
    make_certificate(products["tea"], stars=3, months=36, valid_from=datetime.date(2022, 1, 1))
    rows = reported_rows(Scope(province=qn), TODAY)
    assert [(int(r.statistic.value), r.statistic.source, r.computed, r.agrees) for r in rows] == [
        (336, "Nguồn A", Decimal(1), False),
        (346, "Nguồn B", Decimal(1), False),
    ]
    assert [o.value for o in rows[0].others] == [Decimal(346)]
    # The published figures never change the computed one.
    assert _value("certified_products_3plus", years=(2023, 2023), scope=Scope(province=qn)) == 1


def test_a_missing_source_app_makes_its_indicators_unavailable_not_broken(world, products, monkeypatch):
    from django.apps import apps as django_apps

    real = django_apps.get_model

    def missing(app_label, model_name=None, **kw):
        if app_label.startswith("trade"):
            raise LookupError(app_label)
        return real(app_label, model_name, **kw)

    monkeypatch.setattr(django_apps, "get_model", missing)
    assert _value("ecommerce_listings", years=(2026, 2026)) is None
    assert _value("producers", years=(2026, 2026)) == 3
