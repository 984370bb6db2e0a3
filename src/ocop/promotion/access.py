"""Who may see and do what in trade promotion, on top of `ocop.accounts.policy`.

- Organisers: provincial officers of the event's province (and administrators). They create events,
  booths, visits and agreements, correct any figure, import, and see everything of their events.
  This is exactly `policy.may_change` on an Event (scope = province, change role = provincial officer).
- Other officers (commune officers, council members, provincial officers of other provinces, central
  officers) read every announced or closed event, its booths and its reports: these are the figures the
  programme publishes. They change nothing.
- Producers see announced events, their own booths (policy scope `producer`) and their own booths'
  figures, and enter their own booths' sales. They do not see other exhibitors' figures.
- Buyers and the public see announced events (name, dates, place, organiser) and nothing else.
- Draft events are seen by their organisers only.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ocop.accounts import policy
from ocop.accounts.policy import may_change, visible
from ocop.promotion.models import Booth, BoothSale, Event, EventStatus

PUBLIC_STATUSES = (EventStatus.ANNOUNCED, EventStatus.CLOSED)


def is_officer(user) -> bool:
    return policy.is_officer(user)


def may_organise_in(user, province_id: int | None) -> bool:
    """May the user create events organised by this province? Its office (`policy.may_manage_province`)."""
    return policy.may_manage_province(user, province_id)


def may_organise(user, event: Event) -> bool:
    return may_change(user, event)


def require_organiser(user, event: Event) -> None:
    if not may_organise(user, event):
        raise PermissionDenied


def events_visible(user, queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Events the user may see: every announced or closed event, plus drafts of events they organise."""
    public = Q(status__in=PUBLIC_STATUSES)
    if policy.is_admin(user):
        return queryset
    if policy.is_provincial_officer(user) and user.province_id:
        return queryset.filter(public | Q(province_id=user.province_id))
    return queryset.filter(public)


def get_event_or_404(user, queryset: QuerySet[Event], **lookup) -> Event:
    event = events_visible(user, queryset).filter(**lookup).first()
    if event is None:
        raise Http404
    return event


def may_see_figures(user, event: Event) -> bool:
    """Event-wide figures (report, every booth's sales): organisers and officers."""
    return is_officer(user) and (event.status in PUBLIC_STATUSES or may_organise(user, event))


def require_figures(user, event: Event) -> None:
    if not may_see_figures(user, event):
        raise PermissionDenied


def booths_visible(user, queryset: QuerySet[Booth]) -> QuerySet[Booth]:
    """Booths whose figures the user may see: all of the events an officer may read; a producer's own."""
    if policy.is_producer(user):
        return visible(user, queryset).filter(event__status__in=PUBLIC_STATUSES)
    if policy.is_officer(user):
        return queryset.filter(event__in=events_visible(user, Event.objects.all()))
    return queryset.none()


def get_booth_or_404(user, queryset: QuerySet[Booth], **lookup) -> Booth:
    booth = booths_visible(user, queryset).filter(**lookup).first()
    if booth is None:
        raise Http404
    return booth


def may_enter_sales(user, booth: Booth) -> bool:
    """The booth's own producer user, or an organiser of its event."""
    if policy.is_producer(user):
        return user.producer_id is not None and booth.producer_id == user.producer_id
    return may_change(user, booth)


def require_sales_entry(user, booth: Booth) -> None:
    if not may_enter_sales(user, booth):
        raise PermissionDenied


def sales_visible(user, queryset: QuerySet[BoothSale]) -> QuerySet[BoothSale]:
    return queryset.filter(booth__in=booths_visible(user, Booth.objects.all()))
