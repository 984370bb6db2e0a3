"""The UI shell: Vietnamese first, English one click away, nothing loaded from outside."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["'](?:https?:)?//(?!testserver)""", re.IGNORECASE)


def test_home_is_in_vietnamese_by_default(client):
    page = client.get("/").content.decode()
    assert '<html lang="vi">' in page
    assert "Mỗi xã một sản phẩm" in page
    assert "Sản phẩm OCOP Quảng Ninh" in page
    assert "Đăng nhập" in page


def test_language_switch_keeps_the_page_and_shows_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page
    assert "Forgot your password?" in page
    assert "Tiếng Việt" in page  # the way back


def test_english_home(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "One Commune One Product" in page
    assert "OCOP products of Quảng Ninh" in page
    assert "Đăng nhập" not in page


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/password-reset/", "/api/v1/docs"])
def test_pages_load_nothing_from_outside(client, url):
    page = client.get(url).content.decode()
    assert not EXTERNAL.search(page), EXTERNAL.search(page)


def test_404_page_in_both_languages(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert "Page not found" in page


def test_403_page_in_both_languages(world, client):
    client.force_login(world["users"]["commune_officer"])
    response = client.get(reverse("producers:edit", args=[world["qn"].pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có quyền" in page
    assert "You do not have permission" in page


@override_settings(DEBUG=False)
def test_500_page_in_both_languages_without_the_database(client):
    from ocop.core.views import error_500

    response = error_500(None)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in page
    assert "Something went wrong" in page


def test_producer_search_without_diacritics(world, client):
    client.force_login(world["users"]["provincial_officer"])
    page = client.get(reverse("producers:list"), {"q": "tra hoa vang"}).content.decode()
    assert "Hợp tác xã Trà hoa vàng Thử nghiệm" in page
    assert "Công ty Chả mực Thử nghiệm" not in page
    partial = client.get(reverse("producers:list"), {"q": "cha muc"}, headers={"HX-Request": "true"})
    assert "Công ty Chả mực Thử nghiệm" in partial.content.decode()
    assert "<html" not in partial.content.decode()  # htmx gets the rows only


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "OCOP API"
    assert "/api/v1/producers/" in schema["paths"]
    assert "/api/v1/geo/communes" in schema["paths"]
    assert "/api/v1/health" in schema["paths"]


def test_an_english_browser_still_gets_vietnamese_until_the_person_chooses(client):
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="vi">' in page


@pytest.mark.parametrize(
    ("role", "producers_card", "products_card"),
    [
        ("producer", False, True),
        ("buyer", False, False),
        ("commune_officer", True, True),
        ("council_member", True, True),
        ("admin", True, True),
    ],
)
def test_dashboard_cards_follow_the_registry_checks(client, world, role, producers_card, products_card):
    client.force_login(world["users"][role])
    page = client.get(reverse("core:dashboard")).content.decode()
    assert ("chủ thể trong phạm vi của bạn" in page) is producers_card
    assert ("sản phẩm trong phạm vi của bạn" in page) is products_card
