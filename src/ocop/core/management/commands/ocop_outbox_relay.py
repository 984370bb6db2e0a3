"""Run the outbox relay once, here: what waits and is due is run inline (no broker) or handed to
the broker. With a broker, beat runs it every minute; without one, run this (or cron it)."""

from django.core.management.base import BaseCommand

from ocop.core.outbox import outbox_counts, outbox_relay_run


class Command(BaseCommand):
    help = "Chạy các tác vụ đang chờ trong hàng đợi (outbox) / Run the jobs waiting in the outbox"

    def handle(self, *args, **options):
        result = outbox_relay_run()
        counts = outbox_counts()
        self.stdout.write(
            f"dispatched={result['dispatched']} failed_now={result['failed']} "
            f"waiting={counts['waiting']} failed={counts['failed']}"
        )
