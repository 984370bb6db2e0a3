"""A file built by a job: asked on the page, run after the commit, downloaded by the user who asked only."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.celery import app
from ocop.core.formatting import file_size
from ocop.core.models import OutboxEntry, OutboxStatus
from ocop.core.outbox import outbox_relay_run
from ocop.jobs.models import Job
from ocop.jobs.services import job_create, jobs_expire
from ocop.programme import exports
from ocop.programme.jobs import _dashboard
from tests.jobs_helpers import download, export_through_job, job_of

BROKEN_BROKER = "redis://127.0.0.1:8299/0"  # nothing listens there (this suite's port range)


def boom(user, params, progress):
    raise RuntimeError("the disk is full")


@pytest.fixture
def officer(world):
    return world["users"]["provincial_officer"]


def _sheets(data: bytes) -> dict[str, bytes]:
    """The worksheets and shared strings of a workbook (its core properties carry the time it was written)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.startswith("xl/")}


def test_the_dashboard_excel_goes_through_a_job_with_the_same_content(
    client, officer, products, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    response = export_through_job(client, django_capture_on_commit_callbacks, reverse("programme:export_xlsx"))
    job = Job.objects.get()
    direct = exports.dashboard_xlsx(_dashboard(officer, job.params, lambda done, total: None))
    assert _sheets(response.body) == _sheets(direct)


def test_a_finished_job_shows_its_progress_and_the_download_link(
    client, officer, products, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    export_through_job(client, django_capture_on_commit_callbacks, reverse("programme:export_pdf"))
    job = Job.objects.get()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert reverse("jobs:download", args=[job.pk]) in page
    assert (job.done, job.total) == (2, 2)
    # the button names the file and its size in the page's number format
    assert f"Tải về {job.filename} ({file_size(job.result.size)})" in page


def test_the_download_is_named_as_the_export_was(client, officer, products, django_capture_on_commit_callbacks):
    client.force_login(officer)
    response = export_through_job(client, django_capture_on_commit_callbacks, reverse("programme:export_xlsx"))
    assert Job.objects.get().filename in response["Content-Disposition"]


def test_before_the_commit_the_job_is_queued_with_its_outbox_entry(client, officer, products):
    client.force_login(officer)
    job = job_of(client.post(reverse("programme:export_xlsx")))
    assert job.status == "queued"
    assert OutboxEntry.objects.get().args == [job.pk]


def test_the_job_page_of_a_queued_job_polls_its_progress(client, officer, products):
    client.force_login(officer)
    job = job_of(client.post(reverse("programme:export_xlsx")))
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f'hx-get="{reverse("jobs:progress", args=[job.pk])}"' in page


@pytest.mark.parametrize("who", ["provincial_officer_2", "other_provincial_officer", "admin"])
@pytest.mark.parametrize("page", ["jobs:detail", "jobs:progress", "jobs:download"])
def test_someone_elses_job_is_a_404(client, world, officer, products, django_capture_on_commit_callbacks, who, page):
    from tests.factories import make_user

    users = {**world["users"], "provincial_officer_2": make_user("provincial_officer", province=officer.province)}
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_of(client.post(reverse("programme:export_xlsx")))
    client.force_login(users[who])
    assert client.get(reverse(page, args=[job.pk])).status_code == 404


def test_a_job_whose_builder_raises_ends_failed_with_a_message(
    client, settings, officer, django_capture_on_commit_callbacks
):
    settings.OCOP_JOB_KINDS = {**settings.OCOP_JOB_KINDS, "test.boom": "tests.jobs.test_jobs.boom"}
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(actor=officer, kind="test.boom", params={})
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error_vi == "Không tạo được tệp. Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị viên."
    assert job.error_en == "The file could not be built. Try again; if it still fails, tell an administrator."
    client.force_login(officer)
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert job.error_vi in page.content.decode()
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_a_job_for_a_scope_the_user_lost_fails_saying_so(settings, world, django_capture_on_commit_callbacks):
    producer = world["users"]["producer"]  # no dashboard: the builder's own check refuses in the worker
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(actor=producer, kind="programme.dashboard_xlsx", params={})
    job.refresh_from_db()
    assert job.error_vi == "Bạn không còn quyền xem dữ liệu của tệp này."


def test_with_the_broker_down_the_job_waits_queued_and_the_relay_sends_it(
    client, settings, officer, products, django_capture_on_commit_callbacks
):
    saved = app.conf.broker_url
    settings.CELERY_BROKER_URL = BROKEN_BROKER
    app.conf.update(broker_url=BROKEN_BROKER)
    app._after_fork()
    client.force_login(officer)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("programme:export_xlsx"))
    finally:
        app.conf.update(broker_url=saved)
        app._after_fork()
    job = job_of(response)
    job.refresh_from_db()
    assert job.status == "queued"
    assert OutboxEntry.objects.get().status == OutboxStatus.PENDING
    settings.CELERY_BROKER_URL = ""  # the broker is back (here: inline), and the entry is due
    OutboxEntry.objects.update(next_attempt_at=timezone.now())
    assert outbox_relay_run() == {"dispatched": 1, "failed": 0}
    job.refresh_from_db()
    assert job.status == "done"


def test_an_expired_result_file_is_removed_and_no_longer_downloaded(
    client, officer, products, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    export_through_job(client, django_capture_on_commit_callbacks, reverse("programme:export_xlsx"))
    job = Job.objects.get()
    storage, name = job.result.storage, job.result.name
    assert jobs_expire(now=job.expires_at + timedelta(seconds=1)) == 1
    assert not storage.exists(name)
    assert download(client, Job.objects.get()).status_code == 404


def test_a_result_before_its_expiry_is_kept(client, officer, products, django_capture_on_commit_callbacks):
    client.force_login(officer)
    export_through_job(client, django_capture_on_commit_callbacks, reverse("programme:export_xlsx"))
    job = Job.objects.get()
    assert jobs_expire(now=job.expires_at - timedelta(minutes=1)) == 0


def test_the_file_is_not_served_by_the_media_view(client, officer, products, django_capture_on_commit_callbacks):
    client.force_login(officer)
    export_through_job(client, django_capture_on_commit_callbacks, reverse("programme:export_xlsx"))
    job = Job.objects.get()
    assert client.get(f"/media/{job.result.name}").status_code == 404


def test_a_get_on_an_export_address_starts_nothing_and_offers_the_button(client, officer, products):
    client.force_login(officer)
    response = client.get(reverse("programme:export_xlsx"), {"phase": "2013-2016"})
    page = response.content.decode()
    assert response.status_code == 200
    assert Job.objects.count() == 0
    assert OutboxEntry.objects.count() == 0
    assert f'<form method="post" action="{reverse("programme:export_xlsx")}?phase=2013-2016"' in page
    assert "csrfmiddlewaretoken" in page
    assert "Chuẩn bị tệp" in page


def test_the_dashboard_offers_its_files_as_buttons_posting_the_export_addresses(client, officer, products):
    client.force_login(officer)
    page = client.get(reverse("programme:overview")).content.decode()
    assert f'<form method="post" action="{reverse("programme:export_xlsx")}?' in page
    assert f'<form method="post" action="{reverse("programme:export_pdf")}?' in page
    assert f'href="{reverse("programme:export_xlsx")}' not in page
