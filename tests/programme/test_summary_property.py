"""Property: after any sequence of writes, the summary tables equal a recomputation from the raw rows."""

import datetime

from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocop.programme.models import BoothSalesReconciliation, SalesLine, SalesSummary, SalesYearSummary
from ocop.programme.selectors import sales_summary_expected, sales_summary_stored
from ocop.programme.services import (
    booth_sales_reconcile,
    sales_line_delete,
    sales_line_save,
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


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(st.one_of(save, delete, booth), max_size=12))
def test_summaries_equal_recomputation(world, products, operations):
    apps.get_model("promotion", "BoothSale").objects.all().delete()
    SalesLine.objects.all().delete()
    BoothSalesReconciliation.objects.all().delete()
    SalesSummary.objects.all().delete()
    SalesYearSummary.objects.all().delete()
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
        else:
            _kind, who, quarter, amount = operation
            day = datetime.date(2024, quarter * 3, 1)
            booth_sale(world[who], day=day, amount=amount)
            booth_sales_reconcile(producer_id=world[who].pk, year=2024, quarter=quarter)
    expected = sales_summary_expected()
    assert sales_summary_stored() == expected
    sales_summary_rebuild()
    assert sales_summary_stored() == expected
