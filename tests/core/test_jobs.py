"""Jobs: inline without a broker; through real Redis and a real worker process when one is set."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ocop.core.tasks import ping

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("OCOP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_without_a_broker_tasks_run_inline():
    assert ping.delay("xin chào").get(timeout=1) == "pong:xin chào"


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.broker
def test_round_trip_through_redis_and_a_worker_process(tmp_path):
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("CI must provide Redis on 127.0.0.1:6379 for the broker round trip")
        pytest.skip("Redis is not running on 127.0.0.1:6379: the broker round trip cannot run here")
    env = {
        **os.environ,
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "OCOP_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_URL", None)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ocop",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-l",
            "warning",
            "-n",
            f"test-{os.getpid()}@%h",
            "-Q",
            f"test-{os.getpid()}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        client = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ocop.settings'); django.setup();"
                "from ocop.core.tasks import ping;"
                f"r = ping.apply_async(args=['Hạ Long'], queue='test-{os.getpid()}');"
                "print(r.get(timeout=30))",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert client.returncode == 0, client.stderr
        assert client.stdout.strip() == "pong:Hạ Long"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
        time.sleep(0.1)
