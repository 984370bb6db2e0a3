"""A stamp sheet above SYNC_SHEET_STAMPS, built as a job (ocop.jobs): the bytes the sheet view gives."""

from django.core.exceptions import PermissionDenied

from ocop.accounts import policy
from ocop.accounts.policy import get_visible_or_404
from ocop.core.errors import DomainError
from ocop.jobs.kinds import JobFile, Progress
from ocop.stamps.selectors import run_queryset
from ocop.stamps.sheets import range_error, run_pdf, sheet_filename


def sheet_params(*, run_id: int, first: int, last: int, per_page: int, base: str) -> dict:
    """What the sheet view stores on the job; `base` is the public address the request would put in the QRs."""
    return {"run": run_id, "first": first, "last": last, "per_page": per_page, "base": base}


def sheet_pdf_job(user, params: dict, progress: Progress) -> JobFile:
    """Stamps first…last of a run `user` still sees (403 without the role, 404 out of scope), with
    progress after each page."""
    if not policy.may_see_stamps(user):
        raise PermissionDenied
    run = get_visible_or_404(user, run_queryset(), pk=int(params["run"]))
    first, last = int(params["first"]), int(params["last"])
    problem = range_error(run, first=first, last=last)
    if problem is not None:
        raise DomainError(problem, field="last")
    progress(0, last - first + 1)
    content = run_pdf(
        run, base=params["base"], first=first, last=last, per_page=int(params["per_page"]), progress=progress
    )
    return JobFile(content, sheet_filename(run, first=first, last=last))
