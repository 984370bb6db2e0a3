"""The place an installation serves comes from the province record and settings, never a template.

One installation serves one province (OCOP_HOME_PROVINCE_CODE, 22 = Quảng Ninh by default) or, with
0, the whole country; the public heading, the page title and every page's footer follow it.
"""

import re
from pathlib import Path

import pytest
from django.test import override_settings

from ocop.geo.models import HistoricalProvince, Province

pytestmark = pytest.mark.django_db
SOURCE = Path(__file__).resolve().parents[2] / "src" / "ocop"
UNIT_WORDS = re.compile(r"^(Tỉnh|Thành phố) ")


def _bare(name: str) -> str:
    return UNIT_WORDS.sub("", name)


def test_no_template_names_a_province():
    names = {_bare(name) for name in Province.objects.values_list("name", flat=True)}
    names |= {_bare(name) for name in HistoricalProvince.objects.values_list("name", flat=True)}
    assert len(names) >= 63
    pattern = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")(?!\w)")
    found = []
    for template in sorted(SOURCE.glob("*/templates/**/*")):
        if template.is_file() and template.suffix in (".html", ".txt", ".xml", ".svg"):
            for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
                found += [f"{template.relative_to(SOURCE)}:{number}: {m}" for m in pattern.findall(line)]
    assert found == []


def _home(client, language: str = "vi") -> str:
    client.cookies["django_language"] = language
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_province_installation_names_its_province_in_both_languages(client):
    body = _home(client)
    assert "<h1>Sản phẩm OCOP Quảng Ninh</h1>" in body
    assert "<title>Sản phẩm OCOP Quảng Ninh" in body
    assert "Chương trình Mỗi xã một sản phẩm (OCOP) – tỉnh Quảng Ninh." in body
    english = _home(client, "en")
    assert "<h1>OCOP products of Quảng Ninh</h1>" in english
    assert "One Commune One Product (OCOP) programme – Quảng Ninh province." in english


@override_settings(OCOP_HOME_PROVINCE_CODE=1)
def test_another_province_is_named_from_its_record(client):
    assert Province.objects.get(code=1).name == "Thành phố Hà Nội"
    body = _home(client)
    assert "<h1>Sản phẩm OCOP Hà Nội</h1>" in body
    assert "– thành phố Hà Nội." in body
    assert "Quảng Ninh" not in body
    assert "– Hà Nội city." in _home(client, "en")


@override_settings(OCOP_HOME_PROVINCE_CODE=0)
def test_a_central_installation_serves_the_whole_country(client):
    body = _home(client)
    assert "<h1>Sản phẩm OCOP Việt Nam</h1>" in body
    assert "Chương trình Mỗi xã một sản phẩm (OCOP) – cả nước." in body
    english = _home(client, "en")
    assert "<h1>OCOP products of Viet Nam</h1>" in english
    assert "programme – nationwide." in english


@override_settings(
    OCOP_OFFICE_NAME="Văn phòng Điều phối Chương trình OCOP tỉnh",
    OCOP_OFFICE_ADDRESS="Số 1 đường Ví Dụ",
    OCOP_OFFICE_PHONE="0203 3 123 456",
    OCOP_OFFICE_EMAIL="ocop@example.vn",
)
def test_the_office_contact_is_in_every_footer(client):
    for address in ("/", "/accounts/login/", "/v/"):
        body = client.get(address).content.decode()
        assert "<strong>Văn phòng Điều phối Chương trình OCOP tỉnh</strong>" in body, address
        assert '<a href="tel:02033123456">0203 3 123 456</a>' in body, address
        assert '<a href="mailto:ocop@example.vn">ocop@example.vn</a>' in body, address


def test_without_office_settings_the_footer_shows_no_empty_contact(client):
    assert "site-contact" not in _home(client)
