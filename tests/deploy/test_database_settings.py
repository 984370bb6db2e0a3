"""The database settings for scale (docs/operations.md): pooler, psycopg's pool, the replica alias.
Each test loads the settings in a fresh process, as tests/deploy/test_production_settings.py does."""

import json
import os

import pytest

from tests.deploy.test_production_settings import load_settings, run

PG = "postgres://ocop:secret@127.0.0.1:5432/ocop"


def test_without_any_of_it_there_is_one_database_and_no_router(tmp_path):
    found = load_settings(tmp_path, "DATABASES", "DATABASE_ROUTERS", DATABASE_URL=PG)
    assert list(found["DATABASES"]) == ["default"]
    assert found["DATABASE_ROUTERS"] == []
    assert found["DATABASES"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is False
    assert found["DATABASES"]["default"]["CONN_MAX_AGE"] == 60


def test_behind_pgbouncer_in_transaction_mode_there_are_no_server_side_cursors(tmp_path):
    found = load_settings(tmp_path, "DATABASES", DATABASE_URL=PG, OCOP_DB_POOLER="transaction")
    assert found["DATABASES"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_a_replica_url_adds_the_replica_alias_and_the_router(tmp_path):
    found = load_settings(
        tmp_path,
        "DATABASES",
        "DATABASE_ROUTERS",
        DATABASE_URL=PG,
        DATABASE_REPLICA_URL="postgres://ocop:secret@10.0.0.9:5432/ocop",
        OCOP_DB_POOLER="transaction",
    )
    replica = found["DATABASES"]["replica"]
    assert (replica["HOST"], replica["NAME"], replica["TEST"]) == ("10.0.0.9", "ocop", {"MIRROR": "default"})
    assert replica["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert found["DATABASE_ROUTERS"] == ["ocop.core.db_router.ReplicaRouter"]


def test_a_pool_size_turns_on_psycopgs_pool_and_off_djangos_persistent_connections(tmp_path):
    found = load_settings(tmp_path, "DATABASES", DATABASE_URL=PG, OCOP_DB_POOL_SIZE="8", OCOP_DB_POOL_TIMEOUT="5")
    default = found["DATABASES"]["default"]
    assert default["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": 5.0}
    assert default["CONN_MAX_AGE"] == 0


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL (the suite's DATABASE_URL)"
)
def test_the_pool_really_serves_queries(tmp_path):
    code = (
        "import django, json; django.setup(); from django.db import connection;"
        "c = connection.cursor(); c.execute('SELECT 41 + 1'); n = c.fetchone()[0]; c.close();"
        "print(json.dumps([n, type(connection.pool).__name__, connection.pool.max_size]))"
    )
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    result = run(code, tmp_path, DATABASE_URL=url, OCOP_DB_POOL_SIZE="3", DJANGO_SETTINGS_MODULE="ocop.settings")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [42, "ConnectionPool", 3]
