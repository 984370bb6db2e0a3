"""Two web processes share their state through Redis: a revocation shows on both at once, and the
inquiry limit counts across both. Two real gunicorn servers, one database, one Redis."""

import os
import re
import socket
import subprocess
import sys
import uuid
from contextlib import ExitStack
from urllib.parse import urlencode

import pytest

from tests.deploy.servers import ROOT, get, manage, server_env, serving

REDIS = ("127.0.0.1", 6379)
SETUP = """
from ocop.certificates.codes import make_code
from ocop.certificates.models import Certificate, CertificateStatus
certificate = Certificate.objects.filter(status=CertificateStatus.VALID).order_by("pk").first()
print(certificate.pk, make_code(certificate.pk), certificate.product_id)
"""
REVOKE = """
from django.db import transaction
from ocop.accounts.models import User
from ocop.certificates.models import Certificate, RevocationGround
from ocop.certificates.services import certificate_revoke
with transaction.atomic():
    certificate_revoke(
        actor=User.objects.get(username="canbotinh"),
        certificate=Certificate.objects.get(pk={pk}),
        ground=RevocationGround.objects.get(code="false_dossier"),
        reason="Hồ sơ kê khai sai vùng nguyên liệu.",
    )
"""


def redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    if not redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis must run at 127.0.0.1:6379 in CI (.ci/run starts it)")
        pytest.skip("no Redis at 127.0.0.1:6379")
    var = tmp_path_factory.mktemp("shared")
    env = server_env(var, REDIS_URL="redis://127.0.0.1:6379/0", OCOP_CACHE_PREFIX=f"ocop-test-{uuid.uuid4().hex[:8]}")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "ocop_demo", "-v", "0")
    certificate_id, code, product_id = manage(env, "shell", "-v", "0", "-c", SETUP).stdout.split()[-3:]
    with ExitStack() as stack:
        web_a = stack.enter_context(serving(env))
        web_b = stack.enter_context(serving(env))
        yield {
            "a": web_a,
            "b": web_b,
            "certificate_id": int(certificate_id),
            "code": code,
            "product_id": int(product_id),
            "env": env,
        }
        manage(env, "shell", "-v", "0", "-c", "from django.core.cache import cache; cache.clear()")


def send_inquiry(form_base: str, post_base: str, product_id: int) -> int:
    """A visitor opens the inquiry form on one server and sends it to another (CSRF and all)."""
    path = f"/trade/inquiries/new/{product_id}/"
    status, headers, body = get(f"{form_base}{path}")
    assert status == 200
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = {
        "csrfmiddlewaretoken": token,
        "company": "Công ty Nhập khẩu Thử",
        "country": "Nhật Bản",
        "email": "buyer@example.jp",
        "quantity": "200 hộp",
        "message": "Xin báo giá.",
    }
    headers = {
        "Cookie": f"csrftoken={cookie}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"{post_base}{path}",
    }
    return get(f"{post_base}{path}", headers, urlencode(form).encode())[0]


def test_a_revocation_on_one_server_shows_on_the_other_at_once(two_servers):
    a, b, code = two_servers["a"], two_servers["b"], two_servers["code"]
    for base in (a, b, a, b):  # both servers have the valid page cached now
        status, _headers, body = get(f"{base}/v/{code}")
        assert status == 200
        assert "còn hiệu lực" in body.decode()

    # The officer revokes from a third process (another web server, a worker: same code, same Redis).
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", REVOKE.format(pk=two_servers["certificate_id"])],
        cwd=ROOT,
        env=two_servers["env"],
        check=True,
        capture_output=True,
    )

    for base in (a, b, a, b):
        page = get(f"{base}/v/{code}")[2].decode()
        assert "Giấy chứng nhận đã bị thu hồi" in page


def test_the_inquiry_limit_counts_across_servers(two_servers):
    a, b = two_servers["a"], two_servers["b"]
    statuses = [
        send_inquiry(a if attempt % 2 else b, b if attempt % 2 else a, two_servers["product_id"])
        for attempt in range(12)
    ]
    assert statuses == [302] * 5 + [429] * 7  # sent (to the thank-you page) five times, then refused
