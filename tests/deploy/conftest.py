"""Most tests here start their own processes (web servers, nginx, PostgreSQL clusters, Redis, a
worker) and never touch the test run's database: the servers get their own (tests/deploy/servers.py
drops DATABASE_URL). They run once, in the SQLite pass (`make test`); the PostgreSQL pass
(`make test-pg`) would only run them a second time, identically, so it skips them and says why."""

import os

import pytest

OWN_PROCESSES = {
    "test_files",
    "test_nginx",
    "test_pgbouncer",
    "test_production_settings",
    "test_replica",
    "test_scenario",
    "test_serve",
    "test_shared_state",
}


def pytest_collection_modifyitems(config, items):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    once = pytest.mark.skip(reason="starts its own servers and databases, whatever the test database: run by make test")
    for item in items:
        module = item.module.__name__ if item.module else ""
        if module.startswith("tests.deploy.") and module.rsplit(".", 1)[-1] in OWN_PROCESSES:
            item.add_marker(once)
