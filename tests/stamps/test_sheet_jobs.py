"""A sheet above SYNC_SHEET_STAMPS is a job: asked for by POST, built in the worker with progress per
page, the same bytes the request gives for the same range; the wrong user gets no job."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ocop.core.models import OutboxEntry
from ocop.jobs.models import Job, JobStatus
from ocop.stamps import views as stamp_views
from ocop.stamps.jobs import sheet_params, sheet_pdf_job
from ocop.stamps.services import stamp_run_create
from ocop.stamps.sheets import SYNC_SHEET_STAMPS
from tests.jobs_helpers import export_through_job, job_of

pypdf = pytest.importorskip("pypdf", reason="pypdf is needed to read the PDFs back (requirements-dev.txt)")

BASE = "https://ocop.example.vn"


@pytest.fixture
def large_run(certificate, world, settings):
    settings.OCOP_PUBLIC_BASE_URL = BASE
    return stamp_run_create(
        user=world["users"]["producer"],
        certificate=certificate,
        lot_number="L2026-12",
        production_date=date(2026, 11, 20),
        best_before=date(2027, 11, 19),
        quantity=130,
    )


def _sheet(run, first: int, last: int, per_page: int = 24) -> str:
    return f"/stamps/{run.pk}/sheet.pdf?first={first}&last={last}&per_page={per_page}"


def test_the_job_builds_the_bytes_the_request_gives(client, run, world, settings):
    settings.OCOP_PUBLIC_BASE_URL = BASE
    producer = world["users"]["producer"]
    client.force_login(producer)
    in_request = client.get(_sheet(run, 1, 30)).content
    calls = []
    built = sheet_pdf_job(
        producer,
        sheet_params(run_id=run.pk, first=1, last=30, per_page=24, base=BASE),
        lambda done, total: calls.append((done, total)),
    )
    assert built.content == in_request
    assert built.filename == f"tem-{run.pk}-1-30.pdf"
    assert calls == [(0, 30), (24, 30), (30, 30)]


def test_a_sheet_of_the_sync_limit_is_answered_in_the_request(client, large_run, world):
    client.force_login(world["users"]["producer"])
    response = client.get(_sheet(large_run, 1, SYNC_SHEET_STAMPS, per_page=100))
    assert response["Content-Type"] == "application/pdf"
    assert Job.objects.count() == 0


def test_a_larger_sheet_posted_is_a_queued_job_and_no_pdf_in_the_request(
    client, large_run, world, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(world["users"]["producer"])
    monkeypatch.setattr(stamp_views, "run_pdf", lambda *args, **kwargs: pytest.fail("PDF built in the request"))
    with django_capture_on_commit_callbacks(execute=False):
        job = job_of(client.post(_sheet(large_run, 1, 130)))
    assert job.kind == "stamps.sheet_pdf"
    assert job.status == JobStatus.QUEUED
    assert job.params == {"run": large_run.pk, "first": 1, "last": 130, "per_page": 24, "base": BASE}
    assert not job.result


def test_the_job_ends_with_every_stamp_done_and_the_pdf_to_download(
    client, large_run, world, django_capture_on_commit_callbacks
):
    client.force_login(world["users"]["producer"])
    response = export_through_job(client, django_capture_on_commit_callbacks, _sheet(large_run, 1, 130))
    job = Job.objects.get()
    assert (job.done, job.total) == (130, 130)
    assert job.filename == f"tem-{large_run.pk}-1-130.pdf"
    assert len(pypdf.PdfReader(BytesIO(response.body)).pages) == 6  # 130 stamps, 24 a page


def test_a_get_on_a_larger_sheet_offers_the_button_and_starts_nothing(client, large_run, world):
    client.force_login(world["users"]["producer"])
    response = client.get(_sheet(large_run, 1, 130))
    assert response.status_code == 200
    action = f'<form method="post" action="/stamps/{large_run.pk}/sheet.pdf?first=1&amp;last=130&amp;per_page=24"'
    assert action in response.content.decode()
    assert Job.objects.count() == 0


@pytest.mark.parametrize(("role", "status"), [("council_member", 403), ("other_producer", 404)])
def test_the_wrong_user_gets_no_job(client, large_run, world, role, status):
    client.force_login(world["users"][role])
    response = client.post(_sheet(large_run, 1, 130))
    assert response.status_code == status
    assert Job.objects.count() == 0
    assert OutboxEntry.objects.count() == 0


def test_another_province_gets_no_job(client, large_run, world):
    client.force_login(world["users"]["other_provincial_officer"])
    response = client.post(_sheet(large_run, 1, 130))
    assert response.status_code == 404
    assert Job.objects.count() == 0


def test_a_range_beyond_the_run_is_refused_without_a_job(client, large_run, world):
    client.force_login(world["users"]["producer"])
    response = client.post(_sheet(large_run, 1, 131))
    assert response.status_code == 400
    assert Job.objects.count() == 0


@pytest.mark.parametrize(("role", "error"), [("council_member", PermissionDenied), ("other_producer", Http404)])
def test_the_builder_checks_the_user_again(large_run, world, role, error):
    params = sheet_params(run_id=large_run.pk, first=1, last=130, per_page=24, base=BASE)
    with pytest.raises(error):
        sheet_pdf_job(world["users"][role], params, lambda done, total: None)


def test_a_job_whose_user_lost_the_run_fails_with_a_message(
    client, large_run, world, django_capture_on_commit_callbacks
):
    producer = world["users"]["producer"]
    client.force_login(producer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_of(client.post(_sheet(large_run, 1, 130)))
    producer.producer = world["qn_other"]
    producer.save(update_fields=["producer"])
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_en == "You may no longer see the data of this file."


def test_the_run_page_offers_the_job_button_for_a_large_run(client, large_run, world):
    client.force_login(world["users"]["producer"])
    page = client.get(f"/stamps/{large_run.pk}/").content.decode()
    assert f'<form method="post" action="/stamps/{large_run.pk}/sheet.pdf?first=1&amp;last=130&amp;per_page=24"' in page


def test_the_run_page_links_a_small_run_to_the_pdf(client, run, world):
    client.force_login(world["users"]["producer"])
    page = client.get(f"/stamps/{run.pk}/").content.decode()
    assert f'<a class="button" href="/stamps/{run.pk}/sheet.pdf?first=1&amp;last=30&amp;per_page=24">' in page
