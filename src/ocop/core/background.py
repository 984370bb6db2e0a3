"""Work the worker does on a record that moves through statuses (an Excel import: uploaded → checked →
confirmed → applied). The registry import, the sales import and the fair-figure import share these:
claim a record by its status, and move its row counter so the progress bar follows."""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import models
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


def status_claim(queryset: "models.QuerySet[M]", pk: int, *, from_status: Iterable[str], to_status: str) -> M | None:
    """Move the record to `to_status` if it is in one of `from_status` (one conditional UPDATE, so of
    two workers exactly one gets it); the record as it is then, or None if it was not there to take."""
    claimed = queryset.filter(pk=pk, status__in=list(from_status)).update(status=to_status, updated_at=timezone.now())
    return queryset.get(pk=pk) if claimed else None


def rows_progress_save(model: type[models.Model], pk: int, processed: int) -> None:
    """One UPDATE of the record's processed-rows counter, committed at once, so the progress bar moves."""
    model._default_manager.filter(pk=pk).update(processed_rows=processed, updated_at=timezone.now())


def rows_total_save(model: type[models.Model], pk: int, total: int) -> None:
    model._default_manager.filter(pk=pk).update(total_rows=total, processed_rows=0, updated_at=timezone.now())


def rows_progress(model: type[models.Model], pk: int, *, every: int) -> Callable[[int, int], None]:
    """`progress(done, total)` for a checker that reports each row: (0, total) sets the total, then the
    counter is written every `every` rows and at the last one."""

    def progress(done: int, total: int) -> None:
        if done == 0:
            rows_total_save(model, pk, total)
        elif done % every == 0 or done == total:
            rows_progress_save(model, pk, done)

    return progress
