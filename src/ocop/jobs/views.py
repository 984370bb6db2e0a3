"""Pages of a job: its progress, and the download once the file is ready. Only the user who asked sees them."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ocop.accounts.policy import LOGGED_IN, permission
from ocop.core.media import file_response
from ocop.jobs import selectors
from ocop.jobs.models import JobStatus


@permission(LOGGED_IN)
@require_GET
def job_detail(request, pk: int):
    job = selectors.job_get(user=request.user, job_id=pk)
    return render(request, "jobs/job.html", {"job": job})


@permission(LOGGED_IN)
@require_GET
def job_progress(request, pk: int):
    job = selectors.job_get(user=request.user, job_id=pk)
    response = render(request, "jobs/_progress.html", {"job": job})
    if not job.is_running:
        response["HX-Refresh"] = "true"
    return response


@permission(LOGGED_IN)
@require_GET
def job_download(request, pk: int):
    job = selectors.job_get(user=request.user, job_id=pk)
    if job.status != JobStatus.DONE or not job.result:
        raise Http404
    return file_response(job.result.storage, job.result.name, public=False)
