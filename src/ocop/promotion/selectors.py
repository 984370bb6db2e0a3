"""Reads of trade promotion, always within what the user may see, with related rows loaded."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from ocop.accounts import policy
from ocop.accounts.models import User
from ocop.core.text import fold_vietnamese
from ocop.promotion.access import booths_visible, events_visible
from ocop.promotion.models import Booth, BoothSale, DailyVisits, Event, EventSeries, EventStatus

EVENT_RELATED = ("province", "commune__province", "series")


def upcoming_events(limit: int = 5, *, today: datetime.date | None = None) -> list[Event]:
    """Announced events that have not ended yet, soonest first: for the public page and the catalogue.

    Read-only and public: name, dates, place and organiser only (no figures).
    """
    today = today or timezone.localdate()
    return list(
        Event.objects.filter(status=EventStatus.ANNOUNCED, last_day__gte=today)
        .select_related(*EVENT_RELATED)
        .order_by("first_day", "name")[:limit]
    )


def event_list(
    *,
    user: User | AnonymousUser,
    year: int | None = None,
    event_type: str = "",
    series_id: int | None = None,
    query: str = "",
) -> QuerySet[Event]:
    events = events_visible(user, Event.objects.all())
    if year:
        events = events.filter(first_day__year=year)
    if event_type:
        events = events.filter(event_type=event_type)
    if series_id:
        events = events.filter(series_id=series_id)
    folded = fold_vietnamese(query)
    if folded:
        events = events.filter(name_folded__contains=folded)
    return events.select_related(*EVENT_RELATED).annotate(booth_count=Count("booths")).order_by("-first_day", "name")


def event_years(user: User | AnonymousUser) -> list[int]:
    return sorted({day.year for day in events_visible(user, Event.objects.all()).values_list("first_day", flat=True)})


def series_list(*, user: User | AnonymousUser) -> QuerySet[EventSeries]:
    visible_events = events_visible(user, Event.objects.all())
    return (
        EventSeries.objects.filter(events__in=visible_events)
        .distinct()
        .select_related("province")
        .annotate(edition_count=Count("events", distinct=True))
        .order_by("name")
    )


def event_booths(*, user: User | AnonymousUser, event: Event) -> QuerySet[Booth]:
    return (
        booths_visible(user, Booth.objects.filter(event=event))
        .select_related("producer__commune__province", "exhibitor_province", "event__province")
        .prefetch_related("products")
        .order_by("number")
    )


def producer_booths(*, user: User | AnonymousUser) -> QuerySet[Booth]:
    """A producer's own booths, latest event first."""
    if not isinstance(user, User) or not policy.is_producer(user) or not user.producer_id:
        return Booth.objects.none()
    return (
        booths_visible(user, Booth.objects.filter(producer_id=user.producer_id))
        .select_related("event__province", "event__commune", "producer")
        .order_by("-event__first_day", "number")
    )


def booth_sales(booth: Booth) -> dict[datetime.date, BoothSale]:
    return {sale.day: sale for sale in BoothSale.objects.filter(booth=booth).select_related("entered_by")}


def event_visits(event: Event) -> dict[datetime.date, DailyVisits]:
    return {row.day: row for row in DailyVisits.objects.filter(event=event).select_related("entered_by")}


def booths_without_sales_today(*, user: User | AnonymousUser, today: datetime.date | None = None) -> QuerySet[Booth]:
    """Booths the user enters sales for (a producer's own, a provincial office's events) at an announced event
    running today, with no sales entered for today yet: the dashboard's "booth sales not entered" queue."""
    today = today or timezone.localdate()
    running = Booth.objects.filter(
        event__status=EventStatus.ANNOUNCED, event__first_day__lte=today, event__last_day__gte=today
    )
    entered = BoothSale.objects.filter(booth=OuterRef("pk"), day=today)
    return (
        policy.visible(user, running)
        .exclude(Exists(entered))
        .select_related("event", "producer")
        .order_by("event__name", "number", "id")
    )
