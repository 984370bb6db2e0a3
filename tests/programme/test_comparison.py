"""The provinces side by side on the national overview: every province a row, each figure the records
of that province, a row for the whole country that adds the column up, and links that open them."""

from decimal import Decimal

import pytest
from django.utils import timezone, translation

from ocop.geo.models import Province
from ocop.programme.dashboard import overview_build
from ocop.programme.selectors import Scope, phase_by_code
from tests.programme.helpers import sell_this_year

pytestmark = pytest.mark.django_db
TITLE = "So sánh các tỉnh, thành phố"


def _table(scope):
    with translation.override("vi"):
        dashboard = overview_build(phase=phase_by_code(None), scope=scope, today=timezone.localdate())
    return next((table for table in dashboard.tables if table.title == TITLE), None)


def test_every_province_has_a_row_with_its_own_records_and_the_country_adds_up(world, products):
    sell_this_year(world, products)
    table = _table(Scope())
    assert table.headers[0] == "Tỉnh, thành phố"
    rows = {row[0].text: row for row in table.rows}
    assert len(table.rows) == Province.objects.count() + 1
    sales = table.headers.index("Doanh số")
    in_programme = table.headers.index("Sản phẩm tham gia")
    assert rows["Quảng Ninh"][sales].value == Decimal(50_000_000)
    assert rows["Lào Cai"][sales].value == Decimal(10_000_000)
    assert rows["An Giang"][sales].value == 0
    assert rows["Cả nước"][sales].value == Decimal(60_000_000)
    for column in range(1, len(table.headers)):
        assert rows["Cả nước"][column].value == sum(row[column].value for row in table.rows[:-1])
    assert "Chủ thể" not in table.headers
    assert rows["Lào Cai"][in_programme].value == 1


def test_each_cell_opens_its_records_and_each_province_its_overview(client, world, products):
    sell_this_year(world, products)
    row = next(row for row in _table(Scope()).rows if row[0].text == "Quảng Ninh")
    assert row[0].href.startswith("/programme/?")
    assert "province=22" in row[0].href
    client.force_login(world["users"]["central_officer"])
    overview = client.get(row[0].href)
    assert overview.status_code == 200
    assert TITLE not in overview.content.decode()  # a province's overview has no comparison
    sales = client.get(row[-1].href)
    assert sales.status_code == 200
    assert "province=22" in row[-1].href
    page = client.get("/programme/").content.decode()
    assert TITLE in page
    assert 'href="/programme/?phase=' in page


def test_a_provincial_officer_sees_their_province_not_the_comparison(client, world, products):
    assert _table(Scope(province=Province.objects.get(code=22))) is None
    client.force_login(world["users"]["provincial_officer"])
    assert TITLE not in client.get("/programme/").content.decode()


def test_the_table_costs_the_same_queries_for_two_provinces_as_for_one(world, products):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sell_this_year(world, products)
    with CaptureQueriesContext(connection) as two:
        _table(Scope())
    products["lc"].producer.commune = products["tea"].producer.commune
    products["lc"].producer.save(update_fields=["commune"])
    with CaptureQueriesContext(connection) as one:
        _table(Scope())
    assert len(two.captured_queries) == len(one.captured_queries)
