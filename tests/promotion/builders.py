"""Records for the promotion tests, built through the services as an organiser would enter them."""

import datetime

from ocop.accounts.system import SystemCaller
from ocop.promotion.models import EventStatus, EventType
from ocop.promotion.services import booth_create, booth_sale_record, event_create, series_create, visits_record
from tests.factories import commune, province


def split(total: int, weights: list[int]) -> list[int]:
    """Split an integer total in proportion to `weights`; the parts add up to the total exactly."""
    scale = sum(weights)
    parts = [total * weight // scale for weight in weights]
    parts[-1] += total - sum(parts)
    return parts


def fair_series(actor=None):
    return series_create(
        actor=actor,
        system=SystemCaller.DEMO,
        name="Hội chợ OCOP Quảng Ninh",
        event_type=EventType.FAIR,
        province=province(22),
    )


def make_event(*, actor=None, series=None, edition=None, first_day, days, name=None, event_type=EventType.FAIR):
    return event_create(
        actor=actor,
        system=SystemCaller.DEMO,
        event_type=event_type,
        series=series,
        edition=edition,
        name=name or f"Hội chợ OCOP Quảng Ninh lần thứ {edition}",
        province=province(22),
        commune=commune(6688),
        venue="Cung Quy hoạch, Hội chợ và Triển lãm tỉnh",
        first_day=first_day,
        last_day=first_day + datetime.timedelta(days=days - 1),
        organiser="Sở Công Thương Quảng Ninh",
        status=EventStatus.ANNOUNCED,
    )


def fill(event, *, visits: int, booths: list[tuple[object, int]], actor=None, visit_weights=None):
    """Record the event's visits (split over its days) and booths with their sales (each split over the days).

    `booths` = [(producer or (outside name, province), total revenue)].
    """
    weights = visit_weights or list(range(3, 3 + event.days))
    for day, count in zip(event.day_list(), split(visits, weights), strict=True):
        visits_record(actor=actor, system=SystemCaller.DEMO, event=event, day=day, visits=count)
    created = []
    for number, (exhibitor, revenue) in enumerate(booths, start=1):
        if isinstance(exhibitor, tuple):
            booth = booth_create(
                actor=actor,
                system=SystemCaller.DEMO,
                event=event,
                number=f"B{number:02d}",
                exhibitor_name=exhibitor[0],
                exhibitor_province=exhibitor[1],
            )
        else:
            booth = booth_create(
                actor=actor, system=SystemCaller.DEMO, event=event, number=f"A{number:02d}", producer=exhibitor
            )
        for day, amount in zip(event.day_list(), split(revenue, list(range(2, 2 + event.days))), strict=True):
            booth_sale_record(
                actor=actor, system=SystemCaller.DEMO, event=event, booth=booth, day=day, amount_vnd=amount
            )
        created.append(booth)
    return created
