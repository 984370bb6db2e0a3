"""Bulk Excel import of an event's daily figures: booth sales per day, or visits per day.

Reuses the registry import's reader (`ocop.imports.readers`: file checks, header matching in Vietnamese
or English, formulas and merged cells refused) and its problem and cell utilities, so a file is refused
for the same reasons and with the same messages. Flow: upload → every row checked → preview (what will
be added, corrected, left unchanged, and every problem with its row and column) → confirm → all rows
written through the same services as the entry pages (each one audited), or none. The check and the
write run in the worker (outbox tasks, inline without a broker) with a progress bar, as the registry
import does; the request only stores the file.
"""

import datetime
import io
import logging
from collections.abc import Callable

import openpyxl
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font

from ocop.core import xlsx
from ocop.core.background import rows_progress, status_claim
from ocop.core.errors import DomainError
from ocop.core.outbox import outbox_enqueue
from ocop.core.services import audit_record
from ocop.core.text import fold_vietnamese
from ocop.imports import conf
from ocop.imports.cells import as_date, as_int, as_text, is_blank
from ocop.imports.columns import DATA_SHEET, HELP_SHEET, Column
from ocop.imports.problems import MESSAGE_APPLY_FAILED, CellError, ImportFileError, bilingual, problem
from ocop.imports.readers import FORMULA, check_upload, read_sheet, upload_check
from ocop.promotion.access import require_organiser
from ocop.promotion.models import (
    Booth,
    BoothSale,
    DailyVisits,
    Event,
    FigureImport,
    FigureImportKind,
    FigureImportStatus,
)
from ocop.promotion.services import booth_sale_record, visits_record

logger = logging.getLogger(__name__)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

SALES_COLUMNS: tuple[Column, ...] = (
    Column("booth", "Số gian hàng", "Booth number", required=True, width=16),
    Column("day", "Ngày", "Day", kind="date", required=True, width=14, note_vi="ngày/tháng/năm", note_en="dd/mm/yyyy"),
    Column("amount", "Doanh thu (đồng)", "Sales (VND)", kind="int", required=True, width=20),
    Column("note", "Ghi chú", "Note", max_length=255, width=30),
)
VISITS_COLUMNS: tuple[Column, ...] = (
    Column("day", "Ngày", "Day", kind="date", required=True, width=14),
    Column("visits", "Lượt khách", "Visits", kind="int", required=True, width=16),
    Column("note", "Ghi chú", "Note", max_length=255, width=30),
)
COLUMNS = {FigureImportKind.SALES: SALES_COLUMNS, FigureImportKind.VISITS: VISITS_COLUMNS}


def _dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def template_workbook(event: Event, kind: str) -> bytes:
    """The template to fill: Vietnamese header, English header, then one row per booth and day (or day)."""
    columns = COLUMNS[kind]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    xlsx.layout(sheet, widths=[column.width for column in columns], freeze_below=2)
    xlsx.header(sheet, [column.header_vi for column in columns])
    xlsx.header(sheet, [column.header_en for column in columns])
    for target in sheet[2]:
        target.font = Font(italic=True, color="FF555555")
    # The cell to fill is formatted already: đồng show as 1.234.567 ₫, visits as 1.234.
    if kind == FigureImportKind.SALES:
        for booth in Booth.objects.filter(event=event).order_by("number"):
            for day in event.day_list():
                xlsx.append(sheet, [booth.number, day, xlsx.money(sheet, None), ""])
    else:
        for day in event.day_list():
            xlsx.append(sheet, [day, xlsx.count(sheet, None), ""])
    help_sheet = workbook.create_sheet(HELP_SHEET)
    xlsx.append(help_sheet, [str(gettext_lazy("Sự kiện")), event.name])
    xlsx.append(help_sheet, [str(gettext_lazy("Thời gian")), f"{_dmy(event.first_day)} – {_dmy(event.last_day)}"])
    xlsx.append(
        help_sheet,
        [
            str(gettext_lazy("Hướng dẫn")),
            str(
                gettext_lazy(
                    "Mỗi dòng một ngày (và một gian hàng). Số tiền là số nguyên, đơn vị đồng, không âm. "
                    "Ngày phải nằm trong thời gian sự kiện. Không dùng công thức, không gộp ô. "
                    "Dòng để trống số liệu sẽ được bỏ qua."
                )
            ),
        ],
    )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _cell(values: dict, column: Column, row: int, problems: list[dict]):
    value = values.get(column.key)
    if value is FORMULA:
        return None
    if is_blank(value):
        if column.required:
            problems.append(
                problem(
                    row=row,
                    column=column.header,
                    value="",
                    message=gettext_lazy("Thiếu “%(header)s”."),
                    params={"header": column.header_vi},
                )
            )
        return None
    try:
        if column.kind == "date":
            return as_date(value)
        if column.kind == "int":
            number = as_int(value)
            if number < 0:
                raise CellError(gettext_lazy("Không được âm (đã nhập %(value)s)."), {"value": number})
            return number
        text = as_text(value)
        if column.max_length and len(text) > column.max_length:
            raise CellError(gettext_lazy("Dài quá %(max)s ký tự."), {"max": column.max_length})
        return text
    except CellError as error:
        problems.append(problem(row=row, column=column.header, value=value, message=error.message, params=error.params))
        return None


def plan_rows(
    event: Event,
    kind: str,
    sheet_rows: list[tuple[int, dict]],
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> tuple[list[dict], list[dict]]:
    """Check every row against the event and the records as they are now; return (plan rows, problems).
    `progress(done, total)` is called before the first row and after each."""
    columns = {column.key: column for column in COLUMNS[kind]}
    problems: list[dict] = []
    plan: list[dict] = []
    seen: dict[tuple, int] = {}
    value_key = "amount" if kind == FigureImportKind.SALES else "visits"
    booths = {fold_vietnamese(b.number): b for b in Booth.objects.filter(event=event)}
    if kind == FigureImportKind.SALES:
        existing = {
            (booth_id, day): amount
            for booth_id, day, amount in BoothSale.objects.filter(booth__event=event).values_list(
                "booth_id", "day", "amount_vnd"
            )
        }
    else:
        existing = dict(DailyVisits.objects.filter(event=event).values_list("day", "visits"))
    progress(0, len(sheet_rows))
    for done, (row, values) in enumerate(sheet_rows, start=1):
        progress(done, len(sheet_rows))
        if is_blank(values.get(value_key)):
            continue  # a template row left without a figure: nothing to import (the help sheet says so)
        before_count = len(problems)
        day = _cell(values, columns["day"], row, problems)
        value = _cell(values, columns[value_key], row, problems)
        note = _cell(values, columns["note"], row, problems) or ""
        booth = None
        if kind == FigureImportKind.SALES:
            number = as_text(values.get("booth"))
            if not number:
                problems.append(
                    problem(
                        row=row, column=columns["booth"].header, value="", message=gettext_lazy("Thiếu số gian hàng.")
                    )
                )
            else:
                booth = booths.get(fold_vietnamese(number))
                if booth is None:
                    problems.append(
                        problem(
                            row=row,
                            column=columns["booth"].header,
                            value=number,
                            message=gettext_lazy("Sự kiện “%(event)s” không có gian hàng số %(number)s."),
                            params={"event": event.name, "number": number},
                        )
                    )
        if day is not None and not event.has_day(day):
            problems.append(
                problem(
                    row=row,
                    column=columns["day"].header,
                    value=day,
                    message=gettext_lazy("Ngày %(day)s nằm ngoài thời gian sự kiện (từ %(first)s đến %(last)s)."),
                    params={"day": _dmy(day), "first": _dmy(event.first_day), "last": _dmy(event.last_day)},
                )
            )
            day = None
        elif day is not None and day > timezone.localdate():
            problems.append(
                problem(
                    row=row,
                    column=columns["day"].header,
                    value=day,
                    message=gettext_lazy("Ngày %(day)s chưa tới: chỉ nhập số liệu của ngày đã diễn ra."),
                    params={"day": _dmy(day)},
                )
            )
            day = None
        if len(problems) > before_count or day is None or value is None:
            continue
        key = (booth.pk, day) if booth else (day,)
        if key in seen:
            problems.append(
                problem(
                    row=row,
                    column=columns["day"].header,
                    value=day,
                    message=gettext_lazy("Trùng với dòng %(other)s (cùng gian hàng, cùng ngày)."),
                    params={"other": seen[key]},
                )
            )
            continue
        seen[key] = row
        before = existing.get((booth.pk, day) if booth else day)
        action = CREATE if before is None else (UNCHANGED if before == value else UPDATE)
        plan.append(
            {
                "row": row,
                "booth_id": booth.pk if booth else None,
                "booth": booth.number if booth else "",
                "day": day.isoformat(),
                "value": value,
                "note": note,
                "before": before,
                "action": action,
            }
        )
    return plan, problems


@transaction.atomic
def figure_import_create(*, actor, event: Event, kind: str, upload: UploadedFile) -> FigureImport:
    """The request's part: refuse a file that is not an .xlsx of the allowed size (ImportFileError),
    store it and queue its check (outbox). Nothing is read into the figures."""
    require_organiser(actor, event)
    if kind not in FigureImportKind.values:
        raise DomainError(_("Loại dữ liệu không hợp lệ."), field="kind")
    if not event.accepts_figures:
        raise DomainError(_("Sự kiện đã chốt số liệu hoặc đã huỷ: không nhập thêm."), field="event")
    name = upload_check(upload)
    job = FigureImport(
        event=event, kind=kind, created_by=actor, original_name=name[:255], status=FigureImportStatus.UPLOADED
    )
    job.file.save(get_valid_filename(name)[-100:], upload, save=False)
    job.save()
    audit_record(actor=actor, action="figure_import.preview", target=job, after={"file": name, "kind": kind})
    from ocop.promotion.tasks import figure_import_check_task

    outbox_enqueue(figure_import_check_task, job.pk)
    return job


def _refusal(job: FigureImport) -> dict | None:
    """Why the uploader's file cannot be checked now (access lost, event closed), as a problem."""
    try:
        require_organiser(job.created_by, job.event)
    except PermissionDenied:
        message = gettext_lazy("Bạn không còn quyền nhập số liệu của sự kiện này.")
    else:
        if job.event.accepts_figures:
            return None
        message = gettext_lazy("Sự kiện đã chốt số liệu hoặc đã huỷ: không nhập thêm.")
    return problem(row=None, column="", value="", message=message)


def _check(job: FigureImport) -> None:
    """Check the file against the event as it is now; store the plan, the problems and the status."""
    refused = _refusal(job)
    plan: list[dict] = []
    if refused is not None:
        problems = [refused]
    else:
        with job.file.open("rb") as handle:
            data = handle.read()
        try:
            check_upload(name=job.original_name, size=len(data), head=data[:8])
            sheet = read_sheet(io.BytesIO(data), name=job.original_name, columns=COLUMNS[job.kind])
            progress = rows_progress(FigureImport, job.pk, every=conf.progress_every())
            plan, problems = plan_rows(job.event, job.kind, sheet.rows, progress)
            problems = sorted(sheet.problems + problems, key=lambda p: p["row"] or 0)
        except ImportFileError as error:
            plan, problems = [], error.problems
        if not plan and not problems:
            message = gettext_lazy("Tệp không có dòng nào có số liệu để nhập.")
            problems = [problem(row=None, column="", value="", message=message)]
    job.rows, job.problems = plan, problems
    job.status = FigureImportStatus.INVALID if problems else FigureImportStatus.READY
    job.to_create = sum(1 for r in plan if r["action"] == CREATE)
    job.to_update = sum(1 for r in plan if r["action"] == UPDATE)
    job.unchanged = sum(1 for r in plan if r["action"] == UNCHANGED)
    job.total_rows, job.processed_rows = FigureImport.objects.values_list("total_rows", "processed_rows").get(pk=job.pk)


def figure_import_check(*, job_id: int) -> FigureImport:
    """The worker's check: the plan and every problem for the preview. Writes no figure. Safe to run twice."""
    queryset = FigureImport.objects.select_related("event", "created_by")
    from_status = {FigureImportStatus.UPLOADED, FigureImportStatus.CHECKING}
    job = status_claim(queryset, job_id, from_status=from_status, to_status=FigureImportStatus.CHECKING)
    if job is None:
        return FigureImport.objects.get(pk=job_id)
    _check(job)
    job.save()
    return job


@transaction.atomic
def figure_import_confirm(*, actor, job: FigureImport) -> FigureImport:
    """An organiser accepts the preview: queue the write. Only a previewed file (ready), only once."""
    locked = FigureImport.objects.select_for_update(of=("self",)).select_related("event").get(pk=job.pk)
    require_organiser(actor, locked.event)
    if locked.status != FigureImportStatus.READY:
        raise DomainError(_("Tệp này không ở trạng thái chờ xác nhận."), field="status")
    locked.status = FigureImportStatus.CONFIRMED
    locked.confirmed_by = actor
    locked.message_vi = locked.message_en = ""
    locked.save(update_fields=["status", "confirmed_by", "message_vi", "message_en", "updated_at"])
    from ocop.promotion.tasks import figure_import_apply_task

    outbox_enqueue(figure_import_apply_task, locked.pk)
    return locked


def _write(job: FigureImport) -> str:
    """Every planned row through the entry pages' services, or none if a figure changed since the preview."""
    actor = job.confirmed_by
    require_organiser(actor, job.event)
    event = Event.objects.select_for_update().get(pk=job.event_id)
    if not event.accepts_figures:
        raise DomainError(_("Sự kiện đã chốt số liệu hoặc đã huỷ: không nhập thêm."), field="event")
    if job.kind == FigureImportKind.SALES:
        current = {
            (booth_id, day.isoformat()): amount
            for booth_id, day, amount in BoothSale.objects.filter(booth__event=event).values_list(
                "booth_id", "day", "amount_vnd"
            )
        }
        keys = [(row["booth_id"], row["day"]) for row in job.rows]
    else:
        current = {
            day.isoformat(): visits
            for day, visits in DailyVisits.objects.filter(event=event).values_list("day", "visits")
        }
        keys = [row["day"] for row in job.rows]
    if any(current.get(key) != row["before"] for key, row in zip(keys, job.rows, strict=True)):
        return FigureImportStatus.STALE
    booths = {b.pk: b for b in Booth.objects.filter(event=event)}
    for row in job.rows:
        if row["action"] == UNCHANGED:
            continue
        day = datetime.date.fromisoformat(row["day"])
        if job.kind == FigureImportKind.SALES:
            booth_sale_record(
                actor=actor,
                event=event,
                booth=booths[row["booth_id"]],
                day=day,
                amount_vnd=row["value"],
                note=row["note"],
            )
        else:
            visits_record(actor=actor, event=event, day=day, visits=row["value"], note=row["note"])
    audit_record(
        actor=actor,
        action="figure_import.apply",
        target=job,
        after={"created": job.to_create, "updated": job.to_update, "unchanged": job.unchanged},
    )
    return FigureImportStatus.APPLIED


def figure_import_apply(*, job_id: int) -> FigureImport:
    """The worker's write: all rows in one transaction or none (stale: a figure changed since the
    preview; failed: the reason is stored). Safe to run twice: only a confirmed file is written."""
    queryset = FigureImport.objects.select_related("event", "confirmed_by")
    job = status_claim(
        queryset, job_id, from_status={FigureImportStatus.CONFIRMED}, to_status=FigureImportStatus.APPLYING
    )
    if job is None:
        return FigureImport.objects.get(pk=job_id)
    try:
        with transaction.atomic():
            job.status = _write(job)
    except PermissionDenied:
        job.status = FigureImportStatus.FAILED
        job.message_vi, job.message_en = bilingual(
            gettext_lazy("Người xác nhận không còn quyền nhập số liệu của sự kiện này.")
        )
    except DomainError as error:
        job.status = FigureImportStatus.FAILED
        job.message_vi = job.message_en = error.message
    except Exception as error:
        logger.exception("figure import %s failed", job.pk)
        job.status = FigureImportStatus.FAILED
        job.message_vi, job.message_en = bilingual(MESSAGE_APPLY_FAILED, {"error": error.__class__.__name__})
    if job.status == FigureImportStatus.APPLIED:
        job.applied_at = timezone.now()
    job.save()
    return job
