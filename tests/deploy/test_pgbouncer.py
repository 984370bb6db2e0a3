"""Behind pgbouncer in transaction mode, for real: a PostgreSQL cluster made by this test, pgbouncer
(pool of 2 server connections) in front of it, and a gunicorn server with OCOP_DB_POOLER=transaction.
Migrations, the demo load, public pages, an export that iterates a queryset, and a write all pass
through the pooler; a session started on one server connection is used on another."""

import json
import urllib.request

import pytest

from tests.deploy.postgres import PGBOUNCER, Cluster, Pgbouncer, missing_binaries
from tests.deploy.servers import get, manage, server_env, serving

why_not = missing_binaries() or ("" if __import__("os").path.exists(PGBOUNCER) else "pgbouncer is not installed")
pytestmark = pytest.mark.skipif(bool(why_not), reason=why_not or "ok")

DATABASE = "ocop"
PRODUCT_SQL = (  # a catalogue product of the demo producer account "chuthe"
    "SELECT p.id FROM products_product p JOIN accounts_user u ON u.producer_id = p.producer_id"
    " WHERE u.username = 'chuthe' AND p.current_stars IS NOT NULL ORDER BY p.id LIMIT 1"
)


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
        with serving(env) as base:
            yield base, cluster, env
    finally:
        if bouncer:
            bouncer.stop()
        cluster.remove()


def login(base: str, username: str) -> str:
    """Log in through the form; returns the Cookie header of the session."""
    status, headers, _ = get(f"{base}/accounts/login/")
    assert status == 200
    csrf = headers["Set-Cookie"].split("csrftoken=")[1].split(";")[0]
    body = f"username={username}&password=ocop-demo-2026&csrfmiddlewaretoken={csrf}".encode()
    request_headers = {"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"}
    status, headers, _ = get(f"{base}/accounts/login/", headers=request_headers, data=body)
    assert status == 302, status
    session = headers["Set-Cookie"].split("sessionid=")[1].split(";")[0]
    return f"csrftoken={csrf}; sessionid={session}"


def test_public_pages_and_the_api_answer_through_pgbouncer(site):
    base, cluster, _ = site
    product_id = int(cluster.sql("SELECT min(id) FROM products_product WHERE current_stars IS NOT NULL", DATABASE))
    for path in ["/", "/catalog/san-pham/", f"/catalog/san-pham/{product_id}/", "/sitemap.xml"]:
        status, _, _ = get(f"{base}{path}")
        assert status in {200, 301}, path
    status, _, body = get(f"{base}/api/v1/catalog/search?q=tra")
    assert status == 200 and json.loads(body)["count"] >= 1
    status, _, body = get(f"{base}/api/v1/catalog/products/{product_id}")
    assert status == 200 and json.loads(body)["id"] == product_id


def test_a_session_an_export_and_a_write_go_through_the_pooler(site):
    base, cluster, _ = site
    cookie = login(base, "chuthe")
    # An export iterates its rows (.iterator): without server-side cursors it works in transaction mode.
    status, _, body = get(f"{base}/imports/export.xlsx?kind=products", headers={"Cookie": cookie})
    assert status == 200 and body[:2] == b"PK", body[:300]
    for _ in range(6):  # more requests than server connections: the session is found on any of them
        status, _, body = get(f"{base}/api/v1/accounts/me", headers={"Cookie": cookie})
        assert status == 200 and json.loads(body)["username"] == "chuthe"
    csrf = cookie.split("csrftoken=")[1].split(";")[0]
    product_id = int(cluster.sql(PRODUCT_SQL, DATABASE))
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}/api/v1/products/{product_id}",
        data=json.dumps({"description_vi": "Sửa qua pgbouncer"}).encode(),
        method="PATCH",
        headers={"Cookie": cookie, "X-CSRFToken": csrf, "Content-Type": "application/json", "Referer": base + "/"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        assert response.status == 200
    assert cluster.sql(f"SELECT description_vi FROM products_product WHERE id = {product_id}", DATABASE) == (  # noqa: S608 - an id from the test's own query
        "Sửa qua pgbouncer"
    )
