"""Behind pgbouncer in transaction mode, for real: a PostgreSQL cluster made by this test, pgbouncer
(pool of 2 server connections) in front of it, and a gunicorn server with OCOP_DB_POOLER=transaction.
Migrations, the demo load, public pages, a queryset iterated outside a transaction, token requests and
a write all pass through the pooler."""

import json
import urllib.request

import pytest

from tests.deploy.postgres import PGBOUNCER, Cluster, Pgbouncer, missing_binaries
from tests.deploy.servers import get, manage, server_env, serving
from tests.deploy.test_replica import PRODUCTS_SQL, TOKEN_SCRIPT, catalogue_product

why_not = missing_binaries() or ("" if __import__("os").path.exists(PGBOUNCER) else "pgbouncer is not installed")
pytestmark = pytest.mark.skipif(bool(why_not), reason=why_not or "ok")

DATABASE = "ocop"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    cluster = Cluster.primary()
    bouncer = None
    try:
        cluster.sql(f"CREATE DATABASE {DATABASE}")
        bouncer = Pgbouncer(cluster, pool_mode="transaction", pool_size=2)
        env = server_env(
            tmp_path_factory.mktemp("pgbouncer-site"),
            DATABASE_URL=bouncer.url(DATABASE),
            OCOP_DB_POOLER="transaction",
            WEB_CONCURRENCY="2",
        )
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "ocop_demo", "-v", "0")
        key = manage(env, "shell", "-c", TOKEN_SCRIPT).stdout.strip().splitlines()[-1]
        with serving(env) as base:
            yield base, cluster, env, catalogue_product(base, cluster.sql(PRODUCTS_SQL, DATABASE)), key
    finally:
        if bouncer:
            bouncer.stop()
        cluster.remove()


def test_public_pages_and_the_api_answer_through_pgbouncer(site):
    base, _, _, product_id, _ = site
    for path in ["/", "/catalog/san-pham/", f"/catalog/san-pham/{product_id}/", "/sitemap.xml"]:
        status, _, _ = get(f"{base}{path}")
        assert status in {200, 301}, path
    status, _, body = get(f"{base}/api/v1/catalog/search?q=tra")
    assert status == 200 and json.loads(body)["count"] >= 1
    status, _, body = get(f"{base}/api/v1/catalog/products/{product_id}")
    assert status == 200 and json.loads(body)["id"] == product_id


ITERATE = """
from django.db import connection, transaction
from ocop.products.models import Product
assert not transaction.get_connection().in_atomic_block
print(len(list(Product.objects.order_by("id").iterator(chunk_size=2))), connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"])
"""


def test_iterating_a_queryset_outside_a_transaction_works_without_server_side_cursors(site):
    _, cluster, env, _, _ = site
    # .iterator() outside a transaction (as the exports do): a WITH HOLD cursor would be lost in
    # transaction mode; with OCOP_DB_POOLER=transaction Django fetches client-side.
    found = manage(env, "shell", "-c", ITERATE).stdout.strip().splitlines()[-1].split()  # after the shell's own lines
    assert found == [cluster.sql("SELECT count(*) FROM products_product", DATABASE), "True"]


def test_a_token_and_a_write_go_through_the_pooler(site):
    base, cluster, _, product_id, key = site
    for _ in range(6):  # more requests than server connections: each finds the token on any of them
        status, _, body = get(f"{base}/api/v1/accounts/me", headers={"Authorization": f"Bearer {key}"})
        assert status == 200 and json.loads(body)["username"] == "chuthe"
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}/api/v1/products/{product_id}",
        data=json.dumps({"description_vi": "Sửa qua pgbouncer"}).encode(),
        method="PATCH",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        assert response.status == 200
    select = f"SELECT description_vi FROM products_product WHERE id = {product_id}"  # noqa: S608
    assert cluster.sql(select, DATABASE) == "Sửa qua pgbouncer"
