"""A work-queue page pages with the shared pager: the count, page 2's rows, the links keep the address.

Given 51 unanswered buyers' inquiries in Quảng Ninh (50 a page, oldest first), when the provincial
officer opens the queue, then page 1 shows the oldest 50 and the count, page 2 the newest one, and
the page's queries do not grow with the records.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.core.views import QUEUE_PAGE
from ocop.trade.services import inquiry_submit
from tests.factories import ProductFactory
from tests.listing_helpers import links_missing, pager_links, pager_text

pytestmark = pytest.mark.django_db

URL = reverse("core:queue", args=["inquiries-unanswered"])


def add_inquiries(world, first: int, count: int) -> None:
    product = ProductFactory(producer=world["qn"], name_vi=f"Trà hoa vàng {first}")
    for number in range(first, first + count):
        inquiry_submit(
            product=product,
            company=f"Buyer {number:02d}",
            country="Japan",
            email="b@b.example",
            quantity="1",
            message="m",
        )


def companies(html: str) -> list[str]:
    return re.findall(r'<li class="queue-row"><a href="[^"]*">Buyer (\d+) \(Japan\)</a>', html)


@pytest.fixture
def officer(client, world):
    client.force_login(world["users"]["provincial_officer"])
    return client


def test_the_queue_pages_oldest_first_with_the_count(officer, world):
    add_inquiries(world, 0, QUEUE_PAGE + 1)
    first = officer.get(URL)
    assert first.status_code == 200
    html = first.content.decode()
    assert companies(html) == [f"{number:02d}" for number in range(QUEUE_PAGE)]
    assert pager_text(html) == "Trang 1/2 · 51 việc đang chờ"
    assert [link for link in pager_links(html) if "page=2" in link] == [f"{URL}?page=2", f"{URL}?page=2"]

    second = officer.get(f"{URL}?page=2").content.decode()
    assert companies(second) == ["50"]
    assert pager_text(second) == "Trang 2/2 · 51 việc đang chờ"
    assert 'start="51"' in second  # the numbering goes on from page 1


def test_the_pager_links_keep_the_rest_of_the_address(officer, world):
    add_inquiries(world, 0, QUEUE_PAGE + 1)
    html = officer.get(f"{URL}?page=2&from=dashboard").content.decode()
    assert links_missing(pager_links(html), "from=dashboard") == []


def test_a_page_past_the_end_or_not_a_number_still_answers(officer, world):
    add_inquiries(world, 0, QUEUE_PAGE + 1)
    assert companies(officer.get(f"{URL}?page=9").content.decode()) == ["50"]
    assert len(companies(officer.get(f"{URL}?page=abc").content.decode())) == QUEUE_PAGE


def test_a_short_queue_shows_the_count_without_page_links(officer, world):
    add_inquiries(world, 0, 2)
    html = officer.get(URL).content.decode()
    assert companies(html) == ["00", "01"]
    assert pager_text(html) == "2 việc đang chờ"
    assert pager_links(html) == []


def test_the_count_in_english(officer, world):
    add_inquiries(world, 0, 1)
    officer.cookies["django_language"] = "en"
    assert pager_text(officer.get(URL).content.decode()) == "1 item waiting"


def test_the_queue_page_queries_do_not_grow_with_the_records(officer, world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert officer.get(URL).status_code == 200
        return len(captured)

    add_inquiries(world, 0, 2)
    officer.get(URL)  # caches warm
    few = queries()
    add_inquiries(world, 2, 20)
    assert queries() == few
