"""Two web processes share their state through Redis: a revocation shows on both at once, and the
inquiry limit counts across both. Two real gunicorn servers, one database, one Redis."""

import os
import re
import socket
import subprocess
import sys
import time
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
from ocop.stamps.codes import stamp_code
from ocop.stamps.models import StampRun
run = StampRun.objects.order_by("pk").first()
print(run.pk, stamp_code(run.pk, run.quantity), stamp_code(run.pk, run.quantity - 1))
print(certificate.pk, make_code(certificate.pk), certificate.product_id)
"""
STAMP_ROWS = """
from ocop.stamps.models import StampScan, StampState
state = StampState.objects.filter(run_id={run}, index={index}).first()
print(StampScan.objects.filter(run_id={run}, index={index}).count(), state.scan_count if state else 0)
"""
VOID = """
from ocop.accounts.system import SystemCaller
from ocop.stamps.models import StampRun
from ocop.stamps.services import stamp_void_range
run = StampRun.objects.get(pk={run})
stamp_void_range(user=None, system=SystemCaller.DEMO, run=run, first_index={index}, last_index={index}, reason="In hỏng")
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
    lines = manage(env, "shell", "-v", "0", "-c", SETUP).stdout.strip().splitlines()
    run_id, stamp, other_stamp = lines[-2].split()
    certificate_id, code, product_id = lines[-1].split()
    with ExitStack() as stack:
        web_a = stack.enter_context(serving(env))
        web_b = stack.enter_context(serving(env))
        yield {
            "a": web_a,
            "b": web_b,
            "certificate_id": int(certificate_id),
            "code": code,
            "product_id": int(product_id),
            "run_id": int(run_id),
            "stamp": stamp,
            "other_stamp": other_stamp,
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


def shell(two_servers, script: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=two_servers["env"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_a_stamp_scanned_on_both_servers_counts_once_each_and_reaches_the_database(two_servers):
    a, b, stamp, run_id = two_servers["a"], two_servers["b"], two_servers["stamp"], two_servers["run_id"]
    index = int(stamp.split("-")[1])
    pages = [get(f"{base}/s/{stamp}")[2].decode() for base in (a, b, a, b)]
    assert "lần kiểm tra đầu tiên" in pages[0]
    assert ["Tem đã được kiểm tra 2 lần" in pages[1], "Tem đã được kiểm tra 4 lần" in pages[3]] == [True, True]
    # The scans were counted on Redis; each server's flusher writes them within a second or so.
    deadline = time.monotonic() + 30
    while (rows := shell(two_servers, STAMP_ROWS.format(run=run_id, index=index)).split()) != ["4", "4"]:
        assert time.monotonic() < deadline, f"the database holds {rows} (rows, count), not 4 scans"
        time.sleep(0.5)


def test_a_stamp_voided_elsewhere_is_refused_by_both_servers_at_once(two_servers):
    a, b, stamp, run_id = two_servers["a"], two_servers["b"], two_servers["other_stamp"], two_servers["run_id"]
    for base in (a, b):  # both have the run's page (in the process, too) and answer from it
        assert get(f"{base}/s/{stamp}")[0] == 200
    shell(two_servers, VOID.format(run=run_id, index=int(stamp.split("-")[1])))
    for base in (a, b, a, b):
        status, _headers, body = get(f"{base}/s/{stamp}")
        assert status == 404
        assert "Tem này đã bị huỷ" in body.decode()
