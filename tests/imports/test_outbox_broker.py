"""A broker that is down never blocks an upload: the job is saved at once, waits in the outbox, and
once the broker is back the relay hands it over and a worker validates it. A real redis-server on a
port of this test, killed and started again, and a real Celery worker (in a thread of this process)."""

import os
import shutil
import socket
import subprocess
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ocop.celery import app
from ocop.core.models import OutboxEntry, OutboxStatus
from ocop.core.outbox import outbox_relay_run
from ocop.imports.models import ImportJob, ImportStatus
from tests.imports.builders import producer_row, xlsx

pytestmark = pytest.mark.django_db(transaction=True)  # the worker thread reads what the request committed

PORTS = range(16700, 16800)  # this suite's Redis test instances


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 16700–16799")


def redis_start(port: int, folder) -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("redis-server did not start")


def redis_kill(process: subprocess.Popen) -> None:
    process.kill()
    process.wait(timeout=10)


def _reset_connections() -> None:
    app._after_fork()  # drop pooled broker connections (the same reset Celery does after a fork)


@pytest.fixture
def broker(settings, tmp_path):
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server must be installed in CI")
        pytest.skip("redis-server is not installed")
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    process = redis_start(port, tmp_path)
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    settings.CELERY_BROKER_URL = url
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    _reset_connections()
    state = {"process": process, "port": port, "url": url}
    yield state
    app.conf.update(saved)
    _reset_connections()
    if state["process"].poll() is None:
        redis_kill(state["process"])


def test_broker_down_upload_answers_quickly_and_the_job_runs_when_the_broker_is_back(
    reference_data, client, world, broker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    redis_kill(broker["process"])  # the broker goes down
    client.force_login(world["users"]["provincial_officer"])
    upload = SimpleUploadedFile("chu-the.xlsx", xlsx("producers", [producer_row()]))

    started = time.monotonic()
    response = client.post("/api/v1/imports/jobs", {"kind": "producers", "file": upload})
    elapsed = time.monotonic() - started

    assert response.status_code == 201
    assert elapsed < 3, f"the upload took {elapsed:.2f} s with the broker down"
    print(f"\nupload with the broker down answered in {elapsed:.3f} s")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.UPLOADED
    entry = OutboxEntry.objects.get()
    assert (entry.task_name, entry.args, entry.status, entry.attempts) == (
        "ocop.imports.validate",
        [job.pk],
        OutboxStatus.PENDING,
        1,
    )
    assert entry.last_error.startswith("OperationalError")

    broker["process"] = redis_start(broker["port"], tmp_path)  # the broker is back
    _reset_connections()
    OutboxEntry.objects.filter(pk=entry.pk).update(next_attempt_at=timezone.now())
    assert outbox_relay_run() == {"dispatched": 1, "failed": 0}
    entry.refresh_from_db()
    assert entry.status == OutboxStatus.QUEUED

    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="warning"):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            entry.refresh_from_db()
            if entry.status == OutboxStatus.SENT:
                break
            time.sleep(0.2)
    entry.refresh_from_db()
    job.refresh_from_db()
    assert (entry.status, entry.attempts) == (OutboxStatus.SENT, 2)
    assert job.status == ImportStatus.READY
    assert (job.total_rows, job.to_create, job.problem_count) == (1, 1, 0)
