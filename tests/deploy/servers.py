"""Real server processes for the deployment tests: `manage.py ocop_serve` (gunicorn), as `make run` starts it."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Variables of the machine that must not reach a server started by a test.
ISOLATED = ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PORT", "OCOP_PUBLIC_BASE_URL")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(var: Path, **extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ISOLATED and not key.startswith("AWS_")}
    return {**env, "OCOP_VAR_DIR": str(var), "PYTHONUNBUFFERED": "1", "WEB_CONCURRENCY": "1", **extra}


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def get(url: str, headers: dict | None = None, data: bytes | None = None) -> tuple[int, dict, bytes]:
    """(status, headers, body) of one request, redirects not followed."""
    request = urllib.request.Request(url, headers=headers or {}, data=data)  # noqa: S310 - loopback only
    try:
        with _opener.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextmanager
def serving(env: dict, port: int | None = None):
    """A gunicorn server on 127.0.0.1:<port>; yields its base URL, stops it afterwards."""
    port = port or free_port()
    log_path = Path(env["OCOP_VAR_DIR"]) / f"server-{port}.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "ocop_serve"],
        cwd=ROOT,
        env={**env, "PORT": str(port)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a loaded CI machine starts slowly
        while True:
            try:
                if get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {log_path.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen, seconds: float = 15) -> None:
    """Ask a server process to stop; kill it if it has not within `seconds`."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
