"""`make bench-http`'s pieces: the hello-world anchor answers "ok", wrk's report is read right, the
search queries are new on every request, and both load generators drive a real gunicorn. No timing
is asserted: the figures are the benchmark's output, not a test."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bench.http import (
    WORDS,
    parse_wrk,
    query_for,
    run_python,
    run_wrk,
)

from tests.deploy.servers import free_port, get, stop

ROOT = Path(__file__).resolve().parents[1]

# Captured from `wrk -t2 -c16 -d1s --latency` against the hello app on this machine.
WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:18688/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    15.31ms   11.21ms  90.86ms   78.48%
    Req/Sec   552.55    382.95     1.43k    80.00%
  Latency Distribution
     50%   11.99ms
     75%   22.30ms
     90%   30.94ms
     99%   50.07ms
  1107 requests in 1.02s, 178.04KB read
Requests/sec:   1087.57
Transfer/sec:    174.91KB
"""
WRK_OUTPUT_WITH_ERRORS = """Running 10s test @ http://127.0.0.1:18001/v/x
  2 threads and 16 connections
  Latency Distribution
     50%  812.00us
     75%    1.20ms
     90%    2.00ms
     99%    1.05s
  20512 requests in 10.00s, 9.1MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 17
Requests/sec:   2051.20
Transfer/sec:    931.00KB
"""
HELLO = (
    "import io, bench.hello.wsgi as w; out = {}\n"
    "body = w.application({'REQUEST_METHOD': 'GET', 'PATH_INFO': '/', 'SERVER_NAME': '127.0.0.1',"
    " 'SERVER_PORT': '80', 'wsgi.input': io.BytesIO(), 'wsgi.url_scheme': 'http'},"
    " lambda status, headers: out.update(status=status))\n"
    "print(out['status'], b''.join(body).decode())"
)


def test_the_hello_app_answers_ok_without_a_database():
    result = subprocess.run([sys.executable, "-c", HELLO], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "200 OK ok"


def test_wrk_report_gives_rate_percentiles_and_count():
    result = parse_wrk(WRK_OUTPUT)
    assert (result.requests_per_second, result.p50_ms, result.p99_ms) == (1087.57, 11.99, 50.07)
    assert result.requests == 1107
    assert result.errors == 0


def test_wrk_report_units_and_errors_are_read():
    result = parse_wrk(WRK_OUTPUT_WITH_ERRORS)
    assert (result.p50_ms, result.p99_ms) == (0.812, 1050.0)
    assert result.errors == 17 + 2 + 3


def test_a_report_without_latency_distribution_is_refused():
    with pytest.raises(ValueError, match="--latency"):
        parse_wrk(WRK_OUTPUT.replace("  Latency Distribution\n     50%   11.99ms\n", ""))


def test_every_search_query_of_a_run_is_new():
    count = len(WORDS) ** 3 + 100  # past the triples too
    queries = [query_for(i) for i in range(count)]
    assert len(set(queries)) == count


def _answers(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def hello(tmp_path_factory):
    """The hello app under gunicorn with the platform's configuration (one worker here)."""
    port = free_port()
    log = (tmp_path_factory.mktemp("hello") / "hello.log").open("w")
    env = {"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}", "WEB_CONCURRENCY": "1", "PATH": "/usr/bin:/bin"}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [
        gunicorn,
        "-c",
        "python:ocop.gunicorn_conf",
        "--bind",
        f"127.0.0.1:{port}",
        "bench.hello.wsgi:application",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _answers(f"{base}/"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the hello app did not start under gunicorn")
            time.sleep(0.1)
        yield base
    finally:
        stop(process)
        log.close()


def test_the_python_client_drives_the_server_within_its_bound(hello):
    result = run_python(f"{hello}/?q=", {}, vary_query=True, seconds=5, max_requests=40)
    assert result.requests == 40
    assert result.errors == 0


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk (Debian's package) is not installed")
def test_wrk_with_the_generated_script_drives_the_server(hello, tmp_path):
    result = run_wrk(f"{hello}/?q=", {"X-Forwarded-Proto": "https"}, vary_query=True, seconds=1, folder=tmp_path)
    assert result.requests > 0
    assert result.errors == 0


def test_the_python_client_takes_the_paths_in_turn(hello):
    """Half the paths answer 404: half the requests count as errors, so each request took the next path."""
    result = run_python(f"{hello}/", {}, vary_query=False, seconds=5, max_requests=40, paths=("/?stamp=1", "/missing"))
    assert (result.requests, result.errors) == (40, 20)


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk (Debian's package) is not installed")
def test_wrk_takes_the_paths_in_turn(hello, tmp_path):
    """A third of the paths answer 404 (three paths, so that each of wrk's two threads goes round all)."""
    paths = ("/?stamp=1", "/missing", "/?stamp=2")
    result = run_wrk(f"{hello}/", {}, vary_query=False, seconds=1, folder=tmp_path, paths=paths)
    assert result.requests > 30
    assert abs(result.errors - result.requests / 3) <= 18  # a connection may stop mid-round
