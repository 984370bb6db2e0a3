"""The outbox (ocop.core.outbox): a job written with the write, run after the commit, retried with a
back-off when it fails, failed for good after ten attempts, and never run twice by two relays."""

import threading
import time
from datetime import timedelta

import pytest
from celery import shared_task
from django.db import connection, transaction
from django.utils import timezone

from ocop.core import outbox
from ocop.core.models import OutboxEntry, OutboxStatus
from tests.factories import make_user

RUNS: list[tuple[str, int]] = []
RUNS_LOCK = threading.Lock()
BROKEN: set[str] = set()


@shared_task(name="tests.core.outbox_probe")
def outbox_probe(label: str, number: int) -> None:
    """Records each run; raises while `label` is in BROKEN; sleeps a little to widen any race."""
    if label in BROKEN:
        raise ConnectionRefusedError(f"{label} is down")
    time.sleep(0.01)
    with RUNS_LOCK:
        RUNS.append((label, number))


@pytest.fixture(autouse=True)
def _fresh_probe():
    RUNS.clear()
    BROKEN.clear()
    yield
    RUNS.clear()
    BROKEN.clear()


def make_due(*entries: OutboxEntry) -> None:
    OutboxEntry.objects.filter(pk__in=[e.pk for e in entries]).update(next_attempt_at=timezone.now())


def test_backoff_starts_at_30_seconds_doubles_and_stops_at_an_hour():
    assert [outbox.backoff(n).total_seconds() for n in range(1, 11)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
        3600,
    ]


@pytest.mark.django_db
def test_an_entry_is_written_with_the_write_and_runs_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        entry = outbox.outbox_enqueue(outbox_probe, "mail", 7)
        assert RUNS == []  # nothing runs before the commit
    entry.refresh_from_db()
    assert RUNS == [("mail", 7)]
    assert (entry.task_name, entry.args, entry.status, entry.attempts, entry.last_error) == (
        "tests.core.outbox_probe",
        ["mail", 7],
        OutboxStatus.SENT,
        1,
        "",
    )
    assert entry.sent_at is not None


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_no_entry_and_runs_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        outbox.outbox_enqueue(outbox_probe, "mail", 1)
        raise RuntimeError("the write failed")
    assert OutboxEntry.objects.count() == 0
    assert RUNS == []


@pytest.mark.django_db
def test_arguments_that_are_not_json_are_refused_before_anything_is_written():
    with pytest.raises(TypeError):
        outbox.outbox_enqueue(outbox_probe, object(), 1)
    assert OutboxEntry.objects.count() == 0


@pytest.mark.django_db
def test_a_failing_job_waits_with_its_error_and_the_relay_runs_it_when_due(django_capture_on_commit_callbacks):
    BROKEN.add("mail")
    with django_capture_on_commit_callbacks(execute=True):
        entry = outbox.outbox_enqueue(outbox_probe, "mail", 2)
    entry.refresh_from_db()
    assert (entry.status, entry.attempts, entry.last_error) == (
        OutboxStatus.PENDING,
        1,
        "ConnectionRefusedError: mail is down",
    )
    wait = (entry.next_attempt_at - timezone.now()).total_seconds()
    assert 25 < wait <= 30  # the first back-off

    assert outbox.outbox_relay_run() == {"dispatched": 0, "failed": 0}  # not due yet: nothing tried
    make_due(entry)
    assert outbox.outbox_relay_run() == {"dispatched": 0, "failed": 1}  # still down: second attempt
    entry.refresh_from_db()
    assert (entry.status, entry.attempts) == (OutboxStatus.PENDING, 2)
    assert 55 < (entry.next_attempt_at - timezone.now()).total_seconds() <= 60

    BROKEN.clear()
    make_due(entry)
    assert outbox.outbox_relay_run() == {"dispatched": 1, "failed": 0}
    entry.refresh_from_db()
    assert (entry.status, entry.attempts, entry.last_error) == (OutboxStatus.SENT, 3, "")
    assert RUNS == [("mail", 2)]
    assert outbox.outbox_relay_run() == {"dispatched": 0, "failed": 0}  # sent once, never again
    assert RUNS == [("mail", 2)]


@pytest.mark.django_db
def test_after_ten_attempts_the_entry_is_failed_counted_and_an_operator_retries_it(
    client, django_capture_on_commit_callbacks
):
    BROKEN.add("mail")
    with django_capture_on_commit_callbacks(execute=True):
        entry = outbox.outbox_enqueue(outbox_probe, "mail", 3)
    for _ in range(9):
        make_due(entry)
        outbox.outbox_relay_run()
    entry.refresh_from_db()
    assert (entry.status, entry.attempts) == (OutboxStatus.FAILED, 10)
    make_due(entry)
    assert outbox.outbox_relay_run() == {"dispatched": 0, "failed": 0}  # a failed entry is left alone
    assert outbox.outbox_counts() == {"waiting": 0, "failed": 1}
    assert client.get("/readyz").json()["outbox"] == {"waiting": 0, "failed": 1}

    # The operator fixes the mail server and uses the admin action: it runs at the next relay.
    BROKEN.clear()
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    response = client.post("/admin/core/outboxentry/", {"action": "retry_now", "_selected_action": [entry.pk]})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.attempts) == (OutboxStatus.PENDING, 0)
    assert outbox.outbox_relay_run() == {"dispatched": 1, "failed": 0}
    assert RUNS == [("mail", 3)]
    assert outbox.outbox_counts() == {"waiting": 0, "failed": 0}


@pytest.mark.django_db
def test_the_outbox_list_is_in_the_admin(client):
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    outbox.OutboxEntry.objects.create(
        task_name="tests.core.outbox_probe",
        args=["mail", 4],
        status=OutboxStatus.FAILED,
        attempts=10,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        next_attempt_at=timezone.now(),
    )
    page = client.get("/admin/core/outboxentry/?status__exact=failed")
    assert page.status_code == 200
    assert "tests.core.outbox_probe" in page.content.decode()


@pytest.mark.django_db
def test_a_claim_of_a_dead_worker_lapses_and_the_relay_takes_the_entry_again():
    entry = OutboxEntry.objects.create(
        task_name="tests.core.outbox_probe",
        args=["pdf", 5],
        status=OutboxStatus.RUNNING,
        attempts=1,
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )
    assert outbox.outbox_relay_run() == {"dispatched": 0, "failed": 0}  # still within its lease
    make_due(entry)
    assert outbox.outbox_relay_run() == {"dispatched": 1, "failed": 0}
    assert RUNS == [("pdf", 5)]


@pytest.mark.django_db(transaction=True)
def test_two_relays_at_once_run_each_entry_exactly_once(reference_data):
    """Two threads, two database connections, one batch of due entries: each runs once."""
    if connection.vendor != "postgresql":
        pytest.skip("row claims between two connections are tested on PostgreSQL")
    now = timezone.now()
    OutboxEntry.objects.bulk_create(
        OutboxEntry(task_name="tests.core.outbox_probe", args=["race", number], next_attempt_at=now)
        for number in range(40)
    )
    start = threading.Barrier(2)
    results = []

    def relay():
        from django.db import connections

        try:
            start.wait()
            results.append(outbox.outbox_relay_run())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=relay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(number for _, number in RUNS) == list(range(40))  # every entry ran, none twice
    assert sum(result["dispatched"] for result in results) == 40
    assert OutboxEntry.objects.filter(status=OutboxStatus.SENT).count() == 40


def test_beat_runs_by_the_clock_of_vietnam_not_every_24_hours_from_start(settings):
    from celery.schedules import crontab

    from ocop.celery import app

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert {name: (entry["task"], entry["schedule"]) for name, entry in schedule.items()} == {
        "outbox-relay-every-minute": ("ocop.core.outbox_relay", crontab()),
        "certificates-expiry-daily": ("ocop.certificates.expiry", crontab(hour=6, minute=0)),
        "jobs-expire-hourly": ("ocop.jobs.expire", crontab(minute=20)),
        "programme-booth-sales-nightly": (
            "ocop.programme.tasks.reconcile_all_booth_sales",
            crontab(hour=2, minute=30),
        ),
        "programme-sales-partition-yearly": (
            "ocop.programme.tasks.add_next_year_sales_partition",
            crontab(month_of_year=12, day_of_month=1, hour=3, minute=15),
        ),
    }
    assert settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"
    app.loader.import_default_modules()
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)


def test_nothing_queues_a_job_except_through_the_outbox():
    """`.delay(`, `apply_async(` and `send_task(` appear only in the outbox and the worker-start relay."""
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "src" / "ocop"
    allowed = {source / "core" / "outbox.py", source / "celery.py"}
    offenders = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if path not in allowed
        and any(call in path.read_text(encoding="utf-8") for call in (".delay(", "apply_async(", "send_task("))
    ]
    assert offenders == []
