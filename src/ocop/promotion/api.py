"""JSON API of trade promotion: events, booths, daily visits, booth sales, agreements and reports.

Thin handlers: the access rules are in `access.py`, the writes in `services.py`, the figures in `reports.py`.
Money is in whole đồng (integers); percentages are decimals rounded half-up to one place, as strings.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from ocop.accounts.policy import LOGGED_IN, PUBLIC, permission
from ocop.core.fields import Int, IsoDate, PatchSchema, Year, one_of
from ocop.core.pagination import paginated
from ocop.geo.models import Commune, Province
from ocop.producers.models import Producer
from ocop.products.models import Product
from ocop.promotion import selectors, services
from ocop.promotion.access import (
    get_booth_or_404,
    get_event_or_404,
    is_officer,
    may_see_figures,
    require_figures,
    require_organiser,
    sales_visible,
)
from ocop.promotion.models import Booth, BoothSale, DailyVisits, Event, EventAgreement, EventSeries, EventType
from ocop.promotion.reports import EventFigures, Growth, event_report, series_report, year_report

router = Router(tags=["promotion"])

EVENT_RELATED = ("province", "commune__province", "series")


class EventOut(Schema):
    id: Int
    event_type: str
    series_id: Int | None
    edition: Int | None
    edition_roman: str
    name: str
    name_en: str
    province_code: Int
    commune_code: Int | None
    venue: str
    city: str
    country: str
    first_day: datetime.date
    last_day: datetime.date
    days: Int
    organiser: str
    status: str
    is_demo: bool

    @staticmethod
    def resolve_province_code(obj: Event) -> int:
        return obj.province.code

    @staticmethod
    def resolve_commune_code(obj: Event) -> int | None:
        return obj.commune.code if obj.commune_id else None


class EventIn(Schema):
    event_type: str
    name: str
    first_day: IsoDate
    last_day: IsoDate
    organiser: str
    name_en: str = ""
    series_id: Int | None = None
    edition: Int | None = None
    commune_code: Int | None = None
    venue: str = ""
    city: str = ""
    country: str = ""
    status: str = "draft"
    description: str = ""


class EventPatch(PatchSchema):
    name: str | None = None
    name_en: str | None = None
    first_day: IsoDate | None = None
    last_day: IsoDate | None = None
    organiser: str | None = None
    venue: str | None = None
    description: str | None = None
    status: str | None = None


class SeriesOut(Schema):
    id: Int
    name: str
    name_en: str
    event_type: str
    province_code: Int

    @staticmethod
    def resolve_province_code(obj: EventSeries) -> int:
        return obj.province.code


class SeriesIn(Schema):
    name: str
    event_type: str
    name_en: str = ""


class BoothOut(Schema):
    id: Int
    event_id: Int
    number: str
    producer_id: Int | None
    exhibitor: str
    exhibitor_province_code: Int | None
    in_province: bool | None
    product_ids: list[Int]
    products_text: str

    @staticmethod
    def resolve_exhibitor_province_code(obj: Booth) -> int | None:
        return obj.exhibitor_province.code if obj.exhibitor_province_id else None

    @staticmethod
    def resolve_product_ids(obj: Booth) -> list[int]:
        return [product.pk for product in obj.products.all()]


class BoothIn(Schema):
    number: str
    producer_id: Int | None = None
    exhibitor_name: str = ""
    exhibitor_province_code: Int | None = None
    product_ids: list[Int] = []
    products_text: str = ""


class VisitsOut(Schema):
    day: datetime.date
    visits: Int
    note: str


class VisitsIn(Schema):
    visits: Int
    note: str = ""


class SaleOut(Schema):
    booth_id: Int
    day: datetime.date
    amount_vnd: Int
    note: str


class SaleIn(Schema):
    amount_vnd: Int
    note: str = ""


class EventAgreementOut(Schema):
    id: Int
    kind: str
    signed_on: datetime.date
    first_party: str
    second_party: str
    producer_id: Int | None
    value_vnd: Int | None
    product_ids: list[Int]
    products_text: str
    summary: str

    @staticmethod
    def resolve_product_ids(obj: EventAgreement) -> list[int]:
        return [product.pk for product in obj.products.all()]


class EventAgreementIn(Schema):
    kind: str
    signed_on: IsoDate
    first_party: str
    second_party: str
    producer_id: Int | None = None
    value_vnd: Int | None = None
    product_ids: list[Int] = []
    products_text: str = ""
    summary: str = ""


class DayOut(Schema):
    day: datetime.date
    visits: Int | None
    revenue_vnd: Int
    in_province_revenue_vnd: Int
    out_province_revenue_vnd: Int
    unknown_province_revenue_vnd: Int
    booths_reporting: Int


class GrowthOut(Schema):
    per_day_percent: Decimal | None
    total_percent: Decimal | None


class FiguresOut(Schema):
    event_id: Int
    name: str
    edition: Int | None
    days: Int
    visits_total: Int
    visits_per_day: Int
    revenue_total_vnd: Int
    revenue_per_day_vnd: Int
    in_province_revenue_total_vnd: Int
    in_province_revenue_per_day_vnd: Int
    out_province_revenue_total_vnd: Int
    booths: Int
    in_province_booths: Int
    agreements: Int
    agreements_value_vnd: Int


class RankedOut(Schema):
    label: str
    revenue_vnd: Int
    booths: Int
    producer_id: Int | None
    product_id: Int | None


class BoothTotalOut(Schema):
    booth_id: Int
    number: str
    exhibitor: str
    in_province: bool | None
    amounts_vnd: list[Int | None]
    total_vnd: Int


class EventReportOut(Schema):
    figures: FiguresOut
    previous: FiguresOut | None
    growth: dict[str, GrowthOut]
    day_rows: list[DayOut]
    booths: list[BoothTotalOut]
    top_producers: list[RankedOut]
    top_products: list[RankedOut]
    notes: list[str]


class EditionOut(Schema):
    figures: FiguresOut
    growth: dict[str, GrowthOut]


class TypeRowOut(Schema):
    event_type: str
    label: str
    events: Int
    days: Int
    visits: Int
    revenue_vnd: Int
    booths: Int


def _figures(f: EventFigures) -> dict:
    return {
        "event_id": f.event.pk,
        "name": f.event.name,
        "edition": f.event.edition,
        "days": f.days,
        "visits_total": f.visits,
        "visits_per_day": f.visits_per_day,
        "revenue_total_vnd": f.revenue,
        "revenue_per_day_vnd": f.revenue_per_day,
        "in_province_revenue_total_vnd": f.in_province_revenue,
        "in_province_revenue_per_day_vnd": f.in_province_revenue_per_day,
        "out_province_revenue_total_vnd": f.out_province_revenue,
        "booths": f.booths,
        "in_province_booths": f.in_province_booths,
        "agreements": f.agreements,
        "agreements_value_vnd": f.agreements_value,
    }


def _growth(growth: dict[str, Growth]) -> dict:
    return {key: {"per_day_percent": g.per_day, "total_percent": g.total} for key, g in growth.items()}


NOTES = [
    "*_total = whole event; *_per_day = total ÷ days (calendar days, first and last included), rounded half-up.",
    "growth.per_day_percent = (total × previous days) ÷ (previous total × days) − 1, in %, rounded half-up to 0.1.",
    "growth.total_percent = total ÷ previous total − 1, in %, rounded half-up to 0.1.",
    "in-province = exhibitor's province is the organising province.",
]


# --- public --------------------------------------------------------------------------------------


@router.get("/events/upcoming", response=list[EventOut], auth=None, summary="Sự kiện sắp diễn ra / Upcoming events")
@paginated
@permission(PUBLIC)
def upcoming(request):
    return selectors.upcoming_events(limit=None)


# --- series and events ---------------------------------------------------------------------------


@router.get("/series", response=list[SeriesOut], summary="Chuỗi sự kiện / Event series")
@paginated
@permission(LOGGED_IN)
def list_series(request):
    return selectors.series_list(user=request.auth)


@router.post("/series", response={201: SeriesOut}, summary="Tạo chuỗi sự kiện / Create a series")
@permission(LOGGED_IN)
def create_series(request, payload: SeriesIn):
    if not request.auth.province_id:
        raise PermissionDenied
    series = services.series_create(actor=request.auth, province=request.auth.province, **payload.dict())
    return Status(201, series)


@router.get("/events", response=list[EventOut], summary="Sự kiện / Events")
@paginated
@permission(LOGGED_IN)
def list_events(
    request,
    year: Year | None = None,
    event_type: one_of(*EventType.values) = "",
    series_id: Int | None = None,
    q: str = "",
):
    return selectors.event_list(user=request.auth, year=year, event_type=event_type, series_id=series_id, query=q)


@router.post("/events", response={201: EventOut}, summary="Tạo sự kiện / Create an event")
@permission(LOGGED_IN)
def create_event(request, payload: EventIn):
    fields = payload.dict()
    commune_code = fields.pop("commune_code")
    series_id = fields.pop("series_id")
    fields["commune"] = get_object_or_404(Commune, code=commune_code) if commune_code else None
    fields["series"] = get_object_or_404(EventSeries, pk=series_id) if series_id else None
    if not request.auth.province_id:
        raise PermissionDenied
    event = services.event_create(actor=request.auth, province=request.auth.province, **fields)
    return Status(201, Event.objects.select_related(*EVENT_RELATED).get(pk=event.pk))


@router.get("/events/{event_id}", response=EventOut, summary="Một sự kiện / One event")
@permission(LOGGED_IN)
def get_event(request, event_id: int):
    return get_event_or_404(request.auth, Event.objects.select_related(*EVENT_RELATED), pk=event_id)


@router.patch("/events/{event_id}", response=EventOut, summary="Sửa sự kiện / Update an event")
@permission(LOGGED_IN)
def patch_event(request, event_id: int, payload: EventPatch):
    event = get_event_or_404(request.auth, Event.objects.all(), pk=event_id)
    changes = payload.dict(exclude_unset=True)
    status = changes.pop("status", None)
    if changes:
        event = services.event_update(actor=request.auth, event=event, changes=changes)
    if status:
        event = services.event_set_status(actor=request.auth, event=event, status=status)
    if not changes and not status:
        require_organiser(request.auth, event)
    return Event.objects.select_related(*EVENT_RELATED).get(pk=event_id)


# --- booths --------------------------------------------------------------------------------------


@router.get("/events/{event_id}/booths", response=list[BoothOut], summary="Gian hàng / Booths")
@paginated
@permission(LOGGED_IN)
def list_booths(request, event_id: int):
    event = get_event_or_404(request.auth, Event.objects.all(), pk=event_id)
    return selectors.event_booths(user=request.auth, event=event)


@router.post("/events/{event_id}/booths", response={201: BoothOut}, summary="Thêm gian hàng / Add a booth")
@permission(LOGGED_IN)
def create_booth(request, event_id: int, payload: BoothIn):
    event = get_event_or_404(request.auth, Event.objects.all(), pk=event_id)
    require_organiser(request.auth, event)
    producer = (
        get_object_or_404(Producer.objects.select_related("commune__province"), pk=payload.producer_id)
        if payload.producer_id
        else None
    )
    province = (
        get_object_or_404(Province, code=payload.exhibitor_province_code) if payload.exhibitor_province_code else None
    )
    booth = services.booth_create(
        actor=request.auth,
        event=event,
        number=payload.number,
        producer=producer,
        exhibitor_name=payload.exhibitor_name,
        exhibitor_province=province,
        products=Product.objects.filter(pk__in=payload.product_ids),
        products_text=payload.products_text,
    )
    return Status(201, selectors.event_booths(user=request.auth, event=event).get(pk=booth.pk))


@router.get("/booths/{booth_id}", response=BoothOut, summary="Một gian hàng / One booth")
@permission(LOGGED_IN)
def get_booth(request, booth_id: int):
    return get_booth_or_404(
        request.auth,
        Booth.objects.select_related("event__province", "producer", "exhibitor_province").prefetch_related("products"),
        pk=booth_id,
    )


# --- daily figures -------------------------------------------------------------------------------


@router.get("/events/{event_id}/visits", response=list[VisitsOut], summary="Lượt khách theo ngày / Visits per day")
@paginated
@permission(LOGGED_IN)
def list_visits(request, event_id: int):
    event = get_event_or_404(request.auth, Event.objects.all(), pk=event_id)
    require_figures(request.auth, event)
    return DailyVisits.objects.filter(event=event).order_by("day")


@router.put("/events/{event_id}/visits/{day}", response=VisitsOut, summary="Ghi lượt khách một ngày / Record visits")
@permission(LOGGED_IN)
def put_visits(request, event_id: int, day: IsoDate, payload: VisitsIn):
    event = get_event_or_404(request.auth, Event.objects.all(), pk=event_id)
    return services.visits_record(actor=request.auth, event=event, day=day, visits=payload.visits, note=payload.note)


@router.get("/events/{event_id}/sales", response=list[SaleOut], summary="Doanh thu gian hàng / Booth sales")
@paginated
@permission(LOGGED_IN)
def list_sales(request, event_id: int, booth_id: int | None = None):
    event = get_event_or_404(request.auth, Event.objects.all(), pk=event_id)
    sales = sales_visible(request.auth, BoothSale.objects.filter(booth__event=event))
    if booth_id:
        sales = sales.filter(booth_id=booth_id)
    return sales.order_by("booth__number", "day")


@router.put(
    "/events/{event_id}/booths/{booth_id}/sales/{day}",
    response=SaleOut,
    summary="Ghi doanh thu gian hàng một ngày / Record a booth's day sales",
)
@permission(LOGGED_IN)
def put_sale(request, event_id: int, booth_id: int, day: IsoDate, payload: SaleIn):
    event = get_event_or_404(request.auth, Event.objects.all(), pk=event_id)
    booth = get_booth_or_404(request.auth, Booth.objects.all(), pk=booth_id)
    return services.booth_sale_record(
        actor=request.auth, event=event, booth=booth, day=day, amount_vnd=payload.amount_vnd, note=payload.note
    )


# --- agreements ----------------------------------------------------------------------------------


@router.get(
    "/events/{event_id}/agreements", response=list[EventAgreementOut], summary="Hợp đồng, biên bản / Agreements"
)
@paginated
@permission(LOGGED_IN)
def list_agreements(request, event_id: int):
    event = get_event_or_404(request.auth, Event.objects.all(), pk=event_id)
    require_figures(request.auth, event)
    return EventAgreement.objects.filter(event=event).prefetch_related("products")


@router.post(
    "/events/{event_id}/agreements",
    response={201: EventAgreementOut},
    summary="Ghi hợp đồng, biên bản / Record an agreement",
)
@permission(LOGGED_IN)
def create_agreement(request, event_id: int, payload: EventAgreementIn):
    event = get_event_or_404(request.auth, Event.objects.all(), pk=event_id)
    require_organiser(request.auth, event)
    fields = payload.dict()
    producer_id = fields.pop("producer_id")
    fields["producer"] = get_object_or_404(Producer, pk=producer_id) if producer_id else None
    fields["products"] = list(Product.objects.filter(pk__in=fields.pop("product_ids")))
    agreement = services.agreement_create(actor=request.auth, event=event, **fields)
    return Status(201, agreement)


# --- reports -------------------------------------------------------------------------------------


@router.get("/events/{event_id}/report", response=EventReportOut, summary="Báo cáo sự kiện / Event report")
@permission(LOGGED_IN)
def get_event_report(request, event_id: int):
    event = get_event_or_404(request.auth, Event.objects.select_related(*EVENT_RELATED), pk=event_id)
    require_figures(request.auth, event)
    report = event_report(event)
    return {
        "figures": _figures(report.figures),
        "previous": _figures(report.previous) if report.previous else None,
        "growth": _growth(report.growth),
        "day_rows": [
            {
                "day": row.day,
                "visits": row.visits,
                "revenue_vnd": row.revenue,
                "in_province_revenue_vnd": row.in_province_revenue,
                "out_province_revenue_vnd": row.out_province_revenue,
                "unknown_province_revenue_vnd": row.unknown_revenue,
                "booths_reporting": row.booths_reporting,
            }
            for row in report.figures.day_rows
        ],
        "booths": [
            {
                "booth_id": row.booth.pk,
                "number": row.booth.number,
                "exhibitor": row.booth.exhibitor,
                "in_province": row.in_province,
                "amounts_vnd": row.amounts,
                "total_vnd": row.total,
            }
            for row in report.booth_rows
        ],
        "top_producers": [_ranked(item) for item in report.top_producers],
        "top_products": [_ranked(item) for item in report.top_products],
        "notes": NOTES,
    }


def _ranked(item) -> dict:
    return {
        "label": item.label,
        "revenue_vnd": item.revenue,
        "booths": item.booths,
        "producer_id": item.producer_id,
        "product_id": item.product_id,
    }


@router.get("/series/{series_id}/report", response=list[EditionOut], summary="Báo cáo chuỗi / Series report")
@paginated
@permission(LOGGED_IN)
def get_series_report(request, series_id: int):
    if not is_officer(request.auth):
        raise PermissionDenied
    series = get_object_or_404(EventSeries, pk=series_id)
    return [
        {"figures": _figures(row.figures), "growth": _growth(row.growth)}
        for row in series_report(series)
        if may_see_figures(request.auth, row.figures.event)
    ]


@router.get("/reports/years/{year}", response=list[TypeRowOut], summary="Sự kiện theo loại trong năm / Events per type")
@paginated
@permission(LOGGED_IN)
def get_year_report(request, year: Year):
    if not is_officer(request.auth):
        raise PermissionDenied
    events = [e for e in selectors.event_list(user=request.auth, year=year) if e.status in ("announced", "closed")]
    return [
        {
            "event_type": row.event_type,
            "label": row.label,
            "events": row.events,
            "days": row.days,
            "visits": row.visits,
            "revenue_vnd": row.revenue,
            "booths": row.booths,
        }
        for row in year_report(events)
    ]
