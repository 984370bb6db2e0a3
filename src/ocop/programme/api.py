from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status

from ocop.accounts import policy
from ocop.accounts.policy import LOGGED_IN, get_visible_or_404, permission
from ocop.core.errors import DomainError
from ocop.core.fields import Int, IsoDate, Year
from ocop.core.pagination import paginated
from ocop.geo.models import Commune, Province
from ocop.products.models import Product
from ocop.programme.dashboard import overview_build
from ocop.programme.models import Indicator, SalesLine
from ocop.programme.selectors import (
    dashboard_scope,
    indicator_available,
    indicator_breakdown,
    indicator_total,
    phase_by_code,
    query_for,
    sales_lines_for,
)
from ocop.programme.services import (
    funding_record,
    reported_statistic_record,
    sales_line_delete,
    sales_line_save,
    target_set,
)

router = Router(tags=["programme"])


class IndicatorOut(Schema):
    code: str
    name_vi: str
    name_en: str
    unit: str
    computation: str
    parameters: dict
    breakdowns: list[str]
    paced: bool
    available: bool

    @staticmethod
    def resolve_available(obj: Indicator) -> bool:
        return indicator_available(obj)


class BreakdownRow(Schema):
    key: str | Int | None
    label: str
    value: Decimal


class IndicatorValue(Schema):
    code: str
    unit: str
    phase: str
    place: str
    value: Decimal | None
    by: str | None
    breakdown: list[BreakdownRow]


class TargetOut(Schema):
    indicator: str
    target: Decimal
    actual: Decimal | None
    progress_percent: Decimal | None
    elapsed_percent: Decimal
    status: str


class OverviewOut(Schema):
    place: str
    phase: str
    as_of: date
    headline: str | None
    figures: dict[str, Decimal | None]
    targets: list[TargetOut]


class SalesIn(Schema):
    product_id: Int
    year: Year
    period_kind: str
    period: Int
    channel: str
    amount_vnd: Int
    note: str = ""


class SalesOut(Schema):
    id: Int
    product_id: Int
    producer_id: Int
    year: Int
    period_kind: str
    period: Int
    channel: str
    amount_vnd: Int
    origin: str
    note: str


class TargetIn(Schema):
    phase: str
    indicator: str
    value: Decimal
    province_code: Int | None = None
    commune_code: Int | None = None
    source: str = ""
    notes: str = ""


class ReportedIn(Schema):
    indicator: str
    value: Decimal
    as_of: IsoDate
    source: str
    province_code: Int | None = None
    breakdown: dict = {}
    source_url: str = ""
    published_on: IsoDate | None = None
    notes: str = ""


class FundingIn(Schema):
    province_code: Int
    year: Year
    source: str
    amount_vnd: Int
    commune_code: Int | None = None
    description: str = ""
    document: str = ""


def _province(code: int | None) -> Province | None:
    return get_object_or_404(Province, code=code) if code else None


def _commune(code: int | None) -> Commune | None:
    return get_object_or_404(Commune, code=code) if code else None


@router.get("/indicators", response=list[IndicatorOut], summary="Các chỉ tiêu / Indicators")
@paginated
@permission(LOGGED_IN)
def list_indicators(request):
    return list(Indicator.objects.filter(active=True))


@router.get("/indicators/{code}", response=IndicatorValue, summary="Giá trị chỉ tiêu / Indicator value")
@permission(LOGGED_IN)
def indicator_value(
    request, code: str, phase: str | None = None, province: int | None = None, commune: int | None = None, by: str = ""
):
    indicator = get_object_or_404(Indicator, code=code, active=True)
    scope = dashboard_scope(request.auth, province_code=province, commune_code=commune)
    the_phase = phase_by_code(phase)
    query = query_for(phase=the_phase, scope=scope, today=timezone.localdate())
    rows = indicator_breakdown(indicator, query, by) if by else []
    return {
        "code": indicator.code,
        "unit": indicator.unit,
        "phase": the_phase.code,
        "place": scope.label,
        "value": indicator_total(indicator, query),
        "by": by or None,
        "breakdown": [{"key": key, "label": label, "value": value} for key, label, value in rows],
    }


@router.get("/overview", response=OverviewOut, summary="Tổng quan / Overview dashboard")
@permission(LOGGED_IN)
def overview(request, phase: str | None = None, province: int | None = None, commune: int | None = None):
    scope = dashboard_scope(request.auth, province_code=province, commune_code=commune)
    dashboard = overview_build(phase=phase_by_code(phase), scope=scope, today=timezone.localdate())
    return {
        "place": scope.label,
        "phase": dashboard.phase.code,
        "as_of": dashboard.today,
        "headline": dashboard.headline.text if dashboard.headline else None,
        "figures": {f.code: f.value for f in dashboard.figures},
        "targets": [
            {
                "indicator": t.target.indicator.code,
                "target": t.target.value,
                "actual": t.actual,
                "progress_percent": t.progress,
                "elapsed_percent": t.elapsed,
                "status": t.status,
            }
            for t in dashboard.targets
        ],
    }


@router.get("/sales", response=list[SalesOut], summary="Doanh số / Sales lines")
@paginated
@permission(LOGGED_IN)
def list_sales(request, year: Year | None = None, product_id: int | None = None):
    return sales_lines_for(request.auth, year=year, product_id=product_id)


@router.post("/sales", response={201: SalesOut}, summary="Báo cáo doanh số / Report sales")
@permission(LOGGED_IN)
def create_sales(request, payload: SalesIn):
    product = get_visible_or_404(request.auth, Product.objects.select_related("producer"), pk=payload.product_id)
    if not policy.may_enter_sales(request.auth):
        raise PermissionDenied
    data = payload.dict()
    data.pop("product_id")
    line = sales_line_save(actor=request.auth, product=product, **data)
    return Status(201, line)


@router.delete("/sales/{line_id}", response={204: None}, summary="Xoá dòng doanh số / Delete a sales line")
@permission(LOGGED_IN)
def delete_sales(request, line_id: int):
    line = get_visible_or_404(request.auth, SalesLine.objects.all(), pk=line_id)
    sales_line_delete(actor=request.auth, line=line)
    return Status(204, None)


@router.get("/targets", response=list[TargetOut], summary="Mục tiêu và tiến độ / Targets and progress")
@paginated
@permission(LOGGED_IN)
def list_targets(request, phase: str | None = None, province: int | None = None, commune: int | None = None):
    return overview(request, phase=phase, province=province, commune=commune)["targets"]


@router.post("/targets", response={201: TargetOut}, summary="Đặt mục tiêu / Set a target")
@permission(LOGGED_IN)
def create_target(request, payload: TargetIn):
    indicator = get_object_or_404(Indicator, code=payload.indicator)
    phase = phase_by_code(payload.phase)
    province = _province(payload.province_code)
    target = target_set(
        actor=request.auth,
        phase=phase,
        indicator=indicator,
        province=province,
        commune=_commune(payload.commune_code),
        value=payload.value,
        source=payload.source,
        notes=payload.notes,
    )
    return Status(
        201,
        {
            "indicator": indicator.code,
            "target": target.value,
            "actual": None,
            "progress_percent": None,
            "elapsed_percent": Decimal(0),
            "status": "no_data",
        },
    )


@router.post("/reported", response={201: dict}, summary="Ghi số liệu công bố / Record a published figure")
@permission(LOGGED_IN)
def create_reported(request, payload: ReportedIn):
    indicator = get_object_or_404(Indicator, code=payload.indicator)
    row = reported_statistic_record(
        actor=request.auth,
        indicator=indicator,
        province=_province(payload.province_code),
        value=payload.value,
        as_of=payload.as_of,
        source=payload.source,
        breakdown=payload.breakdown,
        source_url=payload.source_url,
        published_on=payload.published_on,
        notes=payload.notes,
    )
    return Status(201, {"id": row.pk})


@router.post("/funding", response={201: dict}, summary="Ghi kinh phí / Record funding")
@permission(LOGGED_IN)
def create_funding(request, payload: FundingIn):
    province = _province(payload.province_code)
    if payload.source not in ("community", "state_budget", "credit", "other"):
        raise DomainError("Nguồn vốn không hợp lệ.", field="source")
    row = funding_record(
        actor=request.auth,
        province=province,
        commune=_commune(payload.commune_code),
        year=payload.year,
        source=payload.source,
        amount_vnd=payload.amount_vnd,
        description=payload.description,
        document=payload.document,
    )
    return Status(201, {"id": row.pk})
