"""Writes of trade promotion. Each checks the actor's right, validates, writes and audits in one transaction.

`actor=None` is the system: it must name itself (`system=SystemCaller.DEMO` for the demo loader and
the tests' worlds), or it is refused like anyone without the right; the audit then says "system".
A refused entry (a day outside the event, a negative amount, a booth of another event, a closed
event) raises DomainError before anything is written.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.system import SystemCaller, require_system_caller
from ocop.core.errors import DomainError
from ocop.core.hooks import BoothSaleRecorded, EventStatusChanged, run_hooks
from ocop.core.services import audit_record, snapshot
from ocop.core.text import fold_vietnamese
from ocop.geo.models import Province
from ocop.producers.models import Producer
from ocop.products.models import Product
from ocop.promotion.access import may_enter_sales, may_organise, may_organise_in
from ocop.promotion.models import (
    Booth,
    BoothSale,
    DailyVisits,
    Event,
    EventAgreement,
    EventSeries,
    EventStatus,
)

EVENT_FIELDS = [
    "event_type",
    "series",
    "edition",
    "name",
    "name_en",
    "province",
    "commune",
    "venue",
    "city",
    "country",
    "first_day",
    "last_day",
    "organiser",
    "status",
    "description",
]
EVENT_EDITABLE = [name for name in EVENT_FIELDS if name not in ("province", "status")]
BOOTH_FIELDS = ["number", "producer", "exhibitor_name", "exhibitor_province", "products_text"]


def _dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _whole_number(value: object, *, field: str, label: str) -> int:
    """An integer ≥ 0. Floats are refused: money and counts are whole numbers here."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(_("%(label)s phải là số nguyên (không có phần thập phân).") % {"label": label}, field=field)
    if value < 0:
        raise DomainError(
            _("%(label)s không được âm (đã nhập %(value)s).") % {"label": label, "value": value}, field=field
        )
    return value


def _require_day(event: Event, day: datetime.date, *, not_future: bool = True) -> None:
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        raise DomainError(_("Ngày không hợp lệ."), field="day")
    if not event.has_day(day):
        raise DomainError(
            _("Ngày %(day)s nằm ngoài thời gian sự kiện (từ %(first)s đến %(last)s).")
            % {"day": _dmy(day), "first": _dmy(event.first_day), "last": _dmy(event.last_day)},
            field="day",
        )
    if not_future and day > timezone.localdate():
        raise DomainError(
            _("Ngày %(day)s chưa tới: chỉ nhập số liệu của ngày đã diễn ra.") % {"day": _dmy(day)}, field="day"
        )


def _require_open(event: Event) -> None:
    if not event.accepts_figures:
        raise DomainError(
            _("Sự kiện “%(name)s” %(status)s: không nhận thêm hoặc sửa số liệu.")
            % {"name": event.name, "status": event.get_status_display().lower()},
            field="event",
        )


# --- series and events -------------------------------------------------------------------------


@transaction.atomic
def series_create(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    name: str,
    event_type: str,
    province: Province,
    name_en: str = "",
    is_demo: bool = False,
) -> EventSeries:
    if actor is None:
        require_system_caller(system)
    elif not may_organise_in(actor, province.pk):
        raise PermissionDenied
    series = EventSeries(name=name, name_en=name_en, event_type=event_type, province=province, is_demo=is_demo)
    series.full_clean()
    series.save()
    audit_record(
        actor=actor, action="event_series.create", target=series, after=snapshot(series, ["name", "event_type"])
    )
    return series


def _check_event(event: Event) -> None:
    if event.series is not None and event.series.province_id != event.province_id:
        raise DomainError(_("Chuỗi sự kiện thuộc một tỉnh khác với tỉnh tổ chức."), field="series")
    if event.is_abroad:
        event.commune = None
    event.name_folded = fold_vietnamese(f"{event.name} {event.name_en} {event.venue} {event.city}")
    event.full_clean()


@transaction.atomic
def event_create(*, actor: User | None, system: SystemCaller | None = None, **fields: Any) -> Event:
    """Create an event. Organisers create events of their own province only."""
    unknown = set(fields) - set(EVENT_FIELDS) - {"is_demo"}
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    province = fields.get("province")
    if actor is None:
        require_system_caller(system)
    elif not may_organise_in(actor, getattr(province, "pk", None)):
        raise PermissionDenied
    event = Event(**fields)
    _check_event(event)
    event.save()
    audit_record(actor=actor, action="event.create", target=event, after=snapshot(event, EVENT_FIELDS))
    return event


@transaction.atomic
def event_update(
    *, actor: User | None, system: SystemCaller | None = None, event: Event, changes: dict[str, Any]
) -> Event:
    """Change an event. Its days cannot shrink past days that already hold figures."""
    unknown = set(changes) - set(EVENT_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if actor is None:
        require_system_caller(system)
    elif not may_organise(actor, locked):
        raise PermissionDenied
    before = snapshot(locked, list(changes))
    for name, value in changes.items():
        setattr(locked, name, value)
    _check_event(locked)
    span = (locked.first_day, locked.last_day)
    outside = set(DailyVisits.objects.filter(event=locked).exclude(day__range=span).values_list("day", flat=True))
    outside |= set(BoothSale.objects.filter(booth__event=locked).exclude(day__range=span).values_list("day", flat=True))
    outside_days = sorted(set(outside))
    if outside_days:
        raise DomainError(
            _("Không thể đổi thời gian: đã có số liệu của ngày %(days)s, nằm ngoài thời gian mới.")
            % {"days": ", ".join(_dmy(day) for day in outside_days)},
            field="first_day",
        )
    locked.save()
    after = snapshot(locked, list(changes))
    if before != after:
        audit_record(actor=actor, action="event.update", target=locked, before=before, after=after)
    return locked


@transaction.atomic
def event_set_status(*, actor: User | None, system: SystemCaller | None = None, event: Event, status: str) -> Event:
    """Announce, close (figures final), reopen or cancel an event.

    The hook `event.status_changed` lets the programme bring the event's booth sales into (or out of)
    the sales figures, the same way as after a booth sale.
    """
    if status not in EventStatus.values:
        raise DomainError(_("Trạng thái “%(status)s” không hợp lệ.") % {"status": status}, field="status")
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if actor is None:
        require_system_caller(system)
    elif not may_organise(actor, locked):
        raise PermissionDenied
    if locked.status == status:
        return locked
    before = {"status": locked.status}
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="event.status", target=locked, before=before, after={"status": status})
    # Whether an event's booth sales count in the programme's figures depends on its status.
    run_hooks(EventStatusChanged(event_id=locked.pk))
    return locked


# --- booths --------------------------------------------------------------------------------------


def _booth_snapshot(booth: Booth) -> dict[str, Any]:
    values = snapshot(booth, BOOTH_FIELDS)
    values["products"] = sorted(booth.products.values_list("pk", flat=True)) if booth.pk else []
    return values


def _check_products(producer: Producer | None, products: Iterable[Product]) -> list[Product]:
    products = list(products)
    for product in products:
        if producer is None or product.producer_id != producer.pk:
            raise DomainError(
                _("Sản phẩm “%(product)s” không thuộc chủ thể của gian hàng.") % {"product": product.name_vi},
                field="products",
            )
    return products


@transaction.atomic
def booth_create(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    event: Event,
    number: str,
    producer: Producer | None = None,
    exhibitor_name: str = "",
    exhibitor_province: Province | None = None,
    products: Iterable[Product] = (),
    products_text: str = "",
    is_demo: bool = False,
) -> Booth:
    """Register a booth. A producer's booth takes the producer's province (today's commune → province)."""
    locked_event = Event.objects.select_for_update().get(pk=event.pk)
    if actor is None:
        require_system_caller(system)
    elif not may_organise(actor, locked_event):
        raise PermissionDenied
    if producer is not None:
        exhibitor_name = ""
        exhibitor_province = producer.commune.province
    elif not exhibitor_name.strip():
        raise DomainError(_("Nhập tên đơn vị trưng bày hoặc chọn một chủ thể OCOP."), field="exhibitor_name")
    booth = Booth(
        event=locked_event,
        number=number.strip(),
        producer=producer,
        exhibitor_name=exhibitor_name.strip(),
        exhibitor_province=exhibitor_province,
        products_text=products_text.strip(),
        is_demo=is_demo,
    )
    checked_products = _check_products(producer, products)
    booth.full_clean()
    booth.save()
    booth.products.set(checked_products)
    audit_record(actor=actor, action="booth.create", target=booth, after=_booth_snapshot(booth))
    return booth


@transaction.atomic
def booth_update(
    *, actor: User | None, system: SystemCaller | None = None, booth: Booth, changes: dict[str, Any]
) -> Booth:
    """Change a booth's number, products or outside exhibitor details."""
    allowed = {"number", "exhibitor_name", "exhibitor_province", "products", "products_text"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = Booth.objects.select_for_update(of=("self",)).select_related("event", "producer").get(pk=booth.pk)
    if actor is None:
        require_system_caller(system)
    elif not may_organise(actor, locked.event):
        raise PermissionDenied
    before = _booth_snapshot(locked)
    products = changes.pop("products", None)
    if locked.producer_id:
        changes.pop("exhibitor_name", None)
        changes.pop("exhibitor_province", None)
    for name, value in changes.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.full_clean()
    locked.save()
    if products is not None:
        locked.products.set(_check_products(locked.producer, products))
    after = _booth_snapshot(locked)
    if before != after:
        audit_record(actor=actor, action="booth.update", target=locked, before=before, after=after)
    return locked


# --- daily figures -------------------------------------------------------------------------------


@transaction.atomic
def visits_record(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    event: Event,
    day: datetime.date,
    visits: int,
    note: str = "",
) -> DailyVisits:
    """Record (or correct) the visits of one event day. A correction keeps the old value in the audit."""
    locked_event = Event.objects.select_for_update().get(pk=event.pk)
    if actor is None:
        require_system_caller(system)
    elif not may_organise(actor, locked_event):
        raise PermissionDenied
    _require_open(locked_event)
    _require_day(locked_event, day)
    visits = _whole_number(visits, field="visits", label=_("Số lượt khách"))
    record = DailyVisits.objects.filter(event=locked_event, day=day).first()
    before = snapshot(record, ["day", "visits", "note"]) if record else None
    if record is None:
        record = DailyVisits(event=locked_event, day=day)
    record.visits = visits
    record.note = note.strip()
    record.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    after = {"day": str(day), "visits": visits, "note": record.note}
    if before == after:
        return record
    record.full_clean()
    record.save()
    audit_record(
        actor=actor, action="visits.update" if before else "visits.create", target=record, before=before, after=after
    )
    return record


@transaction.atomic
def booth_sale_record(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    event: Event,
    booth: Booth,
    day: datetime.date,
    amount_vnd: int,
    note: str = "",
) -> BoothSale:
    """Record (or correct) a booth's sales of one day, in whole đồng.

    `event` is the event the entry was made for (the page or the file): a booth of another event is refused.
    """
    locked_booth = Booth.objects.select_for_update(of=("self",)).select_related("event", "producer").get(pk=booth.pk)
    if locked_booth.event_id != event.pk:
        raise DomainError(
            _("Gian hàng %(number)s thuộc sự kiện “%(other)s”, không thuộc sự kiện “%(event)s”.")
            % {"number": locked_booth.number, "other": locked_booth.event.name, "event": event.name},
            field="booth",
        )
    if actor is None:
        require_system_caller(system)
    elif not may_enter_sales(actor, locked_booth):
        raise PermissionDenied
    _require_open(locked_booth.event)
    _require_day(locked_booth.event, day)
    amount = _whole_number(amount_vnd, field="amount_vnd", label=_("Doanh thu"))
    sale = BoothSale.objects.filter(booth=locked_booth, day=day).first()
    before = snapshot(sale, ["day", "amount_vnd", "note"]) if sale else None
    if sale is None:
        sale = BoothSale(booth=locked_booth, day=day)
    sale.amount_vnd = amount
    sale.note = note.strip()
    sale.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    after = {"day": str(day), "amount_vnd": amount, "note": sale.note}
    if before == after:
        return sale
    sale.full_clean()
    sale.save()
    audit_record(
        actor=actor,
        action="booth_sale.update" if before else "booth_sale.create",
        target=sale,
        before=before,
        after=after,
    )
    run_hooks(BoothSaleRecorded(sale=sale))
    return sale


# --- agreements ----------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    event: Event,
    kind: str,
    signed_on: datetime.date,
    first_party: str,
    second_party: str,
    producer: Producer | None = None,
    value_vnd: int | None = None,
    products: Iterable[Product] = (),
    products_text: str = "",
    summary: str = "",
    is_demo: bool = False,
) -> EventAgreement:
    """Record a contract or memorandum signed at the event (on one of its days)."""
    locked_event = Event.objects.select_for_update().get(pk=event.pk)
    if actor is None:
        require_system_caller(system)
    elif not may_organise(actor, locked_event):
        raise PermissionDenied
    _require_day(locked_event, signed_on)
    if value_vnd is not None:
        value_vnd = _whole_number(value_vnd, field="value_vnd", label=_("Giá trị"))
    products = list(products)
    if producer is not None:
        _check_products(producer, products)
    agreement = EventAgreement(
        event=locked_event,
        kind=kind,
        signed_on=signed_on,
        first_party=first_party.strip(),
        second_party=second_party.strip(),
        producer=producer,
        value_vnd=value_vnd,
        products_text=products_text.strip(),
        summary=summary.strip(),
        is_demo=is_demo,
    )
    agreement.full_clean()
    agreement.save()
    agreement.products.set(products)
    audit_record(
        actor=actor,
        action="event_agreement.create",
        target=agreement,
        after={
            **snapshot(agreement, ["kind", "signed_on", "first_party", "second_party", "producer", "value_vnd"]),
            "products": sorted(p.pk for p in products),
        },
    )
    return agreement
