"""The reference article's headline, built from records: 672 bn VND of OCOP sales in three years
(2014–2016) against a 200 bn target → the dashboard reports 336 %."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from ocop.programme.dashboard import overview_build
from ocop.programme.selectors import Scope, headline, targets_for
from ocop.programme.services import sales_line_save, target_set

TODAY = datetime.date(2017, 10, 15)
BILLION = 1_000_000_000


def _article_sales(world, products, admin):
    # Ba Chẽ tea, Ba Chẽ wine and Hạ Long squid cakes, quarterly, across channels: 672 bn in total.
    plan = {
        2014: [("tea", "direct_other", 40), ("wine", "retail_chains", 60), ("squid", "fairs_events", 80)],
        2015: [("tea", "direct_other", 70), ("wine", "ecommerce", 50), ("squid", "retail_chains", 100)],
        2016: [("tea", "export", 90), ("wine", "retail_chains", 80), ("squid", "fairs_events", 102)],
    }
    for year, rows in plan.items():
        for key, channel, billions in rows:
            for quarter in range(1, 5):
                sales_line_save(
                    actor=admin,
                    product=products[key],
                    year=year,
                    period_kind="quarter",
                    period=quarter,
                    channel=channel,
                    amount_vnd=billions * BILLION // 4,
                )


def test_article_headline_336_percent(world, products, qn, phase1, indicator):
    admin = world["users"]["admin"]
    _article_sales(world, products, admin)
    target_set(actor=admin, phase=phase1, indicator=indicator("ocop_sales_revenue"), province=qn, value=200 * BILLION)

    scope = Scope(province=qn)
    [progress] = targets_for(phase1, scope, TODAY)
    assert progress.actual == Decimal(672 * BILLION)
    assert progress.progress == Decimal("336.0")
    assert progress.status == "met"

    with translation.override("vi"):
        line = headline(phase1, scope, TODAY)
    assert line.text == (
        "Doanh số bán hàng OCOP của Quảng Ninh trong 3 năm (2014–2016) đạt 672 tỷ đồng, "
        "gấp hơn 3 lần mục tiêu đề ra (200 tỷ đồng; đạt 336 %)."
    )
    with translation.override("en"):
        line = headline(phase1, scope, TODAY)
    assert line.text == (
        "OCOP sales of Quảng Ninh reached 672 bn VND in 3 years (2014–2016), "
        "more than 3 times the target (200 bn VND; 336% achieved)."
    )


def test_article_dashboard_page_shows_336(client, world, products, qn, phase1, indicator):
    admin = world["users"]["admin"]
    _article_sales(world, products, admin)
    target_set(actor=admin, phase=phase1, indicator=indicator("ocop_sales_revenue"), province=qn, value=200 * BILLION)
    client.force_login(world["users"]["provincial_officer"])
    response = client.get(reverse("programme:overview"), {"phase": "2013-2016"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "336,0 %" in html  # progress in the targets table
    assert "672 tỷ đồng" in html
    dashboard = overview_build(phase=phase1, scope=Scope(province=qn), today=TODAY)
    sales = next(f for f in dashboard.figures if f.code == "ocop_sales_revenue")
    assert sales.value == Decimal(672 * BILLION)
