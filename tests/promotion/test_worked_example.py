"""The article's figures (ocop-quang-ninh-2017.txt), reproduced from booth and day records.

Given Fair IV (2016, 6 days) and Fair V (2017, 5 days) entered day by day and booth by booth,
the report for Fair V says: 5 days, 54,000 visits, 6.8 bn đồng, in-province booths 3.9 bn,
+15 % visits per day, +45 % revenue per day, in-province revenue +28 % (growth of the total).
"""

import datetime
from decimal import Decimal

from ocop.promotion.models import EventType
from ocop.promotion.reports import event_report, series_report
from tests.promotion.builders import fill, make_event

BN = 1_000_000_000


def test_fair_v_report_reproduces_the_article(fairs):
    _, fair_iv, fair_v = fairs
    report = event_report(fair_v)
    figures = report.figures
    assert (figures.days, figures.visits, figures.revenue) == (5, 54_000, 6_800_000_000)
    assert figures.in_province_revenue == 3_900_000_000
    assert figures.out_province_revenue == 2_900_000_000
    assert (figures.visits_per_day, figures.revenue_per_day) == (10_800, 1_360_000_000)
    assert report.previous.event == fair_iv
    assert (report.previous.days, report.previous.visits, report.previous.revenue) == (6, 56_348, 5_627_586_000)
    # the article's three growth figures
    assert report.growth["visits"].per_day == Decimal("15.0")
    assert report.growth["revenue"].per_day == Decimal("45.0")
    assert report.growth["in_province_revenue"].total == Decimal("28.0")
    # and what the other readings would give, shown beside them with their labels
    assert report.growth["in_province_revenue"].per_day == Decimal("53.6")
    assert report.growth["visits"].total == Decimal("-4.2")
    assert report.growth["revenue"].total == Decimal("20.8")


def test_every_total_is_the_sum_of_the_day_table_and_of_the_booth_table(fairs):
    report = event_report(fairs[2])
    rows = report.figures.day_rows
    assert [row.day for row in rows] == [datetime.date(2017, 5, d) for d in range(9, 14)]
    assert sum(row.visits for row in rows) == report.figures.visits
    assert sum(row.revenue for row in rows) == report.figures.revenue
    assert sum(row.in_province_revenue for row in rows) == report.figures.in_province_revenue
    assert sum(row.total for row in report.booth_rows) == report.figures.revenue
    assert sum(row.total for row in report.booth_rows if row.in_province) == 3_900_000_000
    assert [row.total for row in report.booth_rows] == [2_100_000_000, 1_800_000_000, 1_500_000_000, 1_400_000_000]
    assert [item.label for item in report.top_producers][:2] == [
        "Hợp tác xã Trà hoa vàng Thử nghiệm",
        "Công ty Chả mực Thử nghiệm",
    ]


def test_series_report_lists_editions_with_growth_per_day(fairs):
    rows = series_report(fairs[0])
    assert [row.figures.event.edition_roman for row in rows] == ["IV", "V"]
    assert rows[0].growth["visits"].per_day is None
    assert rows[1].growth["revenue"].per_day == Decimal("45.0")


def test_connection_week_2017(world):
    officer = world["users"]["provincial_officer"]
    week = make_event(
        actor=officer,
        name="Tuần kết nối tiêu dùng sản phẩm OCOP 2017",
        event_type=EventType.CONNECTION_WEEK,
        first_day=datetime.date(2017, 9, 28),
        days=3,
    )
    fill(week, actor=officer, visits=12_000, booths=[(world["qn"], 552_000_000), (world["qn_other"], 500_000_000)])
    report = event_report(week)
    assert (report.figures.days, report.figures.visits, report.figures.revenue) == (3, 12_000, 1_052_000_000)
    assert report.figures.revenue > 1 * BN
    assert report.previous is None
    assert report.growth["visits"].per_day is None
