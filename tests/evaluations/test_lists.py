"""The dossiers list (on /evaluations/) and the rounds list sort, filter and page with their count.

Given three dossiers of three products and two rounds, when the provincial officer opens the lists
with a sort or a filter, then the rows come in that order and the links keep the filter.
"""

import datetime

import pytest

from ocop.evaluations import services
from ocop.evaluations.models import Dossier
from tests.factories import ProductFactory
from tests.listing_helpers import header_links, links_missing, pager_text, row_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(people, world, tea_set):
    made = {}
    for key, name, folded in (("muc", "Chả mực", "cha muc"), ("tra", "Trà", "tra"), ("an", "Ấu tẩu", "au tau")):
        product = ProductFactory(producer=world["qn"], name_vi=name, name_folded=folded, product_set=tea_set)
        made[key] = services.dossier_create(actor=people["producer"], product=product)
    for day, key in enumerate(("tra", "an", "muc"), start=1):  # "muc" last changed
        Dossier.objects.filter(pk=made[key].pk).update(updated_at=datetime.datetime(2026, 3, day, tzinfo=datetime.UTC))
    return made


def ids(made, *keys) -> list[int]:
    return [made[key].pk for key in keys]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["muc", "an", "tra"]),  # the last changed first
        ("updated", ["tra", "an", "muc"]),
        ("product", ["an", "muc", "tra"]),
        ("-product", ["tra", "muc", "an"]),
    ],
)
def test_the_dossiers_list_sorts_by_each_column(client, people, dossiers, sort, expected):
    client.force_login(people["provincial_officer"])
    html = client.get(f"/evaluations/?sort={sort}").content.decode()
    assert row_ids(html, "/evaluations/dossiers/") == ids(dossiers, *expected)
    assert pager_text(html) == "3 hồ sơ"


def test_the_dossiers_filter_stays_in_the_header_links(client, people, dossiers):
    client.force_login(people["provincial_officer"])
    html = client.get("/evaluations/?q=muc&status=draft&sort=product").content.decode()
    assert row_ids(html, "/evaluations/dossiers/") == ids(dossiers, "muc")
    assert links_missing(header_links(html), "status=draft") == []
    assert links_missing(header_links(html), "q=muc") == []


@pytest.mark.parametrize("query", ["?sort=password", "?sort=__class__", "?page=abc", "?page=999999", "?round=x"])
def test_a_forged_parameter_shows_the_default_dossiers_list(client, people, dossiers, query):
    client.force_login(people["provincial_officer"])
    response = client.get(f"/evaluations/{query}")
    assert response.status_code == 200
    assert row_ids(response.content.decode(), "/evaluations/dossiers/") == ids(dossiers, "muc", "an", "tra")


def test_the_rounds_list_sorts_and_counts(client, people, round_with_council, tea_set):
    later = services.round_open(
        actor=people["provincial_officer"],
        year=2027,
        number=1,
        name="Đợt 1 năm 2027",
        criteria_version=tea_set.version,
        opens_on=datetime.date(2027, 1, 1),
        closes_on=datetime.date(2027, 6, 30),
    )
    client.force_login(people["provincial_officer"])
    html = client.get("/evaluations/rounds/").content.decode()
    assert row_ids(html, "/evaluations/rounds/") == [later.pk, round_with_council.pk]
    assert pager_text(html) == "2 đợt đánh giá"
    html = client.get("/evaluations/rounds/?sort=closes").content.decode()
    assert row_ids(html, "/evaluations/rounds/") == [round_with_council.pk, later.pk]
    assert client.get("/evaluations/rounds/?sort=__class__&page=abc").status_code == 200
