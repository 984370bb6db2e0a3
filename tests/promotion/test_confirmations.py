"""Cancelling an event goes through a confirmation step (core.confirm), CSRF checks on; other status changes
act at once."""

import pytest

from ocop.promotion.models import Event, EventStatus
from tests.confirm_helpers import confirm, consequences, csrf_client, post

pytestmark = pytest.mark.django_db


def test_cancelling_an_event_says_it_leaves_the_public_pages_and_the_figures_then_cancels_when_confirmed(fair, world):
    event = fair["event"]
    client = csrf_client(world["users"]["provincial_officer"])
    url = f"/promotion/events/{event.pk}/status/"
    detail = f"/promotion/events/{event.pk}/"
    step = post(client, url, {"status": EventStatus.CANCELLED}, csrf_from=detail)
    assert step.status_code == 200
    said = consequences(step)
    assert "không còn hiện trên các trang công khai" in said
    assert "đưa ra khỏi số liệu của chương trình" in said
    assert Event.objects.get(pk=event.pk).status == EventStatus.ANNOUNCED
    assert confirm(client, step).status_code == 302
    assert Event.objects.get(pk=event.pk).status == EventStatus.CANCELLED


def test_closing_the_figures_needs_no_step(fair, world):
    event = fair["event"]
    client = csrf_client(world["users"]["provincial_officer"])
    response = post(
        client,
        f"/promotion/events/{event.pk}/status/",
        {"status": EventStatus.CLOSED},
        csrf_from=f"/promotion/events/{event.pk}/",
    )
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).status == EventStatus.CLOSED
