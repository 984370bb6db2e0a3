"""Catalogue search and page speed on 20,000 products (issue 9).

`run()` assumes Django is set up on a migrated database holding the administrative units (as
`python -m bench` leaves it). It builds 20,000 products with realistic folded names (bulk_create),
certificates for a third of them and the search index, then prints:

- search p50/p95 in process (`search_products`, and a whole catalogue page of cards), next to a
  bare FTS5 (SQLite) or tsquery (PostgreSQL) query over the same index: the target is p50 ≤ 10 ms
  and within 3× of the bare query;
- the same searches over HTTP through Django's test client (cold: cache bumped before each, and warm);
- throughput under gunicorn (2 sync workers on a free loopback port, bounded in time) of the
  catalogue page against a bare hello-world view served by the same Django stack: the target is
  at least 40 %.

Nothing here is added to the site: the hello view and its URL exist only in this module, served by
`bench.catalog:application` (Django's WSGI app with ROOT_URLCONF pointed at this module).
"""

import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

PRODUCTS = 20_000
PRODUCERS = 2_000
ROUNDS = 30
ROOT = Path(__file__).resolve().parent.parent

KINDS = [
    ("Chả mực", "squid cake"),
    ("Trà hoa vàng", "golden camellia tea"),
    ("Rượu ba kích", "morinda root wine"),
    ("Nước mắm", "fish sauce"),
    ("Miến dong", "arrowroot vermicelli"),
    ("Mật ong rừng", "wild honey"),
    ("Gạo nếp cái hoa vàng", "yellow-flower glutinous rice"),
    ("Ngọc trai", "pearls"),
    ("Sá sùng khô", "dried peanut worms"),
    ("Mực ống khô", "dried squid"),
    ("Trứng vịt biển", "sea duck eggs"),
    ("Tôm he", "banana prawns"),
    ("Hàu sữa", "milk oysters"),
    ("Bánh gai", "gai leaf cake"),
    ("Chè xanh", "green tea"),
    ("Măng khô", "dried bamboo shoots"),
    ("Nấm hương", "shiitake mushrooms"),
    ("Dầu sở", "camellia oil"),
    ("Quế", "cinnamon"),
    ("Hồi", "star anise"),
    ("Nước khoáng", "mineral water"),
    ("Sứa", "jellyfish"),
    ("Ruốc tôm", "shrimp floss"),
    ("Bún bề bề", "mantis shrimp noodles"),
]
PLACES = [
    "Hạ Long",
    "Ba Chẽ",
    "Cô Tô",
    "Vân Đồn",
    "Bình Liêu",
    "Đông Triều",
    "Tiên Yên",
    "Hải Hà",
    "Đầm Hà",
    "Quảng Yên",
    "Móng Cái",
    "Cẩm Phả",
    "Uông Bí",
    "Quan Lạn",
    "Cái Rồng",
    "Đồng Rui",
]
QUALIFIERS = [
    "",
    "đặc biệt",
    "loại 1",
    "hữu cơ",
    "truyền thống",
    "cao cấp",
    "túi lọc",
    "hộp quà",
    "đặc sản",
    "thượng hạng",
    "nguyên chất",
    "gia truyền",
    "sấy lạnh",
    "xuất khẩu",
]
QUERIES = [
    "cha muc ha long",
    "tra hoa vang",
    "tra hoa vang ba che",
    "ruou ba kich",
    "nuoc mam cai rong",
    "mien dong binh lieu",
    "ngoc trai",
    "dac san",
    "tra h",  # search as you type
    "mat ong rung huu co",
    "co to",
    "cha muk ha long",  # typo: the fallback
]
# Queries that match nothing as typed: each one runs the spelling fallback (the last: nothing close).
TYPO_QUERIES = ["cha muk ha long", "tra hoa vnag", "nuoc mam cai rnog", "ngoc trai qzx"]
HELLO_PATH = "/bench-hello/"


# --- the bench-only WSGI application: the site plus a hello-world view -------------------------


def _hello(request):
    from django.http import HttpResponse

    return HttpResponse(b"hello")


def __getattr__(name):
    """`urlpatterns` built on first use (Django must be set up first): the site plus the hello view."""
    if name == "urlpatterns":
        from django.urls import include, path

        return [path(HELLO_PATH.strip("/") + "/", _hello), path("", include("ocop.urls"))]
    raise AttributeError(name)


_application = None


def application(environ, start_response):
    global _application
    if _application is None:
        from django.conf import settings
        from django.core.wsgi import get_wsgi_application

        _application = get_wsgi_application()
        settings.ROOT_URLCONF = "bench.catalog"
    return _application(environ, start_response)


# --- data -------------------------------------------------------------------------------------


def _build(rng: random.Random) -> tuple[int, float]:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from ocop.certificates.models import Certificate
    from ocop.core.text import fold_vietnamese
    from ocop.criteria.models import CriteriaVersion, ProductSet
    from ocop.geo.models import Commune
    from ocop.producers.models import Producer, ProducerType
    from ocop.products.models import Product

    if not ProductSet.objects.exists():
        call_command("ocop_criteria_load", verbosity=0)
    product_sets = list(ProductSet.objects.all())
    version = CriteriaVersion.objects.order_by("-effective_from").first()
    communes = list(Commune.objects.filter(province__code=22))
    started = time.perf_counter()
    with transaction.atomic():
        producers = []
        for n in range(PRODUCERS):
            kind = rng.choice(list(ProducerType))
            place = rng.choice(PLACES)
            name = f"{kind.label} {rng.choice(KINDS)[0]} {place} số {n}"
            producers.append(
                Producer(
                    legal_name=name,
                    producer_type=kind,
                    commune=rng.choice(communes),
                    name_folded=fold_vietnamese(name),
                    is_demo=True,
                )
            )
        producers = Producer.objects.bulk_create(producers, batch_size=1000)
        products = []
        for n in range(PRODUCTS):
            kind_vi, kind_en = rng.choice(KINDS)
            place = rng.choice(PLACES)
            qualifier = rng.choice(QUALIFIERS)
            name_vi = " ".join(part for part in (kind_vi, place, qualifier, f"mẫu {n}") if part)
            products.append(
                Product(
                    producer=producers[n % PRODUCERS],
                    name_vi=name_vi,
                    name_en=f"{place} {kind_en} #{n}",
                    product_set=rng.choice(product_sets),
                    description_vi=f"{kind_vi} {place}: sản phẩm {qualifier or 'truyền thống'} của địa phương, "
                    "làm theo cách truyền thống, đóng gói đạt chuẩn.",
                    status="certified" if n % 3 == 0 else "in_programme",
                    name_folded=fold_vietnamese(name_vi),
                    is_demo=True,
                )
            )
        products = Product.objects.bulk_create(products, batch_size=1000)
        today = timezone.localdate()
        certificates = [
            Certificate(
                number=f"BENCH-{product.pk}",
                product=product,
                producer_id=product.producer_id,
                stars=rng.choice([3, 3, 3, 4, 4, 5]),
                criteria_version=version,
                decision_number="BENCH",
                decision_date=today - timedelta(days=100),
                authority_level="province",
                authority_name="UBND tỉnh Quảng Ninh",
                signer_name="Bench",
                valid_from=today - timedelta(days=100),
                valid_until=today + timedelta(days=900),
                total=Decimal("75"),
            )
            for product in products[::3]
        ]
        Certificate.objects.bulk_create(certificates, batch_size=1000)
    return len(products), time.perf_counter() - started


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return p50 * 1000, p95 * 1000


def _timed(function, rounds: int = ROUNDS) -> list[float]:
    samples = []
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            function(query)
            samples.append(time.perf_counter() - started)
    return samples


def _bare_query():
    from django.db import connection

    from ocop.catalog.search import query_tokens

    if connection.vendor == "sqlite":
        from ocop.catalog.search.sqlite import match_expression

        sql = "SELECT rowid FROM catalog_search_fts WHERE catalog_search_fts MATCH %s ORDER BY rank LIMIT 24"
        make = match_expression
        label = "bare FTS5 MATCH … ORDER BY rank LIMIT 24"
    else:
        from ocop.catalog.search.postgres import tsquery

        sql = (
            "SELECT product_id FROM catalog_searchdocument WHERE search_vector @@ to_tsquery('simple', %s) "
            "ORDER BY ts_rank(search_vector, to_tsquery('simple', %s)) DESC LIMIT 24"
        )
        make = tsquery
        label = "bare tsquery @@ … ORDER BY ts_rank LIMIT 24"

    def bare(query: str) -> None:
        expression = make(query_tokens(query))
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression] * sql.count("%s"))
            cursor.fetchall()

    return bare, label


# --- gunicorn -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _throughput(base: str, path: str, seconds: float = 4.0, threads: int = 4) -> float:
    done = [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def worker():
        while time.monotonic() < stop:
            with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310 - loopback only
                response.read()
            with lock:
                done[0] += 1

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return done[0] / (time.monotonic() - started)


def _gunicorn_lines() -> list[str]:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists():
        return ["gunicorn: not installed, skipped"]
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(
        [str(gunicorn), "bench.catalog:application", "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(base + HELLO_PATH, timeout=1) as response:  # noqa: S310
                    response.read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    return ["gunicorn: did not start, skipped"]
                time.sleep(0.2)
        for path in ("/catalog/san-pham/", "/catalog/san-pham/?q=tra+hoa+vang", "/catalog/"):
            for _ in range(8):  # warm both workers' caches
                urllib.request.urlopen(base + path, timeout=10).read()  # noqa: S310
        hello = _throughput(base, HELLO_PATH)
        page = _throughput(base, "/catalog/san-pham/")
        search = _throughput(base, "/catalog/san-pham/?q=tra+hoa+vang")
        home = _throughput(base, "/catalog/")
        share = page / hello * 100
        verdict = "OK" if share >= 40 else "BELOW TARGET"
        return [
            f"gunicorn (2 sync workers, 4 client threads, 4 s each): hello-world {hello:,.0f} req/s",
            f"gunicorn: catalogue page {page:,.0f} req/s = {share:.0f}% of hello-world (target ≥ 40%: {verdict})",
            f"gunicorn: search page 'tra hoa vang' {search:,.0f} req/s ({search / hello * 100:.0f}%), "
            f"catalogue home {home:,.0f} req/s ({home / hello * 100:.0f}%)",
        ]
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


# --- run ----------------------------------------------------------------------------------------


def run() -> list[str]:
    from django.db import connection
    from django.test import Client

    from ocop.catalog import cache as page_cache
    from ocop.catalog.forms import CatalogFilters
    from ocop.catalog.search import search_products
    from ocop.catalog.selectors import catalogue_page
    from ocop.catalog.services import search_index_rebuild

    lines = []
    rng = random.Random(9)
    built, seconds = _build(rng)
    lines.append(f"catalog: built {built:,} products (bulk_create) in {seconds:.1f} s on {connection.vendor}")
    started = time.perf_counter()
    indexed = search_index_rebuild()
    elapsed = time.perf_counter() - started
    lines.append(f"catalog: indexed {indexed:,} documents in {elapsed:.1f} s ({indexed / elapsed:,.0f}/s)")

    bare, label = _bare_query()
    bare_p50, bare_p95 = _percentiles(_timed(bare))
    lines.append(f"catalog: {label}: p50 {bare_p50:.2f} ms, p95 {bare_p95:.2f} ms")

    totals = {query: search_products(query).total for query in QUERIES}
    search_p50, search_p95 = _percentiles(_timed(lambda q: search_products(q, limit=24)))
    verdict = "OK" if search_p50 <= 10 else "SLOW"
    lines.append(
        f"catalog: search_products (ids + ranks + total), {len(QUERIES)} queries × {ROUNDS}: "
        f"p50 {search_p50:.2f} ms, p95 {search_p95:.2f} ms "
        f"(target p50 ≤ 10 ms: {verdict}; {search_p50 / bare_p50:.1f}× the bare query)"
    )
    lines.append("catalog: matches " + ", ".join(f"{q!r}: {n:,}" for q, n in totals.items()))
    typo_samples = []
    for _ in range(10):
        for query in TYPO_QUERIES:
            started = time.perf_counter()
            search_products(query, limit=24)
            typo_samples.append(time.perf_counter() - started)
    typo_p50, typo_p95 = _percentiles(typo_samples)
    typo_totals = ", ".join(f"{q!r}: {search_products(q).total:,}" for q in TYPO_QUERIES)
    lines.append(
        f"catalog: spelling fallback, {len(TYPO_QUERIES)} queries × 10: p50 {typo_p50:.2f} ms, "
        f"p95 {typo_p95:.2f} ms (matches {typo_totals})"
    )
    page_p50, page_p95 = _percentiles(_timed(lambda q: catalogue_page(CatalogFilters(q=q)), rounds=10))
    lines.append(
        f"catalog: a page of 24 cards (search + cards with stars and photos): p50 {page_p50:.2f} ms, p95 {page_p95:.2f} ms"
    )
    filtered_p50, filtered_p95 = _percentiles(
        _timed(lambda q: search_products(q, CatalogFilters(q=q, stars=4), limit=24), rounds=10)
    )
    lines.append(f"catalog: search with a star filter: p50 {filtered_p50:.2f} ms, p95 {filtered_p95:.2f} ms")

    client = Client()

    def http_cold(query: str) -> None:
        page_cache.bump()
        response = client.get("/catalog/san-pham/", {"q": query}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200

    def http_warm(query: str) -> None:
        response = client.get("/catalog/san-pham/", {"q": query}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200

    cold_p50, cold_p95 = _percentiles(_timed(http_cold, rounds=10))
    warm_p50, warm_p95 = _percentiles(_timed(http_warm, rounds=10))
    lines.append(
        f"catalog: over HTTP (test client, htmx results): uncached p50 {cold_p50:.2f} ms, p95 {cold_p95:.2f} ms; "
        f"cached p50 {warm_p50:.2f} ms, p95 {warm_p95:.2f} ms"
    )
    lines.extend(_gunicorn_lines())
    return lines


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()
    print("\n".join(run()))
