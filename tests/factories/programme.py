"""Sales lines, saved through the service as an office would enter them."""

import datetime

from ocop.accounts.system import SystemCaller
from ocop.programme.models import SalesLine
from ocop.programme.services import sales_line_save


def sales_line(
    product, year: int, *, period: int = 1, channel: str = "retail_chains", amount_vnd: int = 10_000_000
) -> SalesLine:
    """One quarter's sales of the product in `year` (entered on 2 December 2026)."""
    return sales_line_save(
        actor=None,
        system=SystemCaller.DEMO,
        product=product,
        year=year,
        period_kind="quarter",
        period=period,
        channel=channel,
        amount_vnd=amount_vnd,
        today=datetime.date(2026, 12, 2),
    )
