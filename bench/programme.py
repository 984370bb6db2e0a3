"""Benchmark: the overview dashboard on national-scale data (goal, issue 16: ≤ 50 ms at 5 M lines).

Generates, with a fixed seed, 10,000 producers in the communes of all 34 provinces, 20,000
products, 8,000 certificates and N sales lines (OCOP_BENCH_SALES_LINES, default 500,000; the
issue's scale is 5,000,000 — set the variable to run it), rebuilds the summary tables and the
certified-product spans (the load bypasses the services that keep them), refreshes
the planner's statistics (PostgreSQL: ANALYZE, as autovacuum would after a load), then times the
overview of Quảng Ninh and of the whole country (best of 5, after one warm-up), and the sales
figures of the overview alone (what the summary tables answer). Also times the plain GROUP BY over
the raw lines that the summaries replace, and prints a projection for 5 M. A database that already
holds the generated records (OCOP_VAR_DIR / DATABASE_URL kept from an earlier run) is reused as it
is: nothing is generated again.
On PostgreSQL, also one year of sales by channel (Quảng Ninh, the nation) from the table
partitioned by year against a plain copy with the pre-partitioning index (docs/scaling.md).

Run through `make bench` (a throwaway database; DATABASE_URL selects PostgreSQL) or
`python -m bench` — never against a database holding real data: it inserts rows in bulk.
"""

import datetime
import os
import random
import re
import sys
import time
from pathlib import Path

PRODUCERS = 10_000
PRODUCTS = 20_000
CERTIFICATES = 8_000
DEFAULT_LINES = 500_000
FULL_LINES = 5_000_000
GOAL_MS = 50
NATIONAL_PAGE_GOAL_MS = 100  # issue 19: the national view at 34 provinces × 20,000 products
SEED = 2026
CHANNELS = ["fairs_events", "retail_chains", "ecommerce", "export", "direct_other"]
TYPES = ["cooperative", "household", "llc_single", "joint_stock", "cooperative_group"]


def _setup() -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()


def _criteria_version():
    from ocop.criteria.models import CriteriaVersion

    version = CriteriaVersion.objects.order_by("pk").first()
    if version is None:
        version = CriteriaVersion.objects.create(
            code="bench",
            name="Bench",
            legal_document="Bench",
            signed_on=datetime.date(2023, 2, 1),
            effective_from=datetime.date(2023, 2, 1),
            max_total=100,
            parts=[],
            star_bands=[],
        )
    return version


def _generate(lines: int, rng: random.Random) -> dict[str, float]:
    from django.db import connection, transaction
    from django.utils import timezone

    from ocop.certificates.models import Certificate
    from ocop.geo.models import Commune
    from ocop.producers.models import Producer
    from ocop.products.models import Product
    from ocop.programme.models import SalesLine

    timings = {}
    started = time.perf_counter()
    communes = list(Commune.objects.values_list("pk", "province_id"))
    with transaction.atomic():
        Producer.objects.bulk_create(
            [
                Producer(
                    legal_name=f"Chủ thể thử tải {n:05d}",
                    name_folded=f"chu the thu tai {n:05d}",
                    producer_type=TYPES[n % len(TYPES)],
                    commune_id=communes[rng.randrange(len(communes))][0],
                )
                for n in range(PRODUCERS)
            ],
            batch_size=2000,
        )
        producers = list(
            Producer.objects.filter(legal_name__startswith="Chủ thể thử tải").values_list(
                "pk", "commune_id", "commune__province_id", "producer_type"
            )
        )
        Product.objects.bulk_create(
            [
                Product(
                    producer_id=producers[n % PRODUCERS][0], name_vi=f"Sản phẩm thử tải {n:05d}", status="certified"
                )
                for n in range(PRODUCTS)
            ],
            batch_size=2000,
        )
        products = list(
            Product.objects.filter(name_vi__startswith="Sản phẩm thử tải")
            .values_list("pk", "producer_id")
            .order_by("pk")
        )
        by_producer = {pk: (commune, province, kind) for pk, commune, province, kind in producers}
        version = _criteria_version()
        certs = []
        for n in range(CERTIFICATES):
            product_id, producer_id = products[n]
            decided = datetime.date(2019 + n % 7, 1 + n % 12, 1 + n % 28)
            stars = 3 if n % 10 < 7 else (4 if n % 10 < 9 else 5)
            certs.append(
                Certificate(
                    number=f"BENCH-{n:06d}",
                    product_id=product_id,
                    producer_id=producer_id,
                    stars=stars,
                    criteria_version=version,
                    decision_number=f"{n}/QĐ",
                    decision_date=decided,
                    authority_level="central" if stars == 5 else "province",
                    authority_name="UBND tỉnh",
                    signer_name="Bench",
                    valid_from=decided,
                    valid_until=decided.replace(year=decided.year + 3) - datetime.timedelta(days=1),
                    status="valid" if decided.year >= 2023 else "expired",
                )
            )
        Certificate.objects.bulk_create(certs, batch_size=2000)
    timings["registry"] = time.perf_counter() - started

    started = time.perf_counter()
    table = SalesLine._meta.db_table
    columns = [
        "created_at",
        "updated_at",
        "year",
        "period_kind",
        "period",
        "quarter",
        "channel",
        "amount_vnd",
        "origin",
        "note",
        "producer_id",
        "product_id",
        "province_id",
        "commune_id",
        "producer_type",
    ]
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608 - names from the model
    now = timezone.now()

    def rows():
        for i in range(lines):
            product_id, producer_id = products[i % PRODUCTS]
            combo = i // PRODUCTS
            channel = CHANNELS[combo % 5]
            month = (combo // 5) % 12 + 1
            year = 2025 - combo // 60
            commune_id, province_id, kind = by_producer[producer_id]
            amount = rng.randrange(1_000_000, 200_000_000)
            yield (
                now,
                now,
                year,
                "month",
                month,
                (month - 1) // 3 + 1,
                channel,
                amount,
                "imported",
                "",
                producer_id,
                product_id,
                province_id,
                commune_id,
                kind,
            )

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            batch = []
            for row in rows():
                batch.append(row)
                if len(batch) == 20_000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    timings["lines"] = time.perf_counter() - started
    return timings


def _partitioning_compared(province_id: int, year: int) -> list[str]:
    """PostgreSQL: one year's sales (a province, the nation) from the partitioned table against a
    plain copy of it with the index the table had before partitioning (province_id, year)."""
    from django.db import connection

    from ocop.programme.models import SalesLine

    table = SalesLine._meta.db_table
    out = []
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_salesline_plain")
        cursor.execute(f"CREATE TABLE bench_salesline_plain (LIKE {table})")
        cursor.execute(f"INSERT INTO bench_salesline_plain SELECT * FROM {table}")  # noqa: S608 - names from the model
        cursor.execute("ALTER TABLE bench_salesline_plain ADD PRIMARY KEY (id)")
        cursor.execute("CREATE INDEX ON bench_salesline_plain (province_id, year)")
        cursor.execute("ANALYZE bench_salesline_plain")
        cursor.execute(f"ANALYZE {table}")
    out.append(f"plain copy of the lines for the comparison built in {time.perf_counter() - started:.1f} s")
    queries = {
        "province": ("WHERE province_id = %s AND year = %s", [province_id, year]),
        "national": ("WHERE year = %s", [year]),
    }
    for scope, (where, params) in queries.items():
        figures = {}
        for name in ("bench_salesline_plain", table):
            sql = f"SELECT channel, sum(amount_vnd), count(*) FROM {name} {where} GROUP BY channel"  # noqa: S608 - fixed names

            def query(sql=sql, params=params):
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    return cursor.fetchall()

            figures[name] = _time(query)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN SELECT channel, sum(amount_vnd) FROM {table} {where} GROUP BY channel", params)  # noqa: S608
            plan = " ".join(row[0] for row in cursor.fetchall())
        scanned = len(set(re.findall(rf"\b{table}_(?:y\d{{4}}|default)(?!\w)", plan)))
        out.append(
            f"one year ({year}) of sales by channel, {scope}: plain table {figures['bench_salesline_plain']:.1f} ms, "
            f"partitioned {figures[table]:.1f} ms ({scanned} partition(s) scanned)"
        )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_salesline_plain")
    return out


def _generate_and_summarise(lines: int, rng: random.Random) -> list[str]:
    from ocop.programme.services import certified_spans_rebuild, sales_summary_rebuild

    out = []
    timings = _generate(lines, rng)
    out.append(
        f"generated {PRODUCERS:,} producers, {PRODUCTS:,} products, {CERTIFICATES:,} certificates in {timings['registry']:.1f} s"
    )
    out.append(f"generated {lines:,} sales lines in {timings['lines']:.1f} s ({lines / timings['lines']:,.0f} lines/s)")
    if lines < FULL_LINES:
        projection = timings["lines"] * FULL_LINES / lines
        out.append(
            f"projection for {FULL_LINES:,} lines: ~{projection:.0f} s to generate (set OCOP_BENCH_SALES_LINES={FULL_LINES})"
        )
    started = time.perf_counter()
    rows = sales_summary_rebuild()
    out.append(f"summary tables rebuilt from the raw lines: {rows:,} rows in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    spans = certified_spans_rebuild()
    out.append(
        f"certified-product spans rebuilt from the certificates: {spans:,} in {time.perf_counter() - started:.1f} s"
    )
    return out


def _goal(ms: float) -> str:
    return f"(goal ≤ {GOAL_MS} ms: {'met' if ms <= GOAL_MS else 'not met'})"


def _national_page_ms() -> float:
    """The national overview page as a central officer opens it: the request through Django (session,
    permissions, the dashboard built from records, the template rendered), best of 5 after a warm-up."""
    from django.conf import settings
    from django.test import Client

    from ocop.accounts.models import Role, User
    from ocop.accounts.services import user_create

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    officer = User.objects.filter(username="bench_central").first() or user_create(
        username="bench_central",
        password="bench-central-2026",  # noqa: S106 - a throwaway bench database
        role=Role.CENTRAL_OFFICER,
    )
    client = Client()
    client.force_login(officer)

    def page() -> None:
        response = client.get("/programme/", {"phase": "2021-2025"})
        if response.status_code != 200:
            raise RuntimeError(f"/programme/ answered {response.status_code}")

    return _time(page)


def _sales_figures(phase, scope, today) -> None:
    """The overview's sales figures alone: total, by year, by channel, by province or commune, headline."""
    from ocop.programme.models import Indicator
    from ocop.programme.selectors import headline, indicator_breakdown, indicator_total, query_for

    sales = Indicator.objects.get(code="ocop_sales_revenue")
    query = query_for(phase=phase, scope=scope, today=today)
    indicator_total(sales, query)
    by_year = indicator_breakdown(sales, query, "year")
    indicator_breakdown(sales, query, "channel")
    indicator_breakdown(sales, query, "province" if scope.province is None else "commune")
    headline(phase, scope, today, sales_by_year=by_year)


def _time(function, repeat: int = 5) -> float:
    function()
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def run() -> list[str]:
    _setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Sum
    from django.utils import translation

    from ocop.geo.models import Province
    from ocop.products.models import Product
    from ocop.programme.dashboard import overview_build
    from ocop.programme.models import SalesLine
    from ocop.programme.selectors import Scope, phase_by_code

    if not Province.objects.exists():
        call_command("migrate", verbosity=0)
        call_command("ocop_geo_load", verbosity=0)
    lines = int(os.environ.get("OCOP_BENCH_SALES_LINES", DEFAULT_LINES))
    rng = random.Random(SEED)
    out = [f"database: {connection.vendor}; provinces: {Province.objects.count()}; seed {SEED}"]
    existing = SalesLine.objects.count()
    if existing:
        out.append(f"reusing the records already in this database: {existing:,} sales lines (nothing generated)")
    else:
        out += _generate_and_summarise(lines, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    quang_ninh = Province.objects.get(code=22)
    today = datetime.date.today()
    with translation.override("vi"):
        for phase_code in ("2021-2025", "2026-2030"):
            phase = phase_by_code(phase_code)
            scope = Scope(province=quang_ninh)
            ms = _time(lambda phase=phase, scope=scope: overview_build(phase=phase, scope=scope, today=today))
            out.append(f"overview Quảng Ninh, phase {phase_code}: {ms:.1f} ms {_goal(ms)}")
        phase = phase_by_code("2021-2025")
        ms = _time(lambda: overview_build(phase=phase, scope=Scope(), today=today))
        out.append(f"overview national, phase 2021-2025: {ms:.1f} ms {_goal(ms)}")
        ms = _national_page_ms()
        verdict = "met" if ms <= NATIONAL_PAGE_GOAL_MS else "not met"
        out.append(
            f"national dashboard page (central officer, {Province.objects.count()} provinces, "
            f"{Product.objects.count():,} products, {SalesLine.objects.count():,} sales lines): {ms:.1f} ms "
            f"(issue 19 goal ≤ {NATIONAL_PAGE_GOAL_MS} ms: {verdict})"
        )
        for name, scope in (("Quảng Ninh", Scope(province=quang_ninh)), ("national", Scope())):
            ms = _time(lambda scope=scope: _sales_figures(phase, scope, today))
            out.append(f"  of which the sales figures (summary tables), {name}: {ms:.1f} ms")
    ms = _time(
        lambda: list(
            SalesLine.objects.filter(year__gte=2021, year__lte=2025)
            .order_by()
            .values("year", "channel")
            .annotate(s=Sum("amount_vnd"))
        ),
        repeat=1,
    )
    out.append(f"for comparison, plain GROUP BY over the raw lines (national, 2021–2025): {ms:.0f} ms")
    if connection.vendor == "postgresql":
        lines_by_year = dict(SalesLine.objects.order_by().values_list("year").annotate(n=Count("pk")))
        out.append("lines by year: " + ", ".join(f"{year}: {n:,}" for year, n in sorted(lines_by_year.items())))
        out += _partitioning_compared(quang_ninh.pk, max(lines_by_year))
    return out


if __name__ == "__main__":
    for line in run():
        print(line)
