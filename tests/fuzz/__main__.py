"""`make fuzz`: schemathesis over every operation of /api/v1/openapi.json, as every role.

A throwaway PostgreSQL database gets the demo data (`manage.py ocop_demo`) and one API token per
demo account (`manage.py ocop_token`); a real gunicorn process serves it on a free port. Schemathesis
then runs with all checks, once anonymously and once with `Authorization: Bearer <token>` for each
role, two identities at a time. The server's own access log counts the requests and the 5xx answers
of each identity (a header names it); schemathesis's JSON report gives the violations. The run fails
on any 5xx or violation; the database is dropped afterwards.

    python -m tests.fuzz                 # the full run (make fuzz): 50 examples, every phase
    python -m tests.fuzz --ci            # what CI runs (make fuzz-ci): bounded, fixed seed, no stateful phase
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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
FULL = {"max_examples": 50, "seed": 20260101, "phases": "examples,coverage,fuzzing,stateful"}
# CI: every operation as every identity within minutes on two cores. The stateful phase (chains of
# linked calls) is left to the full run. The coverage phase (each field's boundary values, thousands
# of requests whatever the number of examples) runs anonymously and as the provincial office, the
# widest write scope; the other roles, whose scopes that one covers, get the examples and fuzzing
# phases. Two identities run at a time against one server.
CI = {"max_examples": 8, "seed": 14, "phases": "examples,coverage,fuzzing"}
CI_WIDEST = {"anonymous", "provincial_officer"}
CI_OTHER = {"max_examples": 8, "phases": "examples,fuzzing"}
# The access log's last column: which identity sent the request (identities run side by side).
IDENTITY_HEADER = "X-Ocop-Fuzz-Identity"


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


def access_log_counts(path: Path) -> tuple[Counter, dict[str, Counter]]:
    """Requests per identity, and 5xx per identity by "METHOD path", from the access log."""
    requests: Counter = Counter()
    errors: dict[str, Counter] = {}
    for line in path.read_text("utf-8", "replace").splitlines():
        status, _, rest = line.partition(" ")
        where, _, identity = rest.rpartition(" ")
        if not status.isdigit():
            continue
        requests[identity] += 1
        if status.startswith("5"):
            errors.setdefault(identity, Counter())[where.split("?")[0]] += 1
    return requests, errors


@dataclass
class Outcome:
    """One identity's schemathesis run: what its JSON report says."""

    name: str
    examples: int
    operations: int
    violations: Counter
    tool_errors: int  # schemathesis's own errors (a generation it could not finish), not the API's
    failures: list
    output: Path
    seconds: float


def fuzz_identity(name: str, command: list[str], examples: int, work: Path, reports: Path) -> Outcome:
    started = time.monotonic()
    report_path = reports / f"{name}.json"
    output = reports / f"{name}.txt"
    command = [*command, "--max-examples", str(examples), "--report-json-path", str(report_path)]
    command += ["--header", f"{IDENTITY_HEADER}: {name}"]
    with output.open("w") as out:
        subprocess.run(command, cwd=work, stdout=out, stderr=subprocess.STDOUT, check=False)
    result = json.loads(report_path.read_text()) if report_path.exists() and report_path.stat().st_size else {}
    if not result.get("operations"):  # schemathesis could not start (e.g. no schema): a failure
        print(f"[{name}] schemathesis did not run: see {output}")
        result = {
            "operations": {"tested": 0},
            "failures": [{"code": "ST000", "title": "run failed", "count": 1, "operations": []}],
        }
    failures = [
        failure for failure in result["failures"] if failure["code"] != "ST101"
    ]  # ST101: 5xx, counted by the log
    violations = Counter({f"{failure['code']} {failure['title']}": failure["count"] for failure in failures})
    tool_errors = sum(error.get("count", 1) for error in result.get("errors", []))
    outcome = Outcome(
        name, examples, result["operations"]["tested"], violations, tool_errors, failures, output,
        time.monotonic() - started,
    )  # fmt: skip
    print(
        f"[{name}] {examples} examples per operation: {outcome.operations} operations, "
        f"{sum(violations.values())} violations, {outcome.seconds:.0f} s",
        flush=True,
    )
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ci", action="store_true", help="bounded run: fixed examples and seed, no stateful phase")
    parser.add_argument("--max-examples", type=int)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--roles", help="comma-separated identities (default: all)")
    parser.add_argument(
        "--include", help="only the operations whose path matches this regular expression (e.g. '^/api/v1/producers/')"
    )
    parser.add_argument("--workers", type=int, default=2, help="schemathesis workers per identity")
    parser.add_argument("--parallel", type=int, default=2, help="identities fuzzed at the same time")
    parser.add_argument(
        "--server-workers", type=int, default=4, help="gunicorn workers (requests wait on the database too)"
    )
    parser.add_argument("--port", type=int, default=0, help="the server's port (default: a free one)")
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
    outcomes: list[Outcome] = []
    access_log = work / "access.log"
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "ocop_demo", "-v", "0")
        tokens = {
            user: manage(env, "ocop_token", user, "--name", "fuzz").strip().splitlines()[-1]
            for _, user in identities
            if user
        }
        port = options.port or free_port()
        base = f"http://127.0.0.1:{port}"
        server_log = (reports / "server.log").open("w")
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "ocop.wsgi",
                "--bind", f"127.0.0.1:{port}",
                "--workers", str(options.server_workers),
                "--timeout", "120",
                "--access-logfile", str(access_log),
                "--access-logformat", f"%(s)s %(m)s %(U)s %({{{IDENTITY_HEADER.lower()}}}i)s",
            ],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_healthy(base, server)
        print(f"database {database}, server {base}, setup {time.monotonic() - started:.0f} s", flush=True)
        print(
            f"schemathesis: all checks, phases {preset['phases']}, {max_examples} examples per operation, seed {seed}, "
            f"{options.parallel} identities at a time"
        )
        if options.ci:
            print(f"  (phases {CI_OTHER['phases']} for the identities other than {', '.join(sorted(CI_WIDEST))})")
        common = [
            str(BIN / "st"), "--config-file", str(CONFIG), "run", f"{base}/api/v1/openapi.json",
            # Every check is enabled in schemathesis.toml ([checks] enabled = true), not with
            # --checks all: a command-line list overrides the per-operation settings there.
            "--seed", str(seed),
            "--workers", str(options.workers),
            "--no-color",
            # A loaded machine builds the OpenAPI document and answers slowly: wait, do not fail.
            "--wait-for-schema", "120",
            "--request-timeout", "60",
            # The token (or nothing) is the identity: a generated session cookie would blur it.
            "--generation-with-security-parameters", "false",
            "--report", "json",
        ]  # fmt: skip
        if options.include:
            common += ["--include-path-regex", options.include]
        if options.ci:
            common += ["--generation-deterministic", "--no-shrink"]
        jobs = []
        for name, user in identities:
            examples, phases = max_examples, preset["phases"]
            if options.ci and name not in CI_WIDEST:
                phases = CI_OTHER["phases"]
                examples = options.max_examples or CI_OTHER["max_examples"]
            command = [*common, "--phases", phases]
            if user:
                command += ["--header", f"Authorization: Bearer {tokens[user]}"]
            jobs.append((name, command, examples))
        with ThreadPoolExecutor(max_workers=max(1, options.parallel)) as pool:
            futures = [pool.submit(fuzz_identity, *job, work, reports) for job in jobs]
            outcomes = [future.result() for future in futures]
        time.sleep(0.5)  # let gunicorn flush its log
        requests, errors = access_log_counts(access_log)
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
    return report(outcomes, requests, errors, options, time.monotonic() - started, database, work, reports)


def report(outcomes, requests, errors, options, seconds, database, work, reports) -> int:
    """The table per identity and in total, then what failed; the exit status."""
    print()
    header = (
        f"{'identity':<20} {'examples':>8} {'operations':>10} {'requests':>9} {'5xx':>5} {'violations':>10} {'time':>7}"
    )
    print(header)
    for outcome in outcomes:
        print(
            f"{outcome.name:<20} {outcome.examples:>8} {outcome.operations:>10} {requests[outcome.name]:>9} "
            f"{sum(errors.get(outcome.name, Counter()).values()):>5} {sum(outcome.violations.values()):>10} "
            f"{outcome.seconds:>6.0f}s"
        )
    total_5xx = sum(sum(counter.values()) for counter in errors.values())
    total_violations = sum(sum(outcome.violations.values()) for outcome in outcomes)
    print(
        f"{'total':<20} {'':>8} {max((o.operations for o in outcomes), default=0):>10} {sum(requests.values()):>9} "
        f"{total_5xx:>5} {total_violations:>10} {seconds:>6.0f}s"
    )
    for outcome in outcomes:
        where_5xx = errors.get(outcome.name, Counter())
        if where_5xx or outcome.violations:
            print(f"\n[{outcome.name}] details in {outcome.output}")
            for where, count in where_5xx.most_common():
                print(f"  5xx ×{count}: {where}")
            for what, count in outcome.violations.most_common():
                print(f"  {what} ×{count}")
            for failure in outcome.failures:
                print(f"    {failure['code']}: {', '.join(failure['operations'][:8])}")
    tool_errors = {outcome.name: outcome.tool_errors for outcome in outcomes if outcome.tool_errors}
    if tool_errors:
        listed = ", ".join(f"{name} {count}" for name, count in tool_errors.items())
        print(f"\nschemathesis's own errors (not the API's; some cases of an operation were not generated): {listed}")
    kept = f"; database {database} and server files {work} kept" if options.keep else ""
    print(f"\ndone in {seconds:.0f} s; reports in {reports}{kept}")
    if options.fail_on == "5xx" and total_violations:
        print(f"{total_violations} schema violation(s) printed above; this run fails only on server errors")
    return 1 if total_5xx or (total_violations and options.fail_on == "all") else 0


if __name__ == "__main__":
    raise SystemExit(main())
