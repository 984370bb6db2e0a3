"""Pages of a job: its progress, and the download once the file is ready. Only the user who asked sees them."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ocop.accounts.policy import LOGGED_IN, permission
from ocop.core.media import file_response
from ocop.core.progress import Progress, progress_partial
from ocop.jobs import selectors
from ocop.jobs.models import Job, JobStatus
from ocop.jobs.services import job_create


def job_start(request: HttpRequest, *, kind: str, params: dict, title: str) -> HttpResponse:
    """The answer of an export address, once its view has checked the user may have the file: a POST
    (the page's button, with its CSRF token) creates the job and goes to its page; a GET (a bookmark,
    a crawled link) starts nothing and shows the "Prepare the file" button posting the same address."""
    if request.method == "POST":
        job = job_create(actor=request.user, kind=kind, params=params)
        return redirect("jobs:detail", pk=job.pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "jobs/start.html", {"title": title, "action": request.get_full_path()})


def _progress(job: Job) -> Progress:
    return Progress(
        url=reverse("jobs:progress", args=[job.pk]),
        page_url=reverse("jobs:detail", args=[job.pk]),
        running=job.is_running,
        status=job.get_status_display(),
        done=job.done,
        total=job.total,
        sentence=_("Đã xong %(done)s/%(total)s phần (%(percent)s%%).")
        % {"done": job.done, "total": job.total, "percent": job.percent},
    )


@permission(LOGGED_IN)
@require_GET
def job_detail(request, pk: int):
    job = selectors.job_get(user=request.user, job_id=pk)
    context = {"job": job, "progress": _progress(job), "result_size": _result_size(job)}
    return render(request, "jobs/job.html", context)


def _result_size(job: Job) -> int | None:
    """The finished file's size in bytes, for the download button; None when there is no file to measure."""
    if job.status != JobStatus.DONE or not job.result:
        return None
    try:
        return job.result.size
    except OSError:
        return None


@permission(LOGGED_IN)
@require_GET
def job_progress(request, pk: int):
    return progress_partial(request, _progress(selectors.job_get(user=request.user, job_id=pk)))


@permission(LOGGED_IN)
@require_GET
def job_download(request, pk: int):
    job = selectors.job_get(user=request.user, job_id=pk)
    if job.status != JobStatus.DONE or not job.result:
        raise Http404
    return file_response(job.result.storage, job.result.name, public=False)
