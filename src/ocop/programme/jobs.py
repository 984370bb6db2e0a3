"""The dashboard's files, built as jobs (ocop.jobs): the same bytes the export views used to answer with."""

from django.utils import timezone

from ocop.jobs.kinds import JobFile, Progress
from ocop.programme import exports
from ocop.programme.dashboard import Dashboard, overview_build
from ocop.programme.selectors import dashboard_scope, phase_by_code


def dashboard_params(*, province_code: int | None, commune_code: int | None, phase: str | None) -> dict:
    return {"province": province_code, "commune": commune_code, "phase": phase}


def _dashboard(user, params: dict, progress: Progress) -> Dashboard:
    progress(0, 2)
    scope = dashboard_scope(user, province_code=params.get("province"), commune_code=params.get("commune"))
    dashboard = overview_build(phase=phase_by_code(params.get("phase")), scope=scope, today=timezone.localdate())
    progress(1, 2)
    return dashboard


def dashboard_xlsx_job(user, params: dict, progress: Progress) -> JobFile:
    dashboard = _dashboard(user, params, progress)
    return JobFile(exports.dashboard_xlsx(dashboard), exports.filename(dashboard, "xlsx"))


def dashboard_pdf_job(user, params: dict, progress: Progress) -> JobFile:
    dashboard = _dashboard(user, params, progress)
    return JobFile(exports.dashboard_pdf(dashboard), exports.filename(dashboard, "pdf"))
