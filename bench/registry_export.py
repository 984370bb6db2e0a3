"""Registry export to Excel: 20,000 products of one province, built by the export job (goal < 3 s, issue 16).

Assumes Django is set up with a migrated database holding the administrative units (`ocop_geo_load`).
It creates 2,000 producers and 20,000 products in Hà Nội inside a transaction that is rolled back at
the end, so no other benchmark sees them, and runs `registry_xlsx_job` as the province's officer:
the queryset, every row written, the workbook saved. Printed: the time (no tracing), then the peak
Python memory (tracemalloc, a second run) at 5,000 and 20,000 products, which shows whether memory
grows with the number of rows.
"""

import random
import time
import tracemalloc

from django.db import transaction

from ocop.accounts.models import Role, User
from ocop.core.text import fold_vietnamese
from ocop.criteria.models import ProductSet
from ocop.geo.models import Commune, Province
from ocop.imports.jobs import export_params, registry_xlsx_job
from ocop.producers.models import Producer, ProducerType
from ocop.products.models import Product

PRODUCTS = 20_000
PRODUCERS = 2_000
HA_NOI = 1
GOAL_SECONDS = 3.0


class _Rollback(Exception):
    """Raised at the end of the benchmark to undo its rows."""


def _build(province: Province, rng: random.Random) -> None:
    from django.core.management import call_command

    if not ProductSet.objects.exists():
        call_command("ocop_criteria_load", verbosity=0)
    product_sets = list(ProductSet.objects.all())
    communes = list(Commune.objects.filter(province=province))
    kinds = list(ProducerType)
    producers = Producer.objects.bulk_create(
        [
            Producer(
                legal_name=f"Hợp tác xã Nông sản Hà Nội số {n}",
                producer_type=rng.choice(kinds),
                commune=rng.choice(communes),
                tax_code=f"01{n:08d}",
                name_folded=fold_vietnamese(f"Hợp tác xã Nông sản Hà Nội số {n}"),
            )
            for n in range(PRODUCERS)
        ],
        batch_size=1000,
    )
    Product.objects.bulk_create(
        [
            Product(
                producer=producers[n % PRODUCERS],
                name_vi=f"Gạo nếp cái hoa vàng mẫu {n}",
                name_en=f"Yellow-flower glutinous rice #{n}",
                product_set=rng.choice(product_sets),
                description_vi="Sản phẩm truyền thống của địa phương, đóng gói đạt chuẩn.",
                net_content=rng.choice([250, 500, 1000]),
                net_content_unit="g",
                shelf_life_days=rng.choice([180, 365]),
                status="certified" if n % 3 == 0 else "in_programme",
                name_folded=fold_vietnamese(f"Gạo nếp cái hoa vàng mẫu {n}"),
            )
            for n in range(PRODUCTS)
        ],
        batch_size=1000,
    )


def _export(officer: User, *, limit: int | None = None) -> int:
    """Run the export job; returns the file's size. `limit` archives every product after the first `limit`."""
    if limit is not None:
        keep = Product.objects.filter(producer__commune__province=officer.province).order_by("pk")[limit : limit + 1]
        first_dropped = keep.values_list("pk", flat=True).first()
        if first_dropped is not None:
            Product.objects.filter(producer__commune__province=officer.province, pk__gte=first_dropped).update(
                archived_at="2026-01-01T00:00:00Z"
            )
    params = export_params(kind="products", q="", commune=None, type="", status="", archived=False)
    return len(registry_xlsx_job(officer, params, lambda done, total: None).content)


def _peak_mb(officer: User, limit: int | None) -> float:
    tracemalloc.start()
    try:
        _export(officer, limit=limit)
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def run() -> list[str]:
    province = Province.objects.get(code=HA_NOI)
    lines: list[str] = []
    try:
        with transaction.atomic():
            officer = User.objects.create(
                username="bench-export-officer", role=Role.PROVINCIAL_OFFICER, province=province
            )
            started = time.perf_counter()
            _build(province, random.Random(16))
            lines.append(
                f"registry export: built {PRODUCTS:,} products (bulk_create) in {time.perf_counter() - started:.1f} s"
            )
            started = time.perf_counter()
            size = _export(officer)
            seconds = time.perf_counter() - started
            verdict = "met" if seconds < GOAL_SECONDS else "not met"
            lines.append(
                f"registry export of {PRODUCTS:,} products to Excel: {seconds:.2f} s "
                f"({PRODUCTS / seconds:,.0f} rows/s, {size / 1024 / 1024:.1f} MB; goal < {GOAL_SECONDS:g} s: {verdict})"
            )
            peak_all = _peak_mb(officer, None)
            peak_quarter = _peak_mb(officer, PRODUCTS // 4)  # archives the others: run last
            lines.append(
                f"registry export peak Python memory (tracemalloc): {peak_quarter:.1f} MB at {PRODUCTS // 4:,} "
                f"products, {peak_all:.1f} MB at {PRODUCTS:,} (goal: constant, streaming)"
            )
            raise _Rollback
    except _Rollback:
        pass
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
