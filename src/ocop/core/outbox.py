"""The outbox: every job the code queues goes through here, so a saved write always has its job and
a job never turns a saved write into a 500.

`outbox_enqueue(task, *args)` writes an `OutboxEntry` in the caller's transaction. After the commit:

- with a broker, the entry is claimed (a conditional UPDATE: only one process wins it) and one
  `ocop.core.outbox_run` message is published with retry=False and a short connect timeout, so a
  broker that is down costs the request about two seconds, not twenty; the worker claims the entry
  again (queued → running) and runs the task;
- without a broker (tests, `make run`), the task runs inline, as before — but an exception is caught
  and written to the entry.

A failed attempt (broker down, mail server down, the task raising) puts the entry back to pending
with the error and a back-off: 30 s, doubling, at most one hour; after 10 attempts it is failed and
waits for an operator (admin "Hàng đợi tác vụ", the counts in /readyz). The relay
(`ocop.core.outbox_relay`, every minute from beat and at worker start; `manage.py ocop_outbox_relay`
without a broker) picks up every entry that is due, and every claim whose lease has lapsed (a worker
that died mid-task). Tasks run through here must be safe to run twice: a lapsed lease or a message
delivered twice may run one again; the claim makes sure two relays never run one entry at once.
"""

import json
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from ocop.core.models import OutboxEntry, OutboxStatus

logger = logging.getLogger("ocop.outbox")

FIRST_DELAY = timedelta(seconds=30)  # the relay leaves a fresh entry to its after-commit dispatch this long
BACKOFF_BASE = 30  # seconds after the first failure, doubling
BACKOFF_CAP = 60 * 60  # at most an hour between attempts
MAX_ATTEMPTS = 10
SOFT_TIME_LIMIT = 9 * 60  # a job running longer gets SoftTimeLimitExceeded (an ordinary failure)
HARD_TIME_LIMIT = 10 * 60  # then the worker process is killed
LEASE = timedelta(seconds=HARD_TIME_LIMIT + 60)  # a claim older than this belongs to a dead worker
RELAY_BATCH = 200
BROKER_CONNECT_TIMEOUT = 2  # seconds; a broker that refuses fails at once
ERROR_LENGTH = 2000


def broker_configured() -> bool:
    return bool(settings.CELERY_BROKER_URL)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 30 s, 60 s, 120 s, … at most one hour."""
    return timedelta(seconds=min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP))


def _task_name(task: Task | str) -> str:
    return task if isinstance(task, str) else task.name


def outbox_enqueue(task: Task | str, *args: Any) -> OutboxEntry:
    """Queue `task(*args)` to run once the caller's transaction commits. Arguments must be JSON
    (primary keys, dates as text). Outside a transaction it is dispatched at once."""
    json.dumps(list(args))  # a TypeError here names the caller's mistake, before anything is written
    entry = OutboxEntry.objects.create(
        task_name=_task_name(task), args=list(args), next_attempt_at=timezone.now() + FIRST_DELAY
    )
    entry_id = entry.pk
    transaction.on_commit(lambda: outbox_dispatch(entry_id, fresh=True))
    return entry


def _claim(entry_id: int, *, to_status: str, fresh: bool = False) -> bool:
    """Take the entry if it is due (or, `fresh`, never tried): one conditional UPDATE, so of two
    processes claiming the same entry exactly one gets True."""
    now = timezone.now()
    due = Q(status__in=[OutboxStatus.PENDING, OutboxStatus.QUEUED, OutboxStatus.RUNNING], next_attempt_at__lte=now)
    if fresh:
        due |= Q(status=OutboxStatus.PENDING, attempts=0)
    claimed = (
        OutboxEntry.objects.filter(due, pk=entry_id)
        .exclude(attempts__gte=MAX_ATTEMPTS)
        .update(status=to_status, attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    )
    return claimed == 1


def _failed(entry_id: int, error: BaseException, *, expected: str) -> None:
    """Record a failed attempt: back to pending after the back-off, or failed after the last attempt."""
    entry = OutboxEntry.objects.filter(pk=entry_id, status=expected).first()
    if entry is None:
        return
    status = OutboxStatus.FAILED if entry.attempts >= MAX_ATTEMPTS else OutboxStatus.PENDING
    text = f"{type(error).__name__}: {error}"[:ERROR_LENGTH].replace("\x00", "")
    OutboxEntry.objects.filter(pk=entry_id, status=expected).update(
        status=status, last_error=text, next_attempt_at=timezone.now() + backoff(entry.attempts)
    )
    log = logger.error if status == OutboxStatus.FAILED else logger.warning
    log(
        "outbox entry %s (%s) attempt %s failed: %s",
        entry_id,
        entry.task_name,
        entry.attempts,
        text,
        extra={"outbox_entry": entry_id, "task": entry.task_name, "attempts": entry.attempts},
    )


def _run(entry_id: int) -> bool:
    """Run the claimed (running) entry's task here and record the outcome. True when it succeeded."""
    from ocop.celery import app

    entry = OutboxEntry.objects.get(pk=entry_id)
    try:
        app.loader.import_default_modules()  # every app's tasks module, once per process
        task = app.tasks[entry.task_name]
        if connection.in_atomic_block:  # inside a test's transaction: a failure must not break it
            with transaction.atomic():
                task(*entry.args)
        else:
            task(*entry.args)
    except Exception as error:  # noqa: BLE001 - every failure is recorded and retried, never raised to the caller
        _failed(entry_id, error, expected=OutboxStatus.RUNNING)
        return False
    OutboxEntry.objects.filter(pk=entry_id, status=OutboxStatus.RUNNING).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def _publish(entry_id: int) -> bool:
    """Hand the claimed (queued) entry to the broker: one connection attempt bounded by
    BROKER_CONNECT_TIMEOUT, no retries (Celery's own default retries for about 20 s)."""
    from ocop.celery import app

    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=0, timeout=BROKER_CONNECT_TIMEOUT)
            outbox_run.apply_async(args=[entry_id], retry=False, ignore_result=True, connection=broker)
    except Exception as error:  # noqa: BLE001 - broker down: the entry waits for the relay
        _failed(entry_id, error, expected=OutboxStatus.QUEUED)
        return False
    return True


DONE, SKIPPED, FAILED = "done", "skipped", "failed"


def outbox_dispatch(entry_id: int, *, fresh: bool = False) -> str:
    """Claim the entry and run it inline (no broker) or publish it: "done"; "skipped" when another
    process has it or it is not due; "failed" when the attempt failed (it waits, with the error)."""
    if broker_configured():
        if not _claim(entry_id, to_status=OutboxStatus.QUEUED, fresh=fresh):
            return SKIPPED
        return DONE if _publish(entry_id) else FAILED
    if not _claim(entry_id, to_status=OutboxStatus.RUNNING, fresh=fresh):
        return SKIPPED
    return DONE if _run(entry_id) else FAILED


@shared_task(
    name="ocop.core.outbox_run", ignore_result=True, soft_time_limit=SOFT_TIME_LIMIT, time_limit=HARD_TIME_LIMIT
)
def outbox_run(entry_id: int) -> bool:
    """In the worker: take the queued entry (only one worker does) and run its task."""
    taken = OutboxEntry.objects.filter(pk=entry_id, status=OutboxStatus.QUEUED).update(
        status=OutboxStatus.RUNNING, next_attempt_at=timezone.now() + LEASE
    )
    return bool(taken) and _run(entry_id)


def outbox_relay_run(*, limit: int = RELAY_BATCH) -> dict[str, int]:
    """Dispatch every due entry (oldest first). Returns how many were dispatched and how many failed now."""
    now = timezone.now()
    due = (
        OutboxEntry.objects.filter(
            status__in=[OutboxStatus.PENDING, OutboxStatus.QUEUED, OutboxStatus.RUNNING], next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    dispatched = failed = 0
    for entry_id in list(due):
        outcome = outbox_dispatch(entry_id)
        dispatched += outcome == DONE
        failed += outcome == FAILED
        if outcome == FAILED and broker_configured():
            break  # the broker is down: the rest wait for the next relay
    return {"dispatched": dispatched, "failed": failed}


@shared_task(name="ocop.core.outbox_relay", ignore_result=True, soft_time_limit=50, time_limit=58)
def outbox_relay() -> dict[str, int]:
    """Every minute (beat) and at worker start: hand due entries to the broker."""
    return outbox_relay_run()


def outbox_retry(*, entry_ids: list[int]) -> int:
    """An operator gives failed (or waiting) entries a fresh start: ten more attempts, the first now."""
    return OutboxEntry.objects.filter(pk__in=entry_ids, status__in=[OutboxStatus.FAILED, OutboxStatus.PENDING]).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )


def outbox_counts() -> dict[str, int]:
    """How many entries wait (pending, queued, running) and how many failed for good."""
    waiting = OutboxEntry.objects.filter(
        status__in=[OutboxStatus.PENDING, OutboxStatus.QUEUED, OutboxStatus.RUNNING]
    ).count()
    return {"waiting": waiting, "failed": OutboxEntry.objects.filter(status=OutboxStatus.FAILED).count()}


def notify_once(queryset: QuerySet[Any], pk: int, send: Callable[[Any], int]) -> int:
    """Send the notice of row `pk` once: the row is locked, a row already told (`notified_at` set) or
    gone sends nothing, and `send(row)` (the number of messages sent) is marked on the row in the same
    transaction, so a job run twice sends once and a send that raises leaves the row to be retried."""
    with transaction.atomic():
        row = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
        if row is None or row.notified_at is not None:
            return 0
        sent = send(row)
        row.notified_at = timezone.now()
        row.save(update_fields=["notified_at"])
    return sent
