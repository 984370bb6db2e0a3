"""The Celery application. With no CELERY_BROKER_URL, tasks run inline (always eager)."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")

app = Celery("ocop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def relay_outbox_at_start(sender=None, **kwargs) -> None:
    """A worker that starts hands on what waited in the outbox while no worker ran (ocop.core.outbox)."""
    app.send_task("ocop.core.outbox_relay", retry=False, ignore_result=True)
