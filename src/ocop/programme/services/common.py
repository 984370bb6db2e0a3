"""Shared pieces of the programme writes: editable fields, who may change what, period checks."""

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ocop.accounts import policy
from ocop.accounts.models import User
from ocop.accounts.policy import may_change
from ocop.accounts.system import SystemCaller, require_system_caller
from ocop.core.errors import DomainError
from ocop.programme.models import (
    PeriodKind,
    SalesLine,
)

if TYPE_CHECKING:
    from ocop.products.models import Product

HELD_EVENT_STATUSES = ("announced", "closed")
PlaceCheck = Callable[[User, int | None], bool]
SALES_FIELDS = ["product", "year", "period_kind", "period", "channel", "amount_vnd", "note", "origin"]


# --- Permissions ---------------------------------------------------------------------------------


def require_sales_change(actor: User | None, product: "Product", system: SystemCaller | None = None) -> None:
    """Producers report their own products; provincial officers those of their province; admins all.
    The system (actor None) must name itself."""
    if actor is None:
        require_system_caller(system)
    elif not may_change(actor, product):
        raise PermissionDenied


def require_place_change(
    actor: User | None,
    province_id: int | None,
    system: SystemCaller | None = None,
    *,
    may: PlaceCheck = policy.may_plan_for_place,
) -> None:
    """PermissionDenied unless `may(actor, province_id)`: by default the check of targets and published
    figures (the central office anywhere, a province's office at home); funding and investment
    selections pass `policy.may_manage_province` (the province's office only). The system (actor None)
    must name itself."""
    if actor is None:
        require_system_caller(system)
    elif not may(actor, province_id):
        raise PermissionDenied


# --- Sales periods ---------------------------------------------------------------------------------


def quarter_of(period_kind: str, period: int) -> int:
    return (period - 1) // 3 + 1 if period_kind == PeriodKind.MONTH else period


def sales_period_check(*, year: int, period_kind: str, period: int, today: datetime.date) -> None:
    if period_kind not in PeriodKind.values:
        raise DomainError(_("Kỳ báo cáo phải là tháng hoặc quý."), field="period_kind")
    top = 12 if period_kind == PeriodKind.MONTH else 4
    if not 1 <= period <= top:
        raise DomainError(_("Tháng phải từ 1 đến 12.") if top == 12 else _("Quý phải từ 1 đến 4."), field="period")
    if not 2000 <= year <= 2100:
        raise DomainError(_("Năm phải từ 2000 đến 2100."), field="year")
    first_month = period if period_kind == PeriodKind.MONTH else (period - 1) * 3 + 1
    if datetime.date(year, first_month, 1) > today:
        raise DomainError(_("Không thể báo cáo doanh số cho kỳ chưa bắt đầu."), field="period")


def sales_overlap_check(
    *, product_id: int, year: int, period_kind: str, period: int, channel: str, exclude_pk: int | None = None
) -> None:
    """A month and the quarter containing it cannot both be reported for one product and channel."""
    quarter = quarter_of(period_kind, period)
    other = SalesLine.objects.filter(product_id=product_id, year=year, quarter=quarter, channel=channel)
    other = other.exclude(period_kind=period_kind)
    if exclude_pk:
        other = other.exclude(pk=exclude_pk)
    if other.exists():
        raise DomainError(
            _(
                "Quý %(quarter)s/%(year)s của sản phẩm này trên kênh này đã được báo cáo theo %(other)s; "
                "không báo cáo cả theo tháng và theo quý (doanh số sẽ bị tính hai lần)."
            )
            % {
                "quarter": quarter,
                "year": year,
                "other": _("tháng") if period_kind == PeriodKind.QUARTER else _("quý"),
            },
            field="period_kind",
        )
