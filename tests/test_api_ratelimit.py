"""Public endpoints are limited per client address, behind the proxies the operator trusts only."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from ocop.core import ratelimit
from ocop.trade.models import Inquiry
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
NOW = 1_800_000_000.0  # a minute starts here: 1_800_000_000 is a multiple of 60


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    moment = {"now": NOW + 15}
    monkeypatch.setattr(ratelimit, "_clock", lambda: moment["now"])
    return moment


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.OCOP_RATE_SEARCH_PER_MINUTE = 3
    settings.OCOP_RATE_VERIFICATION_PER_MINUTE = 2
    settings.OCOP_TRADE_INQUIRY_LIMIT = 1
    settings.OCOP_TRUSTED_PROXIES = []


def search(client, **extra):
    return client.get("/api/v1/catalog/search", {"q": "tra"}, **extra)


def test_the_search_is_refused_past_its_limit_with_retry_after(client):
    assert [search(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = search(client)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"  # 15 s into the minute
    assert refused.json() == {
        "code": "rate_limited",
        "detail": "Quá nhiều yêu cầu. Hãy thử lại sau 45 giây.",
        "errors": [],
    }


def test_another_address_has_its_own_limit_and_a_new_window_starts_afresh(client, clock):
    for _ in range(3):
        search(client)
    assert search(client).status_code == 429
    assert search(client, REMOTE_ADDR="198.51.100.7").status_code == 200
    clock["now"] = NOW + 60
    assert search(client).status_code == 200


def test_the_message_follows_the_chosen_language(client):
    client.cookies["django_language"] = "en"
    for _ in range(3):
        search(client)
    assert search(client).json()["detail"] == "Too many requests. Please try again in 45 seconds."


def test_verification_is_limited(client):
    codes = [client.get("/api/v1/certificates/verify/1-khongphaima").status_code for _ in range(3)]
    assert codes == [404, 404, 429]


def test_inquiries_are_limited_and_a_refused_one_saves_nothing(world):
    product = ProductFactory(producer=world["qn"])
    client = Client(enforce_csrf_checks=True)
    from ocop.accounts.services import api_token_create

    _token, key = api_token_create(user=world["users"]["buyer"], name="người mua")
    payload = {
        "product_id": product.pk,
        "company": "Công ty Nhập khẩu",
        "country": "Hàn Quốc",
        "email": "mua@example.kr",
        "quantity": "500 hộp",
        "message": "Xin báo giá.",
    }

    def send():
        return client.post(
            "/api/v1/trade/inquiries",
            json.dumps(payload),
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )

    assert send().status_code == 201
    refused = send()
    assert (refused.status_code, refused["Retry-After"]) == (429, "3585")  # the inquiry window is an hour
    assert Inquiry.objects.count() == 1


def test_a_client_cannot_escape_by_sending_its_own_forwarded_for(client):
    for index in range(3):
        search(client, HTTP_X_FORWARDED_FOR=f"203.0.113.{index}")
    assert search(client, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted(client, settings):
    settings.OCOP_TRUSTED_PROXIES = ["10.0.0.0/24"]
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for _ in range(3):
        assert search(client, HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy).status_code == 200
    assert search(client, HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy).status_code == 429
    # what the client wrote left of its own address is not believed; two proxies in a row are skipped
    spoofed = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.10, 10.0.0.7", **proxy}
    assert search(client, **spoofed).status_code == 429
    assert search(client, HTTP_X_FORWARDED_FOR="203.0.113.11", **proxy).status_code == 200


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.10", "198.51.100.1", "203.0.113.10"),  # not from a proxy: the header is ignored
        ("10.0.0.5", "198.51.100.1, 203.0.113.10", "203.0.113.10"),
        ("10.0.0.5", "203.0.113.10, 10.0.0.9", "203.0.113.10"),
        ("10.0.0.5", "", "10.0.0.5"),
        ("10.0.0.5", "khong-phai-dia-chi", "10.0.0.5"),
        ("10.0.0.5", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(rf, settings, remote, forwarded, expected):
    settings.OCOP_TRUSTED_PROXIES = ["10.0.0.0/24", "không phải mạng"]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_address(request) == expected


def test_the_count_is_shared_by_processes_through_the_cache(client, settings, tmp_path):
    """Another process (another web server) counting in the same cache uses up the same limit."""
    cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    settings.CACHES = {"default": cache}
    assert search(client).status_code == 200
    other_process = f"""
import django
from django.conf import settings
settings.configure(CACHES={{"default": {cache!r}}}, OCOP_RATE_SEARCH_PER_MINUTE=3, OCOP_RATE_VERIFICATION_PER_MINUTE=60, OCOP_TRADE_INQUIRY_LIMIT=5, OCOP_TRADE_INQUIRY_WINDOW_SECONDS=3600, USE_TZ=True)
django.setup()
from ocop.core import ratelimit
ratelimit._clock = lambda: {NOW + 20}
print([ratelimit.hit("search", "127.0.0.1")[0] for _ in range(2)])
"""
    done = subprocess.run(
        [sys.executable, "-c", other_process],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src")},
        check=True,
    )
    assert done.stdout.strip() == "[True, True]"
    assert search(client).status_code == 429
