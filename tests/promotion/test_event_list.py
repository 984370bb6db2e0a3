"""The signed-in list of events sorts by each column, pages with its count and keeps its filters in the
links (it stopped at 200 events with no way to the rest).

Given three events of Quảng Ninh in 2026 (Cô Tô's fair in May, closed and held abroad, no booth; Đầm Hà's
market session in March, two booths; Hạ Long's connection week in January, one booth), when the provincial
officer opens /promotion/ with a sort or a filter, then the events come in that order.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.accounts.system import SystemCaller
from ocop.promotion.models import Event, EventStatus, EventType
from ocop.promotion.services import booth_create
from ocop.promotion.views import EVENTS_PAGE
from tests.factories import province
from tests.listing_helpers import header_links, links_missing, pager_links, pager_text, row_ids
from tests.promotion.builders import make_event

pytestmark = pytest.mark.django_db


def booths(event, count: int) -> None:
    for n in range(count):
        booth_create(
            actor=None,
            system=SystemCaller.DEMO,
            event=event,
            number=f"A{n}",
            exhibitor_name=f"HTX {n}",
            exhibitor_province=province(1),
        )


@pytest.fixture
def events(world):
    co_to = make_event(first_day=datetime.date(2026, 5, 1), days=3, name="Cô Tô hội chợ", event_type=EventType.FAIR)
    dam_ha = make_event(
        first_day=datetime.date(2026, 3, 1), days=2, name="Đầm Hà phiên chợ", event_type=EventType.MARKET_SESSION
    )
    ha_long = make_event(
        first_day=datetime.date(2026, 1, 10), days=7, name="Hạ Long tuần kết nối", event_type=EventType.CONNECTION_WEEK
    )
    booths(dam_ha, 2)
    booths(ha_long, 1)
    Event.objects.filter(pk=co_to.pk).update(status=EventStatus.CLOSED, country="Nhật Bản", city="Tokyo")
    return {co_to.pk: "co_to", dam_ha.pk: "dam_ha", ha_long.pk: "ha_long"}


def table_ids(html: str) -> list[int]:
    """The events of the sortable table, in order (the "upcoming" list above it is left out)."""
    return row_ids(html.split('class="sortable', 1)[1], "/promotion/events/")


def shown(client, world, query: str) -> str:
    client.force_login(world["users"]["provincial_officer"])
    response = client.get(f"/promotion/events/?{query}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["co_to", "dam_ha", "ha_long"]),  # the latest first
        ("period", ["ha_long", "dam_ha", "co_to"]),
        ("name", ["co_to", "dam_ha", "ha_long"]),  # folded: "Đầm Hà" between "Cô Tô" and "Hạ Long"
        ("-name", ["ha_long", "dam_ha", "co_to"]),
        ("type", ["co_to", "dam_ha", "ha_long"]),  # Hội chợ, Phiên chợ, Tuần kết nối
        ("-type", ["ha_long", "dam_ha", "co_to"]),
        ("place", ["dam_ha", "ha_long", "co_to"]),  # in the country, the latest first, then abroad
        ("booths", ["co_to", "ha_long", "dam_ha"]),
        ("-booths", ["dam_ha", "ha_long", "co_to"]),
        ("status", ["co_to", "dam_ha", "ha_long"]),  # Đã chốt số liệu, then Đã công bố, the latest first
        ("password", ["co_to", "dam_ha", "ha_long"]),
    ],
)
def test_the_events_sort_by_each_column(client, world, events, sort, expected):
    html = shown(client, world, f"sort={sort}")
    assert [events[pk] for pk in table_ids(html)] == expected
    assert pager_text(html) == "3 sự kiện"


def test_the_filters_stay_in_the_header_links_and_the_form(client, world, events):
    html = shown(client, world, "q=ha&year=2026&sort=period&page=abc")
    assert [events[pk] for pk in table_ids(html)] == ["ha_long", "dam_ha"]
    assert pager_text(html) == "2 sự kiện"
    links = header_links(html)
    assert len(links) == 6
    assert links_missing(links, "q=ha") == []
    assert links_missing(links, "year=2026") == []
    assert '<input type="hidden" name="sort" value="period">' in html


def test_the_type_filter_still_narrows(client, world, events):
    html = shown(client, world, "type=market_session&sort=-name")
    assert [events[pk] for pk in table_ids(html)] == ["dam_ha"]


def test_page_two_holds_the_events_past_the_first_page(client, world):
    first = datetime.date(2026, 1, 1)
    made = [
        make_event(first_day=first + datetime.timedelta(days=n), days=1, name=f"Phiên chợ {n:03}")
        for n in range(EVENTS_PAGE + 1)
    ]
    html = shown(client, world, "sort=period&page=2")
    assert table_ids(html) == [made[-1].pk]
    assert pager_text(html) == f"Trang 2/2 · {EVENTS_PAGE + 1} sự kiện"
    assert links_missing(pager_links(html), "sort=period") == []


def test_the_query_count_does_not_grow_with_the_rows(client, world, events):
    client.force_login(world["users"]["provincial_officer"])
    with CaptureQueriesContext(connection) as few:
        client.get("/promotion/events/?sort=booths")
    for n in range(5):
        make_event(first_day=datetime.date(2026, 6, 1 + n), days=2, name=f"Phiên chợ thêm {n}")
    with CaptureQueriesContext(connection) as many:
        html = client.get("/promotion/events/?sort=booths").content.decode()
    assert len(table_ids(html)) == 8
    assert len(many) == len(few)
