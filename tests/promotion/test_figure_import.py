"""A fair's figure workbook goes through the worker, as the registry import does: the request stores
the file, the check runs after the commit with a progress bar, and the confirmed write puts every row
in one transaction or none."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.core.models import OutboxEntry
from ocop.promotion import importing
from ocop.promotion.importing import figure_import_apply, figure_import_check
from ocop.promotion.models import BoothSale, DailyVisits, FigureImport, FigureImportStatus

VISITS = [["01/03/2025", 1200, ""], ["02/03/2025", 1500, "mưa"]]


def _visits_file(rows=VISITS) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Ngày", "Lượt khách", "Ghi chú"])
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile("luot-khach.xlsx", output.getvalue())


@pytest.fixture
def officer(client, world):
    client.force_login(world["users"]["provincial_officer"])
    return world["users"]["provincial_officer"]


def _upload(client, fair, capture, *, execute=True, rows=VISITS):
    with capture(execute=execute):
        response = client.post(
            f"/promotion/events/{fair['event'].pk}/import/", {"kind": "visits", "file": _visits_file(rows)}
        )
    assert response.status_code == 302
    return FigureImport.objects.get()


def _confirm(client, job, capture):
    with capture(execute=True):
        return client.post(f"/promotion/imports/{job.pk}/")


def test_the_upload_is_stored_and_queued_and_nothing_checked_in_the_request(
    client, officer, fair, django_capture_on_commit_callbacks
):
    job = _upload(client, fair, django_capture_on_commit_callbacks, execute=False)
    assert job.status == FigureImportStatus.UPLOADED
    assert job.rows == []
    assert list(OutboxEntry.objects.values_list("task_name", "args")) == [
        ("ocop.promotion.figure_import_check", [job.pk])
    ]
    page = client.get(f"/promotion/imports/{job.pk}/").content.decode()
    assert f'hx-get="/promotion/imports/{job.pk}/progress/"' in page
    assert "Xác nhận ghi số liệu" not in page


def test_the_check_gives_the_preview_and_the_progress_partial_reloads(
    client, officer, fair, django_capture_on_commit_callbacks
):
    job = _upload(client, fair, django_capture_on_commit_callbacks)
    assert job.status == FigureImportStatus.READY
    assert (job.processed_rows, job.total_rows) == (2, 2)
    assert (job.to_create, job.to_update, job.unchanged) == (2, 0, 0)
    assert "Xác nhận ghi số liệu" in client.get(f"/promotion/imports/{job.pk}/").content.decode()
    assert client.get(f"/promotion/imports/{job.pk}/progress/")["HX-Refresh"] == "true"
    assert DailyVisits.objects.count() == 0


def test_a_bad_row_is_reported_with_its_row_and_column(client, officer, fair, django_capture_on_commit_callbacks):
    job = _upload(
        client, fair, django_capture_on_commit_callbacks, rows=[["01/03/2025", 10, ""], ["09/03/2025", 5, ""]]
    )
    assert job.status == FigureImportStatus.INVALID
    assert [(p["row"], p["column"]) for p in job.problems] == [(3, "Ngày")]
    assert "nằm ngoài thời gian sự kiện" in client.get(f"/promotion/imports/{job.pk}/").content.decode()


def test_confirm_then_the_worker_writes_every_row(client, officer, fair, django_capture_on_commit_callbacks):
    job = _upload(client, fair, django_capture_on_commit_callbacks)
    response = _confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert response.url == f"/promotion/imports/{job.pk}/"
    assert job.status == FigureImportStatus.APPLIED
    assert job.confirmed_by == officer
    assert sorted(DailyVisits.objects.values_list("visits", flat=True)) == [1200, 1500]


def test_confirming_twice_writes_once(client, officer, fair, django_capture_on_commit_callbacks):
    job = _upload(client, fair, django_capture_on_commit_callbacks)
    _confirm(client, job, django_capture_on_commit_callbacks)
    again = _confirm(client, job, django_capture_on_commit_callbacks)
    assert again.status_code == 200
    assert figure_import_apply(job_id=job.pk).status == FigureImportStatus.APPLIED
    assert figure_import_check(job_id=job.pk).status == FigureImportStatus.APPLIED
    assert DailyVisits.objects.count() == 2


def test_a_failure_in_the_middle_writes_nothing(client, officer, fair, monkeypatch, django_capture_on_commit_callbacks):
    job = _upload(client, fair, django_capture_on_commit_callbacks)
    real = importing.visits_record
    calls = []

    def second_fails(**kwargs):
        calls.append(kwargs["day"])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(importing, "visits_record", second_fails)
    _confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == FigureImportStatus.FAILED
    assert job.message_en == "Applying failed and no record was written: RuntimeError"
    assert DailyVisits.objects.count() == 0


def test_another_province_cannot_see_or_confirm(client, world, officer, fair, django_capture_on_commit_callbacks):
    job = _upload(client, fair, django_capture_on_commit_callbacks)
    client.force_login(world["users"]["other_provincial_officer"])
    for address in (f"/promotion/imports/{job.pk}/", f"/promotion/imports/{job.pk}/progress/"):
        assert client.get(address).status_code == 403
    assert _confirm(client, job, django_capture_on_commit_callbacks).status_code == 403
    job.refresh_from_db()
    assert job.status == FigureImportStatus.READY
    assert DailyVisits.objects.count() == 0


def test_a_sales_file_that_is_not_xlsx_is_refused_in_the_request(client, officer, fair):
    response = client.post(
        f"/promotion/events/{fair['event'].pk}/import/",
        {"kind": "sales", "file": SimpleUploadedFile("so-lieu.csv", b"a,b,c\n1,2,3\n")},
    )
    assert response.status_code == 200
    assert FigureImport.objects.count() == 0
    assert BoothSale.objects.count() == 0
