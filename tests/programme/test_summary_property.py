"""Property: after any sequence of writes, the summary tables equal a recomputation from the raw rows.

The writes: a line saved (new, or corrected — a correction takes the producer's current place, so a
producer moving to another commune or province moves the line's sums), deleted, loaded in bulk, and
booth sales reconciled."""

import datetime

from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocop.producers.models import Producer
from ocop.programme.models import BoothSalesReconciliation, SalesLine, SalesSummary, SalesYearSummary
from ocop.programme.selectors import sales_summary_expected, sales_summary_stored
from ocop.programme.services import (
    booth_sales_reconcile,
    sales_line_delete,
    sales_line_save,
    sales_lines_bulk_load,
    sales_summary_rebuild,
)
from tests.factories import booth_sale

PRODUCTS = ["tea", "wine", "squid", "lc"]
CHANNELS = ["fairs_events", "retail_chains", "export"]

save = st.tuples(
    st.just("save"),
    st.sampled_from(PRODUCTS),
    st.sampled_from([2023, 2024]),
    st.integers(1, 4),
    st.sampled_from(CHANNELS),
    st.integers(0, 10**12),
)
delete = st.tuples(st.just("delete"), st.integers(0, 50))
booth = st.tuples(st.just("booth"), st.sampled_from(["qn", "lc"]), st.integers(1, 4), st.integers(1, 10**11))
load = st.tuples(st.just("load"), st.sampled_from(PRODUCTS), st.integers(1, 12), st.integers(0, 10**12))
move = st.tuples(st.just("move"), st.sampled_from(["qn", "qn_other", "lc"]), st.sampled_from(["qn", "qn_other", "lc"]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(st.one_of(save, delete, booth, load, move), max_size=14))
def test_summaries_equal_recomputation(world, products, operations):
    apps.get_model("promotion", "BoothSale").objects.all().delete()
    SalesLine.objects.all().delete()
    BoothSalesReconciliation.objects.all().delete()
    SalesSummary.objects.all().delete()
    SalesYearSummary.objects.all().delete()
    for who in ("qn", "qn_other", "lc"):  # the examples share the world: undo an earlier example's moves
        Producer.objects.filter(pk=world[who].pk).update(commune_id=world[who].commune_id)
    admin = world["users"]["admin"]
    for operation in operations:
        if operation[0] == "save":
            _kind, key, year, quarter, channel, amount = operation
            sales_line_save(
                actor=admin,
                product=products[key],
                year=year,
                period_kind="quarter",
                period=quarter,
                channel=channel,
                amount_vnd=amount,
            )
        elif operation[0] == "delete":
            lines = list(SalesLine.objects.order_by("pk"))
            if lines:
                sales_line_delete(actor=admin, line=lines[operation[1] % len(lines)])
        elif operation[0] == "load":
            _kind, key, month, amount = operation
            row = {"product": products[key], "year": 2022, "period_kind": "month", "period": month}
            if not SalesLine.objects.filter(**row).exists():
                sales_lines_bulk_load(rows=[{**row, "channel": "export", "amount_vnd": amount}], origin="imported")
        elif operation[0] == "move":
            _kind, who, where = operation
            Producer.objects.filter(pk=world[who].pk).update(commune_id=world[where].commune_id)
        else:
            _kind, who, quarter, amount = operation
            day = datetime.date(2024, quarter * 3, 1)
            booth_sale(world[who], day=day, amount=amount)
            booth_sales_reconcile(producer_id=world[who].pk, year=2024, quarter=quarter)
    expected = sales_summary_expected()
    assert sales_summary_stored() == expected
    sales_summary_rebuild()
    assert sales_summary_stored() == expected
