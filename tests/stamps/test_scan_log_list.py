"""The scan log sorts by each column, pages with its count and keeps its filters in the links.

Given three scans of three runs (Hạ Long, Cô Tô, Đầm Hà, created in that order) in the last week of
November 2026, when the provincial officer opens /stamps/scans/log/ with a sort, then the scans come
in that order; with more scans than a page, page 2 holds the rest.
"""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.accounts.system import SystemCaller
from ocop.core.text import fold_vietnamese
from ocop.stamps.models import StampScan
from ocop.stamps.services import stamp_run_create
from ocop.stamps.views import SCAN_LOG_PAGE
from tests.factories import ProductFactory, make_certificate
from tests.listing_helpers import header_links, links_missing, pager_links, pager_text

pytestmark = pytest.mark.django_db

PERIOD = "start=2026-11-24&end=2026-11-30"
URL = "/stamps/scans/log/"


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def make_run(world, name: str, gtin: str):
    product = ProductFactory(producer=world["qn"], name_vi=name, name_folded=fold_vietnamese(name), gtin=gtin)
    return stamp_run_create(
        user=None,
        system=SystemCaller.DEMO,
        certificate=make_certificate(product),
        lot_number="L-1",
        production_date=date(2026, 11, 1),
        best_before=date(2027, 5, 1),
        quantity=200,
    )


@pytest.fixture
def runs(world):
    return {
        "ha_long": make_run(world, "Chả mực Hạ Long", "8936000000028"),
        "co_to": make_run(world, "Cá Cô Tô", "8936000000035"),
        "dam_ha": make_run(world, "Chè Đầm Hà", "8936000000042"),
    }


@pytest.fixture
def scans(runs):
    """s1: Cô Tô's stamp 1 on the 25th, first scan, Quảng Ninh, a computer; s2: Đầm Hà's stamp 2 on the
    26th, second scan, unknown place, a phone; s3: Hạ Long's stamp 3 on the 27th, third, Hà Nội, a scanner."""
    rows = [
        ("co_to", 1, at(25, 2), 1, "Quảng Ninh", "computer"),
        ("dam_ha", 2, at(26, 3), 2, "", "phone"),
        ("ha_long", 3, at(27, 1), 3, "Hà Nội", "scanner"),
    ]
    shown = {}
    for name, (run, index, when, number, region, agent) in zip(("s1", "s2", "s3"), rows, strict=True):
        StampScan.objects.create(
            run=runs[run], index=index, scanned_at=when, scan_number=number, region=region, agent=agent
        )
        shown[f"{runs[run].pk}-{index}"] = name
    return shown


def serials(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<td class="st-serial"[^>]*><a [^>]*>([^<]+)</a>', body)


def shown(client, world, query: str) -> str:
    client.force_login(world["users"]["provincial_officer"])
    response = client.get(f"{URL}?{PERIOD}&{query}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["s3", "s2", "s1"]),  # the newest first
        ("at", ["s1", "s2", "s3"]),
        ("-at", ["s3", "s2", "s1"]),
        ("stamp", ["s3", "s1", "s2"]),  # by run, as created: Hạ Long, Cô Tô, Đầm Hà
        ("number", ["s1", "s2", "s3"]),
        ("-number", ["s3", "s2", "s1"]),
        ("region", ["s2", "s3", "s1"]),
        ("agent", ["s2", "s3", "s1"]),  # Điện thoại, Máy quét…, Máy tính
        ("product", ["s1", "s3", "s2"]),  # folded: ca co to, cha muc ha long, che dam ha
        ("password", ["s3", "s2", "s1"]),
    ],
)
def test_the_scan_log_sorts_by_each_column(client, world, scans, sort, expected):
    html = shown(client, world, f"sort={sort}")
    assert [scans[serial] for serial in serials(html)] == expected
    assert pager_text(html) == "3 lượt quét"


def test_the_product_sort_follows_the_folded_vietnamese_names(client, world, scans):
    # "ca co to" < "cha muc ha long" < "che dam ha": Cô Tô, Hạ Long, Đầm Hà
    html = shown(client, world, "sort=product")
    assert [scans[serial] for serial in serials(html)] == ["s1", "s3", "s2"]
    html = shown(client, world, "sort=-product")
    assert [scans[serial] for serial in serials(html)] == ["s2", "s3", "s1"]


def test_the_filters_stay_in_the_header_links_and_the_form(client, world, scans):
    html = shown(client, world, "first=on&sort=number&page=abc")
    assert [scans[serial] for serial in serials(html)] == ["s1"]
    links = header_links(html)
    assert len(links) == 6
    assert links_missing(links, "first=on") == []
    assert links_missing(links, "start=2026-11-24") == []
    assert '<input type="hidden" name="sort" value="number">' in html


def test_page_two_holds_the_scans_past_the_first_page(client, world, runs):
    run = runs["co_to"]
    StampScan.objects.bulk_create(
        StampScan(run=run, index=index, scanned_at=at(25, 0) + timedelta(minutes=index), scan_number=1)
        for index in range(1, SCAN_LOG_PAGE + 2)
    )
    html = shown(client, world, "region=&sort=at&page=2")
    assert serials(html) == [f"{run.pk}-{SCAN_LOG_PAGE + 1}"]
    assert pager_text(html) == f"Trang 2/2 · {SCAN_LOG_PAGE + 1} lượt quét"
    assert links_missing(pager_links(html), "sort=at") == []
    assert links_missing(pager_links(html), "start=2026-11-24") == []


def test_the_query_count_does_not_grow_with_the_rows(client, world, runs, scans):
    client.force_login(world["users"]["provincial_officer"])
    with CaptureQueriesContext(connection) as few:
        client.get(f"{URL}?{PERIOD}&sort=product")
    StampScan.objects.bulk_create(
        StampScan(run=runs[name], index=10 + step, scanned_at=at(28, step), scan_number=1)
        for step, name in enumerate(("ha_long", "co_to", "dam_ha", "co_to", "ha_long"))
    )
    with CaptureQueriesContext(connection) as many:
        html = client.get(f"{URL}?{PERIOD}&sort=product").content.decode()
    assert len(serials(html)) == 8
    assert len(many) == len(few)
