"""One progress bar for work done by the worker (a registry import, a file job): what the page shows
and the partial the page polls every second until the work is over (then the page reloads)."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Progress:
    url: str  # the partial polled while running
    page_url: str  # the page itself (reloading it is the way without JavaScript)
    running: bool
    status: str  # the status as the user reads it
    done: int
    total: int
    sentence: str  # "3/10 rows done (30%)", in the words of the work

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_partial(request: HttpRequest, progress: Progress) -> HttpResponse:
    """The polled partial; once the work is over, HTMX reloads the whole page to show the outcome."""
    response = render(request, "core/_progress.html", {"progress": progress})
    if not progress.running:
        response["HX-Refresh"] = "true"
    return response


def rows_progress(record, *, url: str, page_url: str) -> Progress:
    """The progress of an import record (`processed_rows` of `total_rows`, `is_running`, its status)."""
    return Progress(
        url=url,
        page_url=page_url,
        running=record.is_running,
        status=record.get_status_display(),
        done=record.processed_rows,
        total=record.total_rows,
        sentence=_("Đã xử lý %(done)s/%(total)s dòng (%(percent)s%%).")
        % {"done": record.processed_rows, "total": record.total_rows, "percent": record.percent},
    )
