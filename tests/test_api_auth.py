"""Who may write through the API: a bearer token alone, or a browser session with its CSRF token.

Every client here enforces CSRF (Django's test client skips the check unless told), so that a
token write can never pass by accident while real browsers and scripts are refused.
"""

import json

import pytest
from django.test import Client

from ocop.accounts.services import api_token_create, api_token_revoke
from ocop.producers.models import Producer

pytestmark = pytest.mark.django_db

NEW_PRODUCER = {"legal_name": "Hợp tác xã Mật ong Thử nghiệm", "producer_type": "cooperative", "commune_code": 6970}


@pytest.fixture
def officer(world):
    return world["users"]["provincial_officer"]


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def create(client, **headers):
    return client.post("/api/v1/producers/", json.dumps(NEW_PRODUCER), content_type="application/json", headers=headers)


def csrf_token_of(client) -> str:
    """The token a page gives the browser: the cookie's secret, sent back in the X-CSRFToken header."""
    secret = "c" * 16 + "s" * 16  # CSRF_SECRET_LENGTH letters
    client.cookies["csrftoken"] = secret
    return secret


def test_a_token_alone_writes(officer, browser):
    _token, key = api_token_create(user=officer, name="tỉnh")
    response = create(browser, Authorization=f"Bearer {key}")
    assert response.status_code == 201, response.content
    assert response.json()["legal_name"] == NEW_PRODUCER["legal_name"]
    assert Producer.objects.filter(legal_name=NEW_PRODUCER["legal_name"]).count() == 1
    assert "sessionid" not in response.cookies  # no session is opened for a script


def test_a_token_writes_with_put_patch_and_delete_too(officer, browser, world):
    _token, key = api_token_create(user=officer, name="tỉnh")
    producer = world["qn"]
    response = browser.patch(
        f"/api/v1/producers/{producer.pk}",
        json.dumps({"short_name": "HTX Trà"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200, response.content
    producer.refresh_from_db()
    assert producer.short_name == "HTX Trà"


def test_a_session_cookie_without_csrf_is_refused_and_nothing_is_written(officer, browser):
    browser.force_login(officer)
    before = Producer.objects.count()
    response = create(browser)
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert Producer.objects.count() == before


def test_a_session_cookie_needs_csrf_even_with_a_token(officer, browser):
    _token, key = api_token_create(user=officer, name="tỉnh")
    browser.force_login(officer)
    before = Producer.objects.count()
    response = create(browser, Authorization=f"Bearer {key}")
    assert (response.status_code, response.json()["code"]) == (403, "csrf_failed")
    assert Producer.objects.count() == before


def test_a_session_cookie_with_its_csrf_token_writes(officer, browser):
    browser.force_login(officer)
    token = csrf_token_of(browser)
    response = create(browser, **{"X-CSRFToken": token})
    assert response.status_code == 201, response.content
    assert Producer.objects.filter(legal_name=NEW_PRODUCER["legal_name"]).count() == 1


def test_reads_need_no_csrf(officer, browser):
    browser.force_login(officer)
    assert browser.get("/api/v1/accounts/me").json()["username"] == officer.username


@pytest.mark.parametrize("header", ["Bearer ocop_khong-phai-ma-that", "Basic abc", "Bearer "])
def test_a_wrong_or_revoked_token_is_401_and_nothing_is_written(officer, browser, header):
    before = Producer.objects.count()
    response = create(browser, Authorization=header)
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "detail": "Cần đăng nhập hoặc mã truy cập API.",
        "errors": [],
    }
    assert Producer.objects.count() == before


def test_a_revoked_token_no_longer_writes(officer, browser):
    token, key = api_token_create(user=officer, name="tỉnh")
    api_token_revoke(token=token, actor=officer)
    response = create(browser, Authorization=f"Bearer {key}")
    assert response.status_code == 401
    assert not Producer.objects.filter(legal_name=NEW_PRODUCER["legal_name"]).exists()


def test_a_token_of_a_role_without_the_right_is_403(world, browser):
    _token, key = api_token_create(user=world["users"]["buyer"], name="người mua")
    response = create(browser, Authorization=f"Bearer {key}")
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert not Producer.objects.filter(legal_name=NEW_PRODUCER["legal_name"]).exists()
