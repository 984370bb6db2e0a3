"""`make bench-http`: the platform's hot paths against a bare Django hello-world, served alike.

Both run under gunicorn with the platform's own configuration (`ocop.gunicorn_conf`: 2 workers of
4 threads by default, the same keep-alive) and production settings (OCOP_ENV=production: DEBUG off,
Redis cache, JSON request log): the hello app is started with that configuration file and its own
WSGI module; the platform by `manage.py ocop_serve`, as `make run` starts it. The platform's data is
the demo (`ocop_demo`) in a throwaway PostgreSQL database (production refuses SQLite), created here
and dropped afterwards; the cache is Redis at OCOP_BENCH_HTTP_REDIS (default redis://127.0.0.1:6379/9)
under a key prefix of this run. Requests carry `X-Forwarded-Proto: https`, as nginx sends them.

Every path is driven by the same load generator: wrk (16 connections, 2 threads,
OCOP_BENCH_HTTP_SECONDS each, default 10), or a bounded Python client when wrk is missing. Printed
for each path: req/s, p50, p99, the share of hello-world's req/s measured in the same run, whether the
answer is cached, and the goal of issue 16. Searches send a new query on every request (a Lua script
walks a word list), so they are uncached. The per-address rate limits are raised for the run (every
request comes from 127.0.0.1); everything else is production's.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 16
WRK_THREADS = 2
# Words of the demo catalogue's names: every request's query is a new pair (or triple) of them.
WORDS = [
    "chả",
    "mực",
    "trà",
    "hoa",
    "vàng",
    "ba",
    "chẽ",
    "rượu",
    "kích",
    "miến",
    "dong",
    "nước",
    "mắm",
    "cái",
    "rồng",
    "sá",
    "sùng",
    "gà",
    "tiên",
    "yên",
    "hạ",
    "long",
    "vân",
    "đồn",
    "mật",
    "ong",
    "quế",
    "hồi",
    "bánh",
    "gạo",
    "nếp",
    "cá",
    "tôm",
    "khô",
    "sò",
    "huyết",
]
STAMPS = 20_000  # the stamps of the run the scans are spread over: each scan a stamp's first or second
TARGETS_SCRIPT = (
    f"STAMPS = {STAMPS}\n"
    + """
import json
from django.utils import timezone
from ocop.certificates.codes import make_code
from ocop.certificates.models import Certificate, CertificateStatus
certificate = (
    Certificate.objects.filter(status=CertificateStatus.VALID, valid_until__gte=timezone.localdate())
    .exclude(product__gtin="").order_by("pk").first()
)
from datetime import timedelta
from ocop.accounts.system import SystemCaller
from ocop.stamps.codes import stamp_signature
from ocop.stamps.services import stamp_run_create
today = timezone.localdate()
run = stamp_run_create(
    user=None, system=SystemCaller.DEMO, certificate=certificate, lot_number="BENCH-HTTP", production_date=today,
    best_before=min(today + timedelta(days=180), certificate.valid_until), quantity=STAMPS,
)
gtin = certificate.product.gtin.zfill(14)
stamps = [f"/01/{gtin}/10/BENCH-HTTP/21/{run.pk}-{i}?s={stamp_signature(run.pk, i)}" for i in range(1, STAMPS + 1)]
print(json.dumps({"code": make_code(certificate.pk), "gtin": gtin, "stamps": stamps,
                  "product": certificate.product_id, "producer": certificate.producer_id}))
"""
)
API_LISTS = (
    "/api/v1/producers/",
    "/api/v1/products/",
    "/api/v1/certificates/",
    "/api/v1/evaluations/dossiers",
    "/api/v1/evaluations/rounds",
    "/api/v1/promotion/events",
    "/api/v1/trade/listings",
    "/api/v1/trade/partners",
    "/api/v1/trade/inquiries",
    "/api/v1/programme/sales",
    "/api/v1/geo/provinces",
    "/api/v1/trade/sales-points",
)
GOAL_CACHED_PAGE = "≥ 80 %"
GOAL_VERIFICATION = "≥ 60 %, p99 ≤ 20 ms"
GOAL_SEARCH = "≥ 40 %"
GOAL_API_LIST = "≥ 30 %"


@dataclass
class Result:
    """One path's figures: requests per second and latency percentiles in milliseconds."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int = 0
    errors: int = 0  # non-2xx/3xx answers and socket errors
    notes: list[str] = field(default_factory=list)


@dataclass
class Case:
    label: str
    path: str
    cached: str  # "cached", "uncached" or "—"
    goal: str
    session: str = ""  # the login whose session cookie is sent
    vary_query: bool = False  # path ends in "q=": a new query each request
    paths: tuple[str, ...] = ()  # a path of these each request, in turn (a new stamp each scan)


# --- wrk ------------------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str) -> Result:
    """The figures of wrk's `--latency` report (its "Latency Distribution" and totals)."""
    percentile = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+(\S+)\s*$", output, re.M))
    if "50" not in percentile or "99" not in percentile:
        raise ValueError("wrk printed no latency distribution (was it run with --latency?)")
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in ", output, re.M)
    if rate is None or total is None:
        raise ValueError("wrk printed no Requests/sec")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", output))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Result(float(rate.group(1)), _ms(percentile["50"]), _ms(percentile["99"]), int(total.group(1)), errors)


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_script(
    headers: dict[str, str], vary_query: bool, threads: int = WRK_THREADS, paths: tuple[str, ...] = ()
) -> str:
    """The Lua script of one run: the headers, and for a search a new query on every request (or the
    next of `paths` on every request)."""
    lines = ["local headers = {}"]
    lines += [f"headers[{_lua_string(name)}] = {_lua_string(value)}" for name, value in headers.items()]
    lines += [
        "local counter = 0",
        "thread_id = 0",  # a global: setup() sets each thread's own
        "local n = 0",
        "function setup(thread) thread:set('thread_id', n); n = n + 1 end",
    ]
    if paths:
        lines += [
            "local paths = {" + ", ".join(_lua_string(path) for path in paths) + "}",
            f"local threads = {threads}",
            "request = function()",
            "  local i = counter * threads + thread_id",  # distinct across threads
            "  counter = counter + 1",
            "  return wrk.format('GET', paths[i % #paths + 1], headers)",
            "end",
        ]
        return "\n".join(lines) + "\n"
    if not vary_query:
        lines.append("request = function() return wrk.format('GET', nil, headers) end")
        return "\n".join(lines) + "\n"
    words = ", ".join(_lua_string(urllib.parse.quote(word)) for word in WORDS)
    lines += [
        f"local words = {{{words}}}",
        f"local threads = {threads}",
        "request = function()",
        "  local i = counter * threads + thread_id",  # distinct across threads
        "  counter = counter + 1",
        "  local w = #words",
        "  local q = words[i % w + 1] .. '+' .. words[math.floor(i / w) % w + 1]",
        "  if i >= w * w then q = q .. '+' .. words[math.floor(i / (w * w)) % w + 1] end",
        "  if i >= w * w * w then q = q .. '+' .. i end",
        "  return wrk.format('GET', wrk.path .. q, headers)",
        "end",
    ]
    return "\n".join(lines) + "\n"


def run_wrk(
    url: str, headers: dict[str, str], vary_query: bool, seconds: int, folder: Path, paths: tuple[str, ...] = ()
) -> Result:
    script = folder / "wrk.lua"
    script.write_text(wrk_script(headers, vary_query, paths=paths))
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    return parse_wrk(output)


# --- the fallback client ------------------------------------------------------------------------------


def query_for(i: int) -> str:
    """The i-th search query, as the Lua script builds it."""
    w = len(WORDS)
    parts = [WORDS[i % w], WORDS[(i // w) % w]]
    if i >= w * w:
        parts.append(WORDS[(i // (w * w)) % w])
    if i >= w**3:
        parts.append(str(i))
    return "+".join(urllib.parse.quote(part) for part in parts)


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def run_python(
    url: str,
    headers: dict[str, str],
    vary_query: bool,
    seconds: int,
    max_requests: int = 200_000,
    paths: tuple[str, ...] = (),
) -> Result:
    """CONNECTIONS keep-alive connections in threads, for `seconds` or `max_requests` in all."""
    import http.client

    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = [0]
    counter = iter(range(max_requests))
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine: list[float] = []
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            started = time.perf_counter()
            try:
                path = paths[i % len(paths)] if paths else target + (query_for(i) if vary_query else "")
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            mine.append((time.perf_counter() - started) * 1000)
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return Result(
        len(latencies) / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99), len(latencies), errors[0]
    )


# --- servers ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def production_env(var: Path, database_url: str, redis_url: str, port: int) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "OCOP_", "DJANGO_"))}
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "PORT", "DEBUG", "LOG_LEVEL", "LOG_FORMAT"):
        keep.pop(name, None)
    return {
        **keep,
        "OCOP_ENV": "production",
        "SECRET_KEY": "b" * 40 + "-bench-http-site-key-of-this-run-only",
        "OCOP_VERIFICATION_KEY": "v" * 40 + "-bench-http-verification-key-of-this-run",
        "OCOP_PUBLIC_BASE_URL": "https://127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "OCOP_CACHE_PREFIX": f"bench-http-{os.getpid()}",
        "OCOP_MEDIA_ROOT": str(var / "media"),
        "OCOP_VAR_DIR": str(var),
        "OCOP_RATE_SEARCH_PER_MINUTE": "100000000",
        "OCOP_RATE_VERIFICATION_PER_MINUTE": "100000000",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        "PORT": str(port),
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout


def start(command: list[str], env: dict[str, str], log: Path, health: str) -> subprocess.Popen:
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        wait_for(health, process, log)
    except BaseException:
        stop(process)
        raise
    return process


def login(base: str, username: str, password: str, https: dict[str, str]) -> str:
    """The session cookie of this user, from the login form (cookies are Secure: sent by hand)."""
    page = requests.get(f"{base}/accounts/login/", headers=https, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = requests.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        headers={
            **https,
            "Cookie": f"csrftoken={page.cookies['csrftoken']}",
            "Origin": base.replace("http://", "https://"),
            "Referer": f"{base.replace('http://', 'https://')}/accounts/login/",
        },
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302 or "sessionid" not in answer.cookies:
        raise RuntimeError(f"login of {username} failed: {answer.status_code}")
    return f"sessionid={answer.cookies['sessionid']}"


def final_path(base: str, path: str, headers: dict[str, str]) -> tuple[str, requests.Response]:
    """The path after redirects (a product's address without its slug), and its answer."""
    for _ in range(3):
        answer = requests.get(f"{base}{path}", headers=headers, allow_redirects=False, timeout=30)
        if answer.status_code not in (301, 302):
            return path, answer
        path = answer.headers["Location"]
    return path, answer


def cases(targets: dict) -> list[Case]:
    code, gtin = targets["code"], targets["gtin"]
    listed = [Case(f"API {path} (officer)", path, "uncached", GOAL_API_LIST, "officer") for path in API_LISTS]
    return [
        Case("catalogue home", "/", "cached", GOAL_CACHED_PAGE),
        Case("catalogue list", "/catalog/san-pham/", "cached", GOAL_CACHED_PAGE),
        Case("product page", f"/catalog/san-pham/{targets['product']}/", "cached", GOAL_CACHED_PAGE),
        Case("producer page", f"/catalog/chu-the/{targets['producer']}/", "cached", GOAL_CACHED_PAGE),
        Case("/v/<code>", f"/v/{code}", "cached", GOAL_VERIFICATION),
        Case("/01/<gtin>", f"/01/{gtin}", "cached", GOAL_VERIFICATION),
        Case("stamp scan, a new stamp each request", "", "counted", GOAL_VERIFICATION, paths=tuple(targets["stamps"])),
        Case("API search, new query", "/api/v1/catalog/search?q=", "uncached", GOAL_SEARCH, vary_query=True),
        Case("HTML search, new query", "/catalog/san-pham/?q=", "uncached", GOAL_SEARCH, vary_query=True),
        Case("/api/v1/criteria/versions", "/api/v1/criteria/versions", "uncached", GOAL_API_LIST),
        Case("/healthz", "/healthz", "uncached", "—"),
        *listed,
        Case("producer dashboard", "/dashboard/", "uncached", "—", "producer"),
        Case("officer dashboard", "/dashboard/", "uncached", "—", "officer"),
    ]


def drive(
    url: str, headers: dict[str, str], vary_query: bool, seconds: int, folder: Path, paths: tuple[str, ...] = ()
) -> Result:
    if shutil.which("wrk"):
        return run_wrk(url, headers, vary_query, seconds, folder, paths)
    return run_python(url, headers, vary_query, seconds, paths=paths)


def row(label: str, result: Result, anchor: float, cached: str, goal: str) -> str:
    share = f"{100 * result.requests_per_second / anchor:5.1f} %" if anchor else "—"
    errors = f"  ({result.errors} errors of {result.requests})" if result.errors else ""
    return (
        f"{label:<44} {result.requests_per_second:8.0f} {result.p50_ms:7.2f} {result.p99_ms:7.2f}"
        f"  {share:>7}  {cached:<8}  {goal}{errors}"
    )


def main() -> int:
    seconds = int(os.environ.get("OCOP_BENCH_HTTP_SECONDS", "10"))
    redis_url = os.environ.get("OCOP_BENCH_HTTP_REDIS", "redis://127.0.0.1:6379/9")
    admin = os.environ.get("OCOP_BENCH_HTTP_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    server = urllib.parse.urlsplit(admin)
    client = ["-h", server.hostname or "127.0.0.1", "-p", str(server.port or 5432), "-U", server.username or "postgres"]
    database = f"ocop_bench_http_{os.getpid()}"
    folder = Path(tempfile.mkdtemp(prefix="ocop-bench-http-"))
    hello_port, platform_port = free_port(), free_port()
    env = production_env(folder / "var", f"{admin}/{database}", redis_url, platform_port)
    (folder / "var").mkdir()
    subprocess.run(["createdb", *client, database], check=True)
    processes: list[subprocess.Popen] = []
    try:
        started = time.perf_counter()
        manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "ocop_demo", "-v", "0")
        targets = json.loads(manage(env, "shell", "-v", "0", "-c", TARGETS_SCRIPT).strip().splitlines()[-1])
        print(f"setup (PostgreSQL {database}, demo data): {time.perf_counter() - started:.0f} s")
        hello_env = {**env, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        hello_command = [gunicorn, "-c", "python:ocop.gunicorn_conf", "--bind", f"127.0.0.1:{hello_port}"]
        hello_base, base = f"http://127.0.0.1:{hello_port}", f"http://127.0.0.1:{platform_port}"
        processes.append(
            start([*hello_command, "bench.hello.wsgi:application"], hello_env, folder / "hello.log", hello_base)
        )
        serve = [sys.executable, "manage.py", "ocop_serve"]
        processes.append(start(serve, env, folder / "platform.log", f"{base}/healthz"))

        https = {"X-Forwarded-Proto": "https"}
        password = "ocop-demo-2026"  # noqa: S105 - the demo accounts' published password
        sessions = {
            "producer": login(base, "chuthe", password, https),
            "officer": login(base, "canbotinh", password, https),
        }
        generator = "wrk" if shutil.which("wrk") else "python client (wrk missing)"
        workers = env["WEB_CONCURRENCY"]
        print(
            f"gunicorn ocop.gunicorn_conf ({workers} workers), {generator}, {CONNECTIONS} connections, {seconds} s a path"
        )
        print(f"{'path':<44} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}  {'share':>7}  {'cache':<8}  goal")
        anchor = drive(f"{hello_base}/", https, False, seconds, folder)
        print(row("hello-world (bare Django, anchor)", anchor, 0, "—", "—"), flush=True)
        only = [part for part in os.environ.get("OCOP_BENCH_HTTP_ONLY", "").split(",") if part]
        for case in cases(targets):
            if only and not any(part in case.label for part in only):
                continue
            headers = {**https, **({"Cookie": sessions[case.session]} if case.session else {})}
            path = case.path
            if not case.vary_query:
                path, answer = final_path(base, case.paths[-1] if case.paths else path, headers)
                if answer.status_code != 200:
                    print(f"{case.label:<44} answers {answer.status_code}: not measured", flush=True)
                    continue
            result = drive(f"{base}{path}", headers, case.vary_query, seconds, folder, case.paths)
            print(row(case.label, result, anchor.requests_per_second, case.cached, case.goal), flush=True)
        print("the machine is shared: figures move with the other load on it; the shares are from this one run")
    finally:
        for process in reversed(processes):
            stop(process)
        subprocess.run(["dropdb", *client, "--if-exists", database], check=False)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
