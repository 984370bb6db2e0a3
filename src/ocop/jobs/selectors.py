"""Reads of the jobs app: a user sees only the jobs they asked for (anyone else's is a 404)."""

from django.db.models import QuerySet
from django.http import Http404

from ocop.accounts.models import User
from ocop.jobs.models import Job


def job_list(*, user: User) -> QuerySet[Job]:
    return Job.objects.filter(requested_by=user).order_by("-created_at", "-id")


def job_get(*, user: User, job_id: int) -> Job:
    job = job_list(user=user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job
