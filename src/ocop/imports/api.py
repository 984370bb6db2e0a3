"""The import API: upload a file, follow its job, read problems and preview, confirm; template; export."""

from datetime import datetime

from django.http import Http404, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from ocop.accounts.policy import LOGGED_IN, permission
from ocop.core.api_errors import ErrorOut, error_body, item
from ocop.core.fields import Int, one_of
from ocop.core.formatting import is_english
from ocop.core.pagination import paginated
from ocop.imports import selectors, services
from ocop.imports.jobs import export_params
from ocop.imports.models import ImportJob, ImportKind
from ocop.imports.permissions import require_exporter, require_importer
from ocop.imports.problems import ImportFileError
from ocop.imports.workbooks import XLSX_CONTENT_TYPE, build_workbook, file_name
from ocop.jobs.api import FileJobOut
from ocop.jobs.services import job_create
from ocop.producers.models import ProducerType
from ocop.products.models import ProductStatus

router = Router(tags=["imports"])


class ProblemOut(Schema):
    row: Int | None
    column: str
    value: str
    message_vi: str
    message_en: str


class JobOut(Schema):
    id: Int
    kind: str
    status: str
    original_name: str
    province_code: Int
    created_at: datetime
    total_rows: Int
    processed_rows: Int
    to_create: Int
    to_update: Int
    unchanged: Int
    problem_count: Int
    applied_created: Int
    applied_updated: Int
    message_vi: str
    message_en: str

    @staticmethod
    def resolve_province_code(obj: ImportJob) -> int:
        return obj.province.code


class JobDetailOut(JobOut):
    problems: list[ProblemOut]
    preview: dict


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.post(
    "/jobs",
    response={201: JobOut, 400: ErrorOut},
    summary="Tải tệp Excel lên để kiểm tra / Upload an Excel file for validation",
)
@permission(LOGGED_IN)
def upload(request, kind: Form[ImportKind], file: File[UploadedFile]):
    try:
        job = services.import_job_create(actor=request.user, kind=kind, upload=file)
    except ImportFileError as error:
        english = is_english()
        problems = [
            item(
                problem["column"] or "file", problem["message_en" if english else "message_vi"], "file", problem["row"]
            )
            for problem in error.problems
        ]
        return Status(400, error_body(400, code="file_refused", detail=error.message, errors=problems))
    return Status(201, selectors.import_job_get(user=request.user, job_id=job.pk))


@router.get("/jobs", response=list[JobOut], summary="Các lần nhập / Import jobs")
@paginated
@permission(LOGGED_IN)
def list_jobs(request):
    return selectors.import_job_list(user=request.user)


@router.get("/jobs/{job_id}", response=JobDetailOut, summary="Trạng thái, lỗi và xem trước / Status, problems, preview")
@permission(LOGGED_IN)
def get_job(request, job_id: int):
    return selectors.import_job_get(user=request.user, job_id=job_id)


@router.post("/jobs/{job_id}/confirm", response=JobOut, summary="Xác nhận và ghi / Confirm and apply")
@permission(LOGGED_IN)
def confirm(request, job_id: int):
    services.import_job_confirm(actor=request.user, job_id=job_id)
    return selectors.import_job_get(user=request.user, job_id=job_id)


@router.get("/templates/{kind}", summary="Tệp mẫu / Template (.xlsx)")
@permission(LOGGED_IN)
def template(request, kind: ImportKind):
    province = require_importer(request.user)
    return _xlsx(build_workbook(kind=kind, province=province), file_name(kind, export=False))


@router.api_operation(
    ["POST", "GET"],
    "/export/{kind}",
    response={202: FileJobOut, 403: ErrorOut, 404: ErrorOut},
    summary="Xuất sổ đăng ký / Export the registry (.xlsx), as a job",
    description=(
        "Tạo tác vụ tạo tệp và trả 202 cùng địa chỉ theo dõi (`page_url`, `/api/v1/jobs/{id}`); "
        "tệp tải ở `download_url` khi trạng thái là `done` / creates a file job and answers 202 with its "
        "addresses; the file is at `download_url` once the status is `done`. GET is kept for existing "
        "clients; use POST."
    ),
)
@permission(LOGGED_IN)
def export(
    request,
    kind: ImportKind,
    q: str = "",
    commune: Int | None = None,
    type: one_of(*ProducerType.values) = "",
    status: one_of(*ProductStatus.values) = "",
    archived: bool = False,
):
    require_exporter(request.user)
    if kind == ImportKind.CERTIFICATES:  # imported only; the certificate register has its own export
        raise Http404
    params = export_params(kind=kind, q=q, commune=commune, type=type, status=status, archived=archived)
    return Status(202, job_create(actor=request.user, kind="imports.registry_xlsx", params=params))
