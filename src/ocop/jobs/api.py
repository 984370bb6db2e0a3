"""The jobs API: my file jobs (exports and reports), their status, progress and download address."""

from datetime import datetime

from django.urls import reverse
from ninja import Router, Schema

from ocop.accounts.policy import LOGGED_IN, permission
from ocop.core.api_errors import ErrorOut
from ocop.core.pagination import paginated
from ocop.jobs import selectors
from ocop.jobs.models import Job, JobStatus

router = Router(tags=["jobs"])


class FileJobOut(Schema):
    id: int
    kind: str
    status: str
    done: int
    total: int
    percent: int
    filename: str
    error_vi: str
    error_en: str
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None
    page_url: str
    download_url: str | None

    @staticmethod
    def resolve_page_url(obj: Job) -> str:
        return reverse("jobs:detail", args=[obj.pk])

    @staticmethod
    def resolve_download_url(obj: Job) -> str | None:
        return reverse("jobs:download", args=[obj.pk]) if obj.status == JobStatus.DONE else None


@router.get(
    "",
    response=list[FileJobOut],
    summary="Các tệp tôi đã yêu cầu / My file jobs",
    description="Người đã đăng nhập; chỉ các tác vụ của chính mình / any signed-in user; only their own jobs.",
)
@paginated
@permission(LOGGED_IN)
def list_jobs(request):
    return selectors.job_list(user=request.user)


@router.get(
    "/{job_id}",
    response={200: FileJobOut, 404: ErrorOut},
    summary="Trạng thái, tiến độ và địa chỉ tải về / Status, progress and download address",
    description=(
        "Người đã yêu cầu tệp; của người khác là 404 / the user who asked for the file; anyone else's is a 404. "
        "`download_url` có khi trạng thái là `done` / is set once the status is `done`."
    ),
)
@permission(LOGGED_IN)
def get_job(request, job_id: int):
    return selectors.job_get(user=request.user, job_id=job_id)
