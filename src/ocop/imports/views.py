"""Pages of the Excel import and export. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.accounts.policy import LOGGED_IN, permission
from ocop.core.errors import DomainError
from ocop.core.listing import by_label, listing
from ocop.core.progress import Progress, progress_partial, rows_progress
from ocop.imports import selectors, services
from ocop.imports.forms import ExportForm, UploadForm
from ocop.imports.jobs import export_params
from ocop.imports.models import ImportJob, ImportKind
from ocop.imports.permissions import may_import, require_exporter, require_importer
from ocop.imports.problems import ImportFileError
from ocop.imports.workbooks import XLSX_CONTENT_TYPE, build_workbook, file_name
from ocop.jobs.views import job_start


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _progress(job: ImportJob) -> Progress:
    return rows_progress(
        job, url=reverse("imports:progress", args=[job.pk]), page_url=reverse("imports:job", args=[job.pk])
    )


def _province(user):
    return user.province if user.province_id else None


JOBS_PAGE = 20


def _job_sorts() -> dict:
    kind, status = (ImportJob._meta.get_field(name).choices for name in ("kind", "status"))
    return {
        "at": ("created_at",),
        "kind": (by_label("kind", kind), "-created_at"),
        "file": ("original_name", "-created_at"),
        "uploader": ("created_by__full_name", "created_by__username", "-created_at"),
        "status": (by_label("status", status), "-created_at"),
        "rows": ("total_rows", "-created_at"),
    }


def _index(request, *, upload_form: UploadForm, status: int = 200):
    jobs = listing(
        request, selectors.import_job_list(user=request.user), sorts=_job_sorts(), default="-at", per_page=JOBS_PAGE
    )
    context = {
        "listing": jobs,
        "upload_form": upload_form,
        "export_form": ExportForm(initial={"kind": ImportKind.PRODUCERS}, province=_province(request.user)),
        "can_import": may_import(request.user),
        "kinds": ImportKind.choices,
    }
    return render(request, "imports/index.html", context, status=status)


@permission(LOGGED_IN)
@require_GET
def import_index(request):
    require_exporter(request.user)
    return _index(request, upload_form=UploadForm())


@permission(LOGGED_IN)
@require_POST
def import_upload(request):
    require_importer(request.user)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = services.import_job_create(
                actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("imports:job", pk=job.pk)
    return _index(request, upload_form=form, status=400)


@permission(LOGGED_IN)
@require_GET
def import_job(request, pk: int):
    job = selectors.import_job_get(user=request.user, job_id=pk)
    return render(
        request, "imports/job.html", {"job": job, "progress": _progress(job), "can_confirm": may_import(request.user)}
    )


@permission(LOGGED_IN)
@require_GET
def import_job_progress(request, pk: int):
    return progress_partial(request, _progress(selectors.import_job_get(user=request.user, job_id=pk)))


@permission(LOGGED_IN)
@require_POST
def import_job_confirm(request, pk: int):
    try:
        services.import_job_confirm(actor=request.user, job_id=pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xác nhận. Hệ thống đang ghi dữ liệu."))
    return redirect("imports:job", pk=pk)


@permission(LOGGED_IN)
@require_GET
def import_template(request, kind: str):
    province = require_importer(request.user)
    if kind not in ImportKind.values:
        return HttpResponse(status=404)
    return _xlsx(build_workbook(kind=kind, province=province), file_name(kind, export=False))


@permission(LOGGED_IN)
@require_http_methods(["GET", "HEAD", "POST"])
def import_export(request):
    """The registry as Excel, built by a job (imports.jobs.registry_xlsx_job) with the form's filters."""
    require_exporter(request.user)
    data = request.GET.copy()  # a button's query string, or the export form's own fields (POST)
    data.update(request.POST)
    form = ExportForm(data, province=_province(request.user))
    if not form.is_valid():
        return _index(request, upload_form=UploadForm(), status=400)
    params = export_params(**form.cleaned_data)
    return job_start(request, kind="imports.registry_xlsx", params=params, title=_("Xuất sổ đăng ký ra Excel"))
