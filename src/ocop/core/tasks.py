"""Jobs of the core app. `ping` proves a round trip through the broker and a worker; the outbox's
relay and runner (ocop.core.outbox) are registered here with every other app's tasks."""

from celery import shared_task

from ocop.core.outbox import outbox_relay, outbox_run

__all__ = ["outbox_relay", "outbox_run", "ping"]


@shared_task(name="ocop.core.ping")
def ping(value: str) -> str:
    return f"pong:{value}"
