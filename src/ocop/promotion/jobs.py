"""A fair's report as Excel or PDF, built as a job (ocop.jobs): the bytes the report views used to answer."""

from ocop.jobs.kinds import JobFile, Progress
from ocop.promotion import exports
from ocop.promotion.access import get_event_or_404, require_figures
from ocop.promotion.models import Event
from ocop.promotion.reports import EventReport, event_report


def report_for(user, event_id: int) -> EventReport:
    """The event's report if `user` may see its figures (404 for an event out of sight, 403 without figures)."""
    event = get_event_or_404(user, Event.objects.select_related("province", "commune__province", "series"), pk=event_id)
    require_figures(user, event)
    return event_report(event)


def _report(user, params: dict, progress: Progress) -> EventReport:
    progress(0, 2)
    report = report_for(user, int(params["event"]))
    progress(1, 2)
    return report


def event_report_xlsx_job(user, params: dict, progress: Progress) -> JobFile:
    report = _report(user, params, progress)
    return JobFile(exports.report_workbook(report), f"bao-cao-su-kien-{report.event.pk}.xlsx")


def event_report_pdf_job(user, params: dict, progress: Progress) -> JobFile:
    report = _report(user, params, progress)
    return JobFile(exports.report_pdf(report), f"bao-cao-su-kien-{report.event.pk}.pdf")
