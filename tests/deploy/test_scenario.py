"""The whole production stack on this machine, in one scenario (issue 15's "done when").

Started here, each a real process: a PostgreSQL primary and its streaming replica
(tests/deploy/postgres.py), a Redis for cache and broker, a local S3-compatible server (moto), an
SMTP server (aiosmtpd) that starts out down, two gunicorn web servers (A and B) in production mode,
nginx with TLS in front of A, a Celery worker and Celery beat. Then, as an office and its public
would use it:

1. an officer uploads a registry import on web A; the worker validates it; web B shows it ready;
   confirmed on B, the worker applies it; the new producer is listed on web A;
2. the officer revokes a certificate on web B; the verification page on web A says revoked at once,
   and keeps saying it (no stale copy from the replica or the cache);
3. a producer uploads a photo on web A; nginx serves it (streamed from the bucket);
4. with the mail server down, a buyer's inquiry is 201; when the mail server is back, beat's relay
   sends the notice, once.

The wall time of each step and of the whole scenario is printed (`pytest -s`).
"""

import io
import os
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import boto3
import pytest
import requests
from aiosmtpd.controller import Controller
from PIL import Image

from tests.deploy.postgres import Cluster, missing_binaries
from tests.deploy.servers import ROOT, free_port, manage, server_env, serving, stop
from tests.deploy.test_nginx import fetch, site_config
from tests.imports.builders import producer_row, xlsx

pytestmark = pytest.mark.skipif(bool(missing_binaries()), reason=missing_binaries() or "ok")

DATABASE = "ocop"
S3_CREDENTIALS = {"aws_access_key_id": "ocop-test", "aws_secret_access_key": "ocop-test-secret"}
HTTPS = {"X-Forwarded-Proto": "https"}  # what nginx adds; web B is reached directly, from a trusted proxy address
TOKENS = """
from ocop.accounts.models import ApiToken, User
for username in ("canbotinh", "chuthe", "nguoimua"):
    key = ApiToken.new_key()
    ApiToken.objects.create(user=User.objects.get(username=username), name="scenario", key_hash=ApiToken.hash_key(key))
    print(username, key)
"""
OUTBOX_ENTRY_SQL = (
    "SELECT status || ' ' || attempts FROM core_outboxentry"
    " WHERE task_name = 'ocop.trade.notify_inquiry_received' AND args::text = '[INQUIRY]'"
)
VALID_CERTIFICATE = """
from ocop.certificates.codes import make_code
from ocop.certificates.models import Certificate, CertificateStatus
certificate = Certificate.objects.filter(status=CertificateStatus.VALID).order_by("pk").first()
print(certificate.pk, make_code(certificate.pk))
"""


class Sink:
    def __init__(self):
        self.messages: list[tuple[str, list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, sorted(envelope.rcpt_tos), envelope.content.decode()))
        return "250 OK"


def wait_until(what: str, probe, seconds: float):
    deadline = time.monotonic() + seconds
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.25)


def started(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if shutil.which("nginx") is None or shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("nginx and redis-server must be installed in CI (.ci/run installs them)")
        pytest.skip("nginx or redis-server is not installed")
    tmp = tmp_path_factory.mktemp("scenario")
    started_at = time.monotonic()
    with ExitStack() as stack:
        primary = Cluster.primary()
        stack.callback(primary.remove)
        primary.sql(f"CREATE DATABASE {DATABASE}")
        replica = primary.replica()
        stack.callback(replica.remove)

        redis_port = free_port()
        redis = started(
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            os.environ.copy(),
            tmp / "redis.log",
        )
        stack.callback(stop, redis)

        s3_port = free_port()
        s3 = started(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)],
            os.environ.copy(),
            tmp / "s3.log",
        )
        stack.callback(stop, s3)
        s3_endpoint = f"http://127.0.0.1:{s3_port}"
        bucket = f"ocop-{uuid.uuid4().hex[:12]}"
        client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **S3_CREDENTIALS)
        wait_until("the S3 server answers", lambda: _bucket_made(client, bucket), 120)

        sink, smtp_port = Sink(), free_port()
        smtp = {"controller": None}

        def smtp_start():
            smtp["controller"] = Controller(sink, hostname="127.0.0.1", port=smtp_port)
            smtp["controller"].start()

        stack.callback(lambda: smtp["controller"] and smtp["controller"].stop())

        https_port, http_port, port_a, port_b = free_port(), free_port(), free_port(), free_port()
        env = server_env(
            tmp / "var",
            OCOP_ENV="production",
            SECRET_KEY="s" * 40 + "-scenario-site-key-for-this-test-only-0a9b8c",
            OCOP_VERIFICATION_KEY="v" * 40 + "-scenario-verification-key-for-this-test-1d2e",
            OCOP_PUBLIC_BASE_URL=f"https://127.0.0.1:{https_port}",
            DATABASE_URL=primary.url(DATABASE),
            DATABASE_REPLICA_URL=replica.url(DATABASE),
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/1",
            CELERY_BROKER_URL=f"redis://127.0.0.1:{redis_port}/0",
            AWS_STORAGE_BUCKET_NAME=bucket,
            AWS_S3_ENDPOINT_URL=s3_endpoint,
            AWS_S3_REGION_NAME="us-east-1",
            AWS_ACCESS_KEY_ID=S3_CREDENTIALS["aws_access_key_id"],
            AWS_SECRET_ACCESS_KEY=S3_CREDENTIALS["aws_secret_access_key"],
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
            EMAIL_TIMEOUT="5",
            OCOP_TRUSTED_PROXIES="127.0.0.1",
            SECURE_HSTS_SECONDS="0",
            WEB_CONCURRENCY="2",
            LOG_LEVEL="WARNING",
        )
        (tmp / "var").mkdir(exist_ok=True)
        manage(env, "collectstatic", "--noinput", "-v", "0")  # as an operator deploys (docs/operations.md)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "ocop_demo", "-v", "0")
        keys = dict(line.split() for line in manage(env, "shell", "-v", "0", "-c", TOKENS).stdout.split("\n") if line)
        certificate_id, code = manage(env, "shell", "-v", "0", "-c", VALID_CERTIFICATE).stdout.split()[-2:]

        web_a = stack.enter_context(serving(env, port=port_a))
        web_b = stack.enter_context(serving(env, port=port_b))
        celery, celery_env = [sys.executable, "-m", "celery", "-A", "ocop"], {**env, "PYTHONPATH": str(ROOT / "src")}
        worker = started(
            [*celery, "worker", "-l", "warning", "-c", "1", "--without-mingle", "--without-gossip"],
            celery_env,
            tmp / "worker.log",
        )
        stack.callback(stop, worker)
        beat = started(
            [*celery, "beat", "-l", "warning", "-s", str(tmp / "beat-schedule")], celery_env, tmp / "beat.log"
        )
        stack.callback(stop, beat)

        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
             "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
            check=True, capture_output=True,
        )  # fmt: skip
        static = tmp / "var" / "static"
        config = tmp / "nginx.conf"
        config.write_text(
            site_config(
                tmp, web_port=port_a, http_port=http_port, https_port=https_port, media=tmp / "media", static=static
            )
        )
        nginx = subprocess.Popen(["nginx", "-c", str(config)], stderr=subprocess.DEVNULL)
        stack.callback(stop, nginx)
        wait_until("nginx answers", lambda: fetch(f"https://127.0.0.1:{https_port}/healthz")[0] == 200, 30)
        print(f"\nthe stack started in {time.monotonic() - started_at:.1f} s")
        yield {
            "a": web_a,
            "b": web_b,
            "nginx": f"https://127.0.0.1:{https_port}",
            "keys": keys,
            "certificate_id": int(certificate_id),
            "code": code,
            "sink": sink,
            "smtp_start": smtp_start,
            "primary": primary,
            "logs": tmp,
        }


def _bucket_made(client, bucket: str) -> bool:
    try:
        client.create_bucket(Bucket=bucket)
    except Exception:  # noqa: BLE001 - the server is still starting
        return False
    return True


def api(base: str, key: str, method: str, path: str, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {key}", "Accept-Language": "vi", **HTTPS}
    return requests.request(method, f"{base}/api/v1{path}", headers=headers, timeout=60, **kwargs)


def test_import_on_a_is_processed_by_the_worker_and_visible_on_b(stack):
    began = time.monotonic()
    officer = stack["keys"]["canbotinh"]
    row = producer_row(legal_name="Hợp tác xã Kịch bản Triển khai", commune="Phường Hạ Long")
    upload = api(
        stack["a"], officer, "POST", "/imports/jobs",
        data={"kind": "producers"}, files={"file": ("dang-ky.xlsx", xlsx("producers", [row]))},
    )  # fmt: skip
    assert upload.status_code == 201, upload.text
    job_id = upload.json()["id"]

    def on_b(status: str):
        job = api(stack["b"], officer, "GET", f"/imports/jobs/{job_id}").json()
        return job if job["status"] == status else None

    ready = wait_until("the worker validated the import", lambda: on_b("ready"), 120)
    assert ready["problems"] == []
    confirm = api(stack["b"], officer, "POST", f"/imports/jobs/{job_id}/confirm")
    assert confirm.status_code == 200, confirm.text
    wait_until("the worker applied the import", lambda: on_b("done"), 120)

    listed = api(stack["a"], officer, "GET", "/producers/", params={"q": "Kịch bản Triển khai"})
    assert listed.status_code == 200, listed.text
    assert [item["legal_name"] for item in listed.json()["items"]] == ["Hợp tác xã Kịch bản Triển khai"]
    print(f"import: upload on A → validated and applied by the worker → listed: {time.monotonic() - began:.1f} s")


def test_a_revocation_on_b_shows_on_a_at_once_and_stays(stack):
    verification = f"{stack['a']}/v/{stack['code']}"
    for _ in range(3):  # web A has the valid answer cached
        page = requests.get(verification, headers=HTTPS, timeout=30)
        assert page.status_code == 200
        assert "còn hiệu lực" in page.text

    revoked = api(
        stack["b"], stack["keys"]["canbotinh"], "POST", f"/certificates/{stack['certificate_id']}/revoke",
        json={"ground": "false_dossier", "reason": "Hồ sơ kê khai sai vùng nguyên liệu."},
    )  # fmt: skip
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["status"] == "revoked"

    for base in (stack["a"], stack["a"], stack["b"]):
        page = requests.get(f"{base}/v/{stack['code']}", headers=HTTPS, timeout=30)
        assert "Giấy chứng nhận đã bị thu hồi" in page.text
    status, _headers, body = fetch(f"{stack['nginx']}/v/{stack['code']}")
    assert status == 200
    assert "Giấy chứng nhận đã bị thu hồi" in body.decode()


def test_a_photo_uploaded_on_a_is_served_through_nginx_from_the_bucket(stack):
    producer = stack["keys"]["chuthe"]
    products = api(stack["a"], producer, "GET", "/products/").json()["items"]
    product = products[0]
    image = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(image, "PNG")
    added = api(
        stack["a"], producer, "POST", f"/products/{product['id']}/photos",
        data={"caption": "Hộp quà"}, files={"image": ("hop-qua.png", image.getvalue(), "image/png")},
    )  # fmt: skip
    assert added.status_code == 201, added.text
    url = added.json()["url"]
    assert url.startswith("/media/")

    status, headers, body = fetch(f"{stack['nginx']}{url}")
    assert status == 200
    assert headers["Server"].startswith("nginx")
    assert headers["Content-Type"] == "image/jpeg"  # photos are stored re-encoded, without their metadata
    assert Image.open(io.BytesIO(body)).size == (64, 48)


def test_with_smtp_down_the_inquiry_is_201_and_the_mail_goes_out_when_smtp_returns(stack):
    buyer = stack["keys"]["nguoimua"]
    product_id = api(stack["b"], buyer, "GET", "/catalog/search", params={"q": "tra"}).json()["items"][0]["id"]
    began = time.monotonic()
    sent = api(
        stack["b"], buyer, "POST", "/trade/inquiries",
        json={"product_id": product_id, "company": "Osaka Tea Import K.K.", "country": "Japan",
              "email": "sato@osaka-tea.example", "quantity": "300 kg", "message": "Please quote FOB Hai Phong."},
    )  # fmt: skip
    assert sent.status_code == 201, sent.text
    answered_in = time.monotonic() - began
    inquiry_id = sent.json()["id"]
    entry = OUTBOX_ENTRY_SQL.replace("INQUIRY", str(int(inquiry_id)))
    pending = stack["primary"].sql(entry, DATABASE)
    wait_until(
        "the worker tried and recorded the failure",
        lambda: stack["primary"].sql(entry, DATABASE).split(" ")[-1] not in {"", "0"},
        60,
    )
    assert stack["sink"].messages == []

    stack["smtp_start"]()
    back = time.monotonic()

    # The demo's own notices, which failed with SMTP down too, go out with it: count the inquiry's.
    def inquiry_mails() -> list[tuple[str, list[str], str]]:
        return [message for message in stack["sink"].messages if "Osaka Tea Import K.K." in message[2]]

    wait_until("beat's relay sent the notice", inquiry_mails, 180)
    time.sleep(2)
    assert len(inquiry_mails()) == 1
    print(
        f"inquiry with SMTP down: 201 in {answered_in:.2f} s (outbox: {pending}); "
        f"mail out {time.monotonic() - back:.1f} s after SMTP came back"
    )
