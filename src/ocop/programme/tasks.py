"""Jobs of the programme. They take primary keys, are safe to retry, and run inline without a broker."""

from celery import shared_task
from django.utils import timezone

from ocop.core.outbox import outbox_enqueue
from ocop.programme.selectors import sales_lines_partitioned
from ocop.programme.services import (
    booth_sales_reconcile,
    booth_sales_reconcile_all,
    sales_partition_add,
    sales_summary_rebuild,
)


@shared_task
def reconcile_booth_sales(producer_id: int, year: int, quarter: int) -> None:
    """Call after a booth sale of this producer in this quarter is written (promotion app)."""
    booth_sales_reconcile(producer_id=producer_id, year=year, quarter=quarter)


@shared_task
def reconcile_all_booth_sales() -> int:
    """Nightly: bring every booth sale recorded at events into the sales figures (counted once)."""
    return booth_sales_reconcile_all()


@shared_task
def add_next_year_sales_partition() -> bool:
    """Yearly (1 December): the partition of next year's sales lines, before any of them arrives.
    Nothing to do where the table is not partitioned (SQLite)."""
    if not sales_lines_partitioned():
        return False
    return sales_partition_add(year=timezone.localdate().year + 1)


@shared_task
def rebuild_sales_summaries() -> int:
    return sales_summary_rebuild()


def after_booth_sale(sale) -> None:
    """Hook booth_sale.recorded (settings.OCOP_HOOKS): bring a booth sale into the sales figures once committed."""
    producer_id = sale.booth.producer_id
    if producer_id is None:  # an outside exhibitor has no sales figures in the programme
        return
    day = sale.day
    outbox_enqueue(reconcile_booth_sales, producer_id, day.year, (day.month - 1) // 3 + 1)


def after_event_status_change(event_id: int) -> None:
    """Hook event.status_changed (settings.OCOP_HOOKS): an event announced, closed, put back to draft
    or cancelled brings its booth sales into the sales figures, or takes them out, once committed.

    The same job as after a booth sale, once per producer and quarter that has sales at the event.
    """
    from django.apps import apps

    BoothSale = apps.get_model("promotion", "BoothSale")
    keys = sorted(
        {
            (producer_id, day.year, (day.month - 1) // 3 + 1)
            for producer_id, day in BoothSale.objects.filter(booth__event_id=event_id, booth__producer__isnull=False)
            .values_list("booth__producer_id", "day")
            .distinct()
        }
    )
    for producer_id, year, quarter in keys:
        outbox_enqueue(reconcile_booth_sales, producer_id, year, quarter)


@shared_task(name="ocop.programme.sales_import_check")
def sales_import_check_task(record_id: int) -> str:
    from ocop.programme.sales_import import sales_import_check

    return sales_import_check(record_id=record_id).status


@shared_task(name="ocop.programme.sales_import_apply")
def sales_import_apply_task(record_id: int) -> str:
    from ocop.programme.sales_import import sales_import_apply

    return sales_import_apply(record_id=record_id).status
