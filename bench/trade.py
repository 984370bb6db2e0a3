"""Benchmark: the export readiness matrix for 2,000 products × 8 markets, and the SQL "ready for" filter.

`run()` returns the lines to print. It sets Django up itself and makes its own rows (bulk inserts):
40 producers in Quảng Ninh with 50 products each, a mix of certification documents, export
credentials and offer terms, so that cells range from 0% to 100%. The markets and checklists are the
ones the data migration seeds (8 markets).
"""

import os
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

PRODUCERS = 40
PRODUCTS_EACH = 50
DAY = date(2026, 6, 1)


def _setup() -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()


def _rows():
    from ocop.core.text import fold_vietnamese
    from ocop.geo.models import Commune
    from ocop.producers.models import Producer
    from ocop.products.models import CertificationDocument, Product
    from ocop.trade.models import ExportCredential, ExportProfile, Market

    prefix = "Hợp tác xã Đo hiệu năng xuất khẩu"
    if Producer.objects.filter(legal_name__startswith=prefix).count() >= PRODUCERS:
        return Product.objects.filter(producer__legal_name__startswith=prefix)
    communes = list(Commune.objects.filter(province__code=22).order_by("code")[:20])
    producers = Producer.objects.bulk_create(
        Producer(
            legal_name=f"{prefix} {index + 1}",
            name_folded=fold_vietnamese(f"{prefix} {index + 1}"),
            producer_type="cooperative",
            commune=communes[index % len(communes)],
        )
        for index in range(PRODUCERS)
    )
    products = Product.objects.bulk_create(
        Product(
            producer=producer,
            name_vi=f"Sản phẩm đo hiệu năng {p_index}-{index}",
            name_en=f"Benchmark product {p_index}-{index}" if index % 5 != 1 else "",
            hs_code="160554" if index % 7 else "",
            name_folded=fold_vietnamese(f"San pham do hieu nang {p_index}-{index}"),
        )
        for p_index, producer in enumerate(producers)
        for index in range(PRODUCTS_EACH)
    )
    markets = {market.code: market for market in Market.objects.all()}
    documents = []
    credentials = []
    for index, product in enumerate(products):
        if index % 2 == 0:
            documents.append(
                CertificationDocument(
                    producer_id=product.producer_id,
                    product=product,
                    kind="haccp",
                    issued_on=DAY - timedelta(days=400),
                    expires_on=DAY + timedelta(days=(index % 5 - 2) * 100),
                )
            )
        if index % 3 == 0:
            credentials.append(
                ExportCredential(
                    producer_id=product.producer_id, product=product, kind="market_label", market=markets["jp"]
                )
            )
            credentials.append(
                ExportCredential(
                    producer_id=product.producer_id, product=product, kind="certificate_of_origin", market=markets["jp"]
                )
            )
        if index % 4 == 0:
            credentials.append(
                ExportCredential(producer_id=product.producer_id, product=product, kind="health_certificate")
            )
    for producer in producers[::3]:
        documents.append(CertificationDocument(producer=producer, kind="iso_22000", issued_on=DAY - timedelta(days=10)))
        credentials.append(ExportCredential(producer=producer, kind="gacc_registration", market=markets["cn"]))
    CertificationDocument.objects.bulk_create(documents)
    ExportCredential.objects.bulk_create(credentials)
    ExportProfile.objects.bulk_create(
        ExportProfile(
            product=product,
            capacity_per_month=Decimal("1000"),
            capacity_unit="kg",
            min_order_quantity=Decimal("100"),
            min_order_unit="kg",
            lead_time_days=21,
            incoterms="FOB,CIF",
        )
        for product in products[::2]
    )
    return Product.objects.filter(producer__legal_name__startswith=prefix)


def run() -> list[str]:
    _setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ocop.trade.models import Market
    from ocop.trade.readiness import readiness_matrix
    from ocop.trade.selectors import filter_export_ready

    products = _rows()
    markets = list(Market.objects.filter(active=True))
    lines = []
    timings = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            matrix = readiness_matrix(products, markets, DAY)
            elapsed = time.perf_counter() - started
        timings.append(elapsed)
    cells = len(matrix.cells)
    best = min(timings)
    ready_python = {market.code: matrix.ready_count(market) for market in markets}
    lines.append(
        f"readiness matrix: {len(matrix.products)} products × {len(markets)} markets = {cells} cells "
        f"in {best * 1000:.0f} ms (best of 3; {cells / best:,.0f} cells/s), {len(queries)} queries"
    )
    started = time.perf_counter()
    ready_sql = {market.code: filter_export_ready(products, market.code, DAY).count() for market in markets}
    elapsed = time.perf_counter() - started
    lines.append(
        f"SQL 'export ready for' filter: {len(markets)} markets counted in {elapsed * 1000:.0f} ms "
        f"({elapsed / len(markets) * 1000:.0f} ms per market)"
    )
    lines.append(f"ready per market: {ready_sql} (Python and SQL agree: {ready_sql == ready_python})")
    page = list(products.order_by("name_vi", "pk")[:50])
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        readiness_matrix(page, markets, DAY)
        elapsed = time.perf_counter() - started
    lines.append(
        f"one page of the matrix page (50 products × 8 markets): {elapsed * 1000:.0f} ms, {len(queries)} queries"
    )
    return lines
