"""Going through a job as a user does: ask for the file, follow to the job page, download when done."""

from urllib.parse import urlencode

from django.urls import resolve, reverse

from ocop.jobs.models import Job


def job_of(response) -> Job:
    """The job a page redirected to (the answer of an export view)."""
    assert response.status_code == 302
    match = resolve(response.url)
    assert match.view_name == "jobs:detail"
    return Job.objects.get(pk=match.kwargs["pk"])


def download(client, job: Job):
    """The download response of a finished job, with its streamed content read as `.body`."""
    response = client.get(reverse("jobs:download", args=[job.pk]))
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


def start(client, url: str, data=None):
    """Press the page's "prepare the file" button: a POST to the export address with its query string."""
    query = urlencode(data or {}, doseq=True)
    return client.post(f"{url}?{query}" if query else url)


def export_through_job(client, capture, url: str, data=None):
    """Ask for the file (POST), let the job run (the after-commit dispatch, inline without a broker), download."""
    with capture(execute=True):
        started = start(client, url, data)
    job = job_of(started)
    job.refresh_from_db()
    assert job.status == "done", job.error_vi
    return download(client, job)
