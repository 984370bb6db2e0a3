"""Two real PostgreSQL connections racing: does the second writer wait for the first one's lock?"""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction

# The marks of a module whose tests race real connections: SQLite has no row locks to race on.
ON_POSTGRESQL = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite serialises every write transaction (no row locks to race on); this test runs on PostgreSQL",
    ),
]


def second_waits(first: Callable[[], None], second: Callable[[], None]) -> bool:
    """Thread A runs `first` in a transaction it holds open; once A has written, thread B runs `second`.
    A commits half a second after B started. Returns whether B was still waiting then; an error in
    either thread is raised."""
    a_wrote, b_started, release, b_done = (threading.Event() for _ in range(4))
    errors: list[BaseException] = []

    def a():
        try:
            with transaction.atomic():
                first()
                a_wrote.set()
                release.wait(timeout=20)
        except BaseException as error:  # noqa: BLE001 - raised below, in the test's thread
            errors.append(error)
            a_wrote.set()
        finally:
            connection.close()

    def b():
        try:
            a_wrote.wait(timeout=20)
            b_started.set()
            second()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            b_done.set()
            connection.close()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for thread in threads:
        thread.start()
    b_started.wait(timeout=20)
    time.sleep(0.5)
    waited = not b_done.is_set()
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    if errors:
        raise errors[0]
    return waited
