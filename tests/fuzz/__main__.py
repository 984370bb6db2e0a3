"""`make fuzz`: schemathesis over every operation of /api/v1/openapi.json, as every role.

A throwaway PostgreSQL database gets the demo data (`manage.py ocop_demo`) and one API token per
demo account (`manage.py ocop_token`); a real gunicorn process serves it on a free port. Schemathesis
then runs with all checks, once anonymously and once with `Authorization: Bearer <token>` for each
role. The server's own access log counts the requests and the 5xx answers; schemathesis's JSON report
gives the violations. The run fails on any 5xx or violation; the database is dropped afterwards.

    python -m tests.fuzz                 # the full run (make fuzz)
    python -m tests.fuzz --ci            # bounded: every identity, fewer examples, fixed seed
    python -m tests.fuzz --ci --fail-on 5xx   # what CI runs (make fuzz-ci): fails on any server error
    python -m tests.fuzz --roles anonymous,producer --max-examples 20 --keep
    python -m tests.fuzz --ci --include '^/api/v1/producers/' --roles provincial_officer   # some operations

Environment: OCOP_FUZZ_PG (server URL without a database name, default
postgres://postgres@127.0.0.1:5432), OCOP_FUZZ_EXAMPLES, OCOP_FUZZ_SEED.
"""

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONFIG = Path(__file__).with_name("schemathesis.toml")
# (identity, demo username); "anonymous" sends no credentials.
IDENTITIES = [
    ("anonymous", None),
    ("provincial_officer", "canbotinh"),
    ("commune_officer", "canboxa"),
    ("council_member", "hoidong"),
    ("central_officer", "trunguong"),
    ("producer", "chuthe"),
    ("buyer", "nguoimua"),
]
FULL = {"max_examples": 50, "seed": 20260101}
# CI: every identity, fewer examples for the roles whose write scope the provincial office covers,
# so that the bounded run stays within minutes on two cores.
CI = {"max_examples": 8, "seed": 14}
CI_WIDEST = {"anonymous", "provincial_officer"}
CI_OTHER_EXAMPLES = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def wait_healthy(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode})")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
            if response.status == 200:
                return
        time.sleep(0.3)
    raise SystemExit("the server did not answer /healthz in time")


def access_log_counts(path: Path, start: int) -> tuple[int, Counter, int]:
    """Requests after byte `start` of the access log: (count, 5xx by "METHOD path", new offset)."""
    with path.open("rb") as log:
        log.seek(start)
        lines = log.read().decode("utf-8", "replace").splitlines()
        end = log.tell()
    errors: Counter = Counter()
    count = 0
    for line in lines:
        status, _, rest = line.partition(" ")
        if not status.isdigit():
            continue
        count += 1
        if status.startswith("5"):
            errors[rest.split("?")[0]] += 1
    return count, errors, end


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ci", action="store_true", help="bounded run: fixed examples and seed")
    parser.add_argument("--max-examples", type=int)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--roles", help="comma-separated identities (default: all)")
    parser.add_argument(
        "--include", help="only the operations whose path matches this regular expression (e.g. '^/api/v1/producers/')"
    )
    parser.add_argument("--workers", type=int, default=2, help="schemathesis workers")
    parser.add_argument(
        "--server-workers", type=int, default=3, help="gunicorn workers (requests wait on the database too)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and the server's files")
    parser.add_argument(
        "--fail-on",
        choices=["all", "5xx"],
        default="all",
        help="what fails the run: any 5xx or violation (default), or only server errors (violations printed)",
    )
    options = parser.parse_args()
    preset = CI if options.ci else FULL
    max_examples = options.max_examples or int(os.environ.get("OCOP_FUZZ_EXAMPLES", preset["max_examples"]))
    seed = options.seed if options.seed is not None else int(os.environ.get("OCOP_FUZZ_SEED", preset["seed"]))
    wanted = {name.strip() for name in (options.roles or "").split(",") if name.strip()}
    identities = [(name, user) for name, user in IDENTITIES if not wanted or name in wanted]
    if wanted - {name for name, _ in IDENTITIES}:
        raise SystemExit(f"unknown identities: {', '.join(sorted(wanted - {name for name, _ in IDENTITIES}))}")

    server_url = os.environ.get("OCOP_FUZZ_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    database = f"ocop_fuzz_{os.getpid()}_{int(time.time())}"
    work = Path(tempfile.mkdtemp(prefix="ocop-fuzz-"))
    reports = ROOT / "var" / "fuzz"
    shutil.rmtree(reports, ignore_errors=True)  # one run's reports, not a mix of several
    reports.mkdir(parents=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"{server_url}/{database}",
        "OCOP_VAR_DIR": str(work / "var"),
        "PYTHONPATH": str(ROOT / "src"),
        "DEBUG": "false",
        "CELERY_BROKER_URL": "",
        # The public endpoints' per-address limits would answer the fuzzer 429 after a minute.
        "OCOP_RATE_SEARCH_PER_MINUTE": "1000000",
        "OCOP_RATE_VERIFICATION_PER_MINUTE": "1000000",
    }
    started = time.monotonic()
    psql(server_url, f'CREATE DATABASE "{database}"')
    server = None
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "ocop_demo", "-v", "0")
        tokens = {
            user: manage(env, "ocop_token", user, "--name", "fuzz").strip().splitlines()[-1]
            for _, user in identities
            if user
        }
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        access_log = work / "access.log"
        server_log = (reports / "server.log").open("w")
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "ocop.wsgi",
                "--bind", f"127.0.0.1:{port}",
                "--workers", str(options.server_workers),
                "--timeout", "120",
                "--access-logfile", str(access_log),
                "--access-logformat", "%(s)s %(m)s %(U)s",
            ],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_healthy(base, server)
        print(f"database {database}, server {base}, setup {time.monotonic() - started:.0f} s", flush=True)
        print(f"schemathesis: all checks, {max_examples} examples per operation, seed {seed}")
        if options.ci and not options.max_examples:
            print(f"  ({CI_OTHER_EXAMPLES} per operation for the identities other than {', '.join(sorted(CI_WIDEST))})")
        offset = access_log.stat().st_size
        rows = []
        for name, user in identities:
            examples = max_examples
            if options.ci and not options.max_examples and name not in CI_WIDEST:
                examples = min(max_examples, CI_OTHER_EXAMPLES)
            identity_started = time.monotonic()
            report = reports / f"{name}.json"
            command = [
                str(BIN / "st"), "--config-file", str(CONFIG), "run", f"{base}/api/v1/openapi.json",
                "--checks", "all",
                "--max-examples", str(examples),
                "--seed", str(seed),
                "--workers", str(options.workers),
                "--no-color",
                # A loaded machine builds the OpenAPI document and answers slowly: wait, do not fail.
                "--wait-for-schema", "120",
                "--request-timeout", "60",
                # The token (or nothing) is the identity: a generated session cookie would blur it.
                "--generation-with-security-parameters", "false",
                "--report", "json", "--report-json-path", str(report),
            ]  # fmt: skip
            if user:
                command += ["--header", f"Authorization: Bearer {tokens[user]}"]
            if options.include:
                command += ["--include-path-regex", options.include]
            if options.ci:
                command += ["--generation-deterministic", "--no-shrink"]
            output = reports / f"{name}.txt"
            with output.open("w") as out:
                subprocess.run(command, cwd=work, stdout=out, stderr=subprocess.STDOUT, check=False)
            time.sleep(0.5)  # let gunicorn flush its log
            requests, errors, offset = access_log_counts(access_log, offset)
            result = json.loads(report.read_text())
            if not result.get("operations"):  # schemathesis could not start (e.g. no schema): a failure
                print(f"[{name}] schemathesis did not run: see {output}")
                result = {
                    "operations": {"tested": 0},
                    "failures": [{"code": "ST000", "title": "run failed", "count": 1, "operations": []}],
                }
            violations = Counter()
            for failure in result["failures"]:
                if failure["code"] != "ST101":
                    violations[f"{failure['code']} {failure['title']}"] += failure["count"]
            rows.append((name, result["operations"]["tested"], requests, errors, violations, result, output))
            print(
                f"[{name}] {examples} examples per operation: {requests} requests, {sum(errors.values())} 5xx, "
                f"{sum(violations.values())} violations, {time.monotonic() - identity_started:.0f} s",
                flush=True,
            )
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a loaded machine: do not leave the database behind
                server.kill()
                server.wait()
        if not options.keep:
            psql(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"{'identity':<20} {'operations':>10} {'requests':>9} {'5xx':>5} {'violations':>10}")
    for name, operations, requests, errors, violations, _result, _output in rows:
        print(f"{name:<20} {operations:>10} {requests:>9} {sum(errors.values()):>5} {sum(violations.values()):>10}")
    total_5xx = sum(sum(row[3].values()) for row in rows)
    total_violations = sum(sum(row[4].values()) for row in rows)
    print(
        f"{'total':<20} {max((row[1] for row in rows), default=0):>10} {sum(row[2] for row in rows):>9} "
        f"{total_5xx:>5} {total_violations:>10}"
    )
    for name, _operations, _requests, errors, violations, _result, output in rows:
        if errors or violations:
            print(f"\n[{name}] details in {output}")
            for where, count in errors.most_common():
                print(f"  5xx ×{count}: {where}")
            for what, count in violations.most_common():
                print(f"  {what} ×{count}")
            for failure in _result["failures"]:
                if failure["code"] != "ST101":
                    print(f"    {failure['code']}: {', '.join(failure['operations'][:8])}")
    kept = f"; database {database} and server files {work} kept" if options.keep else ""
    print(f"\ndone in {time.monotonic() - started:.0f} s; reports in {reports}{kept}")
    if options.fail_on == "5xx" and total_violations:
        print(f"{total_violations} schema violation(s) printed above; this run fails only on server errors")
    return 1 if total_5xx or (total_violations and options.fail_on == "all") else 0


if __name__ == "__main__":
    raise SystemExit(main())
