"""Jobs of the core app. `ping` proves a round trip through the broker and a worker."""

from celery import shared_task


@shared_task(name="ocop.core.ping")
def ping(value: str) -> str:
    return f"pong:{value}"
