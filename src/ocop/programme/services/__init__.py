"""Writes of the programme: sales lines and their summaries, booth-sales reconciliation, targets,
reported statistics, funding and investment selections.

Summary tables. Every write of a sales line (or of a booth-sales reconciliation row) computes the
difference it makes and adds it to `SalesSummary` and `SalesYearSummary` in the same transaction
(rows locked with select_for_update; a row whose amount and line count fall to zero is deleted).
`selectors.sales_summary_expected()` recomputes both tables from the raw rows; `sales_summary_rebuild()`
replaces them with that recomputation (after a bulk load, or if a check ever finds a difference).
The certified-product spans (`CertifiedSpan`) are rewritten per product by the hook products.changed,
which every certificate write runs in its transaction (services.certified).

Booth sales counted once. A producer's "fairs and events" channel is what the producer sold at
fairs and events, including booths recorded by the promotion app. Per producer and quarter:
counted extra = max(0, booth sales recorded at held events − the producer's own "fairs and events"
figure). The extra is added to OCOP sales (channel "fairs and events", no product group); the
producer's own figure is never reduced. So a booth sale is counted once whether the producer
reported it, did not report it, or reported more (other fairs not on the platform).
"""

from ocop.programme.services.certified import certified_spans_rebuild, certified_spans_refresh
from ocop.programme.services.common import (
    HELD_EVENT_STATUSES,
    SALES_FIELDS,
    quarter_of,
    require_place_change,
    require_sales_change,
    sales_overlap_check,
    sales_period_check,
)
from ocop.programme.services.definitions import indicators_sync, phases_sync
from ocop.programme.services.partitions import sales_partition_add
from ocop.programme.services.sales import (
    booth_sales_reconcile,
    booth_sales_reconcile_all,
    sales_line_delete,
    sales_line_save,
    sales_lines_bulk_load,
)
from ocop.programme.services.summaries import sales_summary_rebuild
from ocop.programme.services.targets import (
    FUNDING_FIELDS,
    REPORTED_FIELDS,
    TARGET_FIELDS,
    funding_delete,
    funding_record,
    investment_select,
    reported_statistic_record,
    target_delete,
    target_set,
)

__all__ = [
    "FUNDING_FIELDS",
    "HELD_EVENT_STATUSES",
    "REPORTED_FIELDS",
    "SALES_FIELDS",
    "TARGET_FIELDS",
    "booth_sales_reconcile",
    "booth_sales_reconcile_all",
    "certified_spans_rebuild",
    "certified_spans_refresh",
    "funding_delete",
    "funding_record",
    "indicators_sync",
    "investment_select",
    "phases_sync",
    "quarter_of",
    "reported_statistic_record",
    "require_place_change",
    "require_sales_change",
    "sales_line_delete",
    "sales_line_save",
    "sales_lines_bulk_load",
    "sales_overlap_check",
    "sales_partition_add",
    "sales_period_check",
    "sales_summary_rebuild",
    "target_delete",
    "target_set",
]
