"""The read replica, for real: a PostgreSQL primary and a streaming replica made by this test
(tests/deploy/postgres.py), a gunicorn server with DATABASE_URL on the primary and
DATABASE_REPLICA_URL on the replica, and the demo data.

Replay on the replica is paused while the primary changes, so an answer tells where it was read:
the old value is the replica's, the new one the primary's.
"""

import json
import urllib.request
from pathlib import Path

import pytest

from tests.deploy.postgres import Cluster, missing_binaries
from tests.deploy.servers import get, manage, server_env, serving

pytestmark = pytest.mark.skipif(bool(missing_binaries()), reason=missing_binaries() or "ok")

DATABASE = "ocop"
PRODUCTS_SQL = (  # the products of the demo producer account "chuthe"
    "SELECT p.id FROM products_product p JOIN accounts_user u ON u.producer_id = p.producer_id"
    " WHERE u.username = 'chuthe' ORDER BY p.id"
)


@pytest.fixture(scope="module")
def clusters():
    primary = Cluster.primary()
    replica = None
    try:
        primary.sql(f"CREATE DATABASE {DATABASE}")
        replica = primary.replica()
        yield primary, replica
    finally:
        if replica:
            replica.remove()
        primary.remove()


@pytest.fixture(scope="module")
def site(clusters, tmp_path_factory):
    primary, replica = clusters
    env = server_env(
        tmp_path_factory.mktemp("replica-site"),
        DATABASE_URL=primary.url(DATABASE),
        DATABASE_REPLICA_URL=replica.url(DATABASE),
        OCOP_REPLICA_STICKY_SECONDS="30",
        LOG_LEVEL="WARNING",
    )
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "ocop_demo", "-v", "0")
    key = manage(env, "shell", "-c", TOKEN_SCRIPT).stdout.strip().splitlines()[-1]
    with serving(env) as base:
        yield base, env, catalogue_product(base, primary.sql(PRODUCTS_SQL, DATABASE)), key


TOKEN_SCRIPT = """
from ocop.accounts.models import ApiToken, User
key = ApiToken.new_key()
ApiToken.objects.create(user=User.objects.get(username="chuthe"), name="replica test", key_hash=ApiToken.hash_key(key))
print(key)
"""


def catalogue_product(base: str, ids: str) -> int:
    """The first of the producer's products that the public catalogue shows."""
    for product_id in map(int, ids.split()):
        if get(f"{base}/api/v1/catalog/products/{product_id}")[0] == 200:
            return product_id
    raise AssertionError(f"none of the products {ids.split()} is in the catalogue")


def description(base: str, product_id: int, cookie: str = "") -> str:
    status, _, body = get(f"{base}/api/v1/catalog/products/{product_id}", headers={"Cookie": cookie} if cookie else {})
    assert status == 200, body
    return json.loads(body)["description_vi"]


def patch(base: str, path: str, key: str, payload: dict) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}{path}",
        data=json.dumps(payload).encode(),
        method="PATCH",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def test_public_reads_come_from_the_replica_and_the_writer_reads_the_primary(clusters, site):
    primary, replica = clusters
    base, _, product_id, key = site
    before = description(base, product_id)
    replica.wait_for("SELECT pg_is_in_recovery()", "t", DATABASE)

    # Given replay on the replica paused, when the producer changes the description through the API
    replica.sql("SELECT pg_wal_replay_pause()")
    try:
        status, headers, _ = patch(base, f"/api/v1/products/{product_id}", key, {"description_vi": "Mô tả mới"})
        assert status == 200
        cookie = headers["Set-Cookie"].split(";")[0]
        assert cookie.startswith("ocop_primary_until=")
        assert primary.sql(f"SELECT description_vi FROM products_product WHERE id = {product_id}", DATABASE) == (  # noqa: S608 - an id from the test's own query
            "Mô tả mới"
        )

        # then the writer, with the cookie of the write, reads the primary and sees the change at once,
        assert description(base, product_id, cookie) == "Mô tả mới"
        # while any other visitor's catalogue read comes from the replica, which does not have it yet.
        assert description(base, product_id) == before
    finally:
        replica.sql("SELECT pg_wal_replay_resume()")

    # When replay goes on, the replica catches up and every visitor sees the change.
    replica.wait_for(f"SELECT description_vi FROM products_product WHERE id = {product_id}", "Mô tả mới", DATABASE)  # noqa: S608 - an id from the test's own query
    assert description(base, product_id) == "Mô tả mới"


def test_a_replica_that_is_down_means_reads_from_the_primary_and_a_warning(clusters, site):
    primary, replica = clusters
    base, env, product_id, _ = site
    update = f"UPDATE products_product SET description_vi = 'Khi bản sao dừng' WHERE id = {product_id}"  # noqa: S608
    primary.sql(update, DATABASE)
    select = f"SELECT description_vi FROM products_product WHERE id = {product_id}"  # noqa: S608
    replica.wait_for(select, "Khi bản sao dừng", DATABASE)

    # Given the replica stopped, when a visitor reads the catalogue
    replica.stop()
    try:
        # then the page is still answered, from the primary,
        assert description(base, product_id) == "Khi bản sao dừng"
        status, _, _ = get(f"{base}/catalog/san-pham/{product_id}/")
        assert status in {200, 301}
        # and the fallback is logged.
        logs = "".join(path.read_text() for path in Path(env["OCOP_VAR_DIR"]).glob("server-*.log"))
        assert "Read replica unavailable, reading from the primary" in logs
    finally:
        replica.start()
    # When it is back, public reads use it again (after the retry pause) without an error.
    replica.wait_for("SELECT pg_is_in_recovery()", "t", DATABASE)
    assert description(base, product_id) == "Khi bản sao dừng"
