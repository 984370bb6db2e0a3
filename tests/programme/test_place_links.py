"""The overview's "sales by province / by commune" bars open the indicator narrowed to that place.

The breakdown is keyed by row ids and the indicator page's `province=`/`commune=` by official codes;
the bars once carried the ids, so a click on Lào Cai (id 10) asked for province code 10 and got a 404.
"""

import re
from html import unescape

import pytest

from tests.programme.helpers import sell_this_year

pytestmark = pytest.mark.django_db
LINK = re.compile(r'href="(/programme/indicators/ocop_sales_revenue/\?[^"]*)"')


def _place_links(client, user, place: str) -> list[str]:
    client.force_login(user)
    page = client.get("/programme/")
    assert page.status_code == 200
    bars = page.content.decode().split("So sánh các tỉnh, thành phố")[0]  # the comparison table links all 34
    return [unescape(href) for href in LINK.findall(bars) if f"&{place}=" in unescape(href)]


def test_national_bars_link_each_province_by_its_code(client, world, products):
    sell_this_year(world, products)
    links = _place_links(client, world["users"]["central_officer"], "province")
    assert {int(re.search(r"province=(\d+)", href).group(1)) for href in links} == {15, 22}
    for href in links:
        assert client.get(href).status_code == 200, href


def test_provincial_bars_link_each_commune_by_its_code(client, world, products):
    sell_this_year(world, products)
    links = _place_links(client, world["users"]["provincial_officer"], "commune")
    assert {int(re.search(r"commune=(\d+)", href).group(1)) for href in links} == {6688, 6970}
    for href in links:
        answer = client.get(href)
        assert answer.status_code == 200, href
