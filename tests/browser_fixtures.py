"""Browser test fixtures (a pytest plugin, registered in tests/conftest.py): Debian's Chromium driven by Playwright against a real server with the demo data.

The server is the one `make run` starts (runserver, migrated SQLite, demo data) in a temporary
folder, so these tests see exactly what a new user sees. Without Chromium they are skipped with
the reason; under CI (CI=true) a missing browser is a failure, never a silent skip.
"""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = Path(os.environ.get("OCOP_SCREENSHOTS", ROOT / "var" / "screenshots"))


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("OCOP_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


def pytest_itemcollected(item):
    """The browser tests' demo server runs on its own SQLite database whatever the suite's database
    is, so the PostgreSQL pass (`make test-pg`) would only run them a second time, identically: it
    skips them and says why (`make test` runs them)."""
    if item.get_closest_marker("browser") and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        item.add_marker(pytest.mark.skip(reason="the demo server runs on its own SQLite database: run by make test"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _copy_database(source: Path, target: Path) -> None:
    """SQLite's online backup: `target` holds what `source` holds, even while a server reads it."""
    reading, writing = sqlite3.connect(source), sqlite3.connect(target)
    try:
        reading.backup(writing)
    finally:
        reading.close()
        writing.close()


@pytest.fixture(scope="session")
def demo_var(tmp_path_factory) -> Path:
    """The demo server's folder: its database `ocop.sqlite3` and `demo.sqlite3`, the demo as loaded."""
    return tmp_path_factory.mktemp("var")


@pytest.fixture(scope="session")
def demo_server(demo_var):
    """A server on a fresh SQLite database with the demo data, as after `make run`."""
    var = demo_var
    env = {**os.environ, "OCOP_VAR_DIR": str(var), "PYTHONUNBUFFERED": "1"}
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    for command in (["migrate", "--noinput", "-v", "0"], ["ocop_demo", "-v", "0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    _copy_database(var / "ocop.sqlite3", var / "demo.sqlite3")
    port = _free_port()
    log = (var / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a loaded CI machine can take a while to import and start
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        raise RuntimeError(f"the demo server did not start: {(var / 'server.log').read_text()}")
    yield base
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture
def fresh_demo(demo_server, demo_var):
    """The demo as loaded, before and after the test: a test that changes data (a reply sent, a dossier
    forwarded) leaves the next one the same demo. The server keeps running: it opens a connection per
    request, and the copy goes in between requests."""
    _copy_database(demo_var / "demo.sqlite3", demo_var / "ocop.sqlite3")
    yield demo_server
    _copy_database(demo_var / "demo.sqlite3", demo_var / "ocop.sqlite3")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        _unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, demo_server):
    """A fresh browser context; every request it makes is recorded in `page.requested`."""
    context = browser.new_context(base_url=demo_server, locale="vi-VN")
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
