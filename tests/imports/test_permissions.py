"""Every role over every page and API endpoint of the import: only provincial officers (and the
administrator, for what needs no province) get through, and a refused request changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.accounts.services import api_token_create
from ocop.imports.models import ImportJob, ImportStatus
from ocop.producers.models import Producer
from tests.imports.builders import producer_row, xlsx

pytestmark = pytest.mark.django_db

DENIED_ROLES = ["producer", "other_producer", "commune_officer", "council_member", "central_officer", "buyer"]
FILE = xlsx("producers", [producer_row(legal_name="Hợp tác xã Quyền")])


@pytest.fixture
def job(world, officer, upload):
    job = upload(officer, "producers", FILE)
    assert job.status == ImportStatus.READY
    return job


def _requests(job):
    def upload_file():
        return {"kind": "producers", "file": SimpleUploadedFile("q.xlsx", FILE)}

    return {
        "index": ("get", "/imports/", None),
        "upload": ("post", "/imports/upload/", upload_file),
        "job": ("get", f"/imports/jobs/{job.pk}/", None),
        "progress": ("get", f"/imports/jobs/{job.pk}/progress/", None),
        "confirm": ("post", f"/imports/jobs/{job.pk}/confirm/", None),
        "template": ("get", "/imports/template/producers.xlsx", None),
        "export": ("get", "/imports/export.xlsx?kind=producers", None),
        "export_start": ("post", "/imports/export.xlsx?kind=producers", None),
        "api_upload": ("post", "/api/v1/imports/jobs", upload_file),
        "api_jobs": ("get", "/api/v1/imports/jobs", None),
        "api_job": ("get", f"/api/v1/imports/jobs/{job.pk}", None),
        "api_confirm": ("post", f"/api/v1/imports/jobs/{job.pk}/confirm", None),
        "api_template": ("get", "/api/v1/imports/templates/producers", None),
        "api_export": ("post", "/api/v1/imports/export/producers", None),
        "api_export_get": ("get", "/api/v1/imports/export/producers", None),
    }


EXPECTED = {
    "provincial_officer": {
        "index": 200,
        "upload": 302,
        "job": 200,
        "progress": 200,
        "confirm": 302,
        "template": 200,
        "export": 200,
        "export_start": 302,
        # the page confirmed the job already: a second confirmation is refused with a clear 400
        "api_upload": 201,
        "api_jobs": 200,
        "api_job": 200,
        "api_confirm": 400,
        "api_template": 200,
        "api_export": 202,
        "api_export_get": 202,
    },
    # another province's officer: works in Lào Cai, never sees Quảng Ninh's job
    "other_provincial_officer": {
        "index": 200,
        "upload": 302,
        "job": 404,
        "progress": 404,
        "confirm": 404,
        "template": 200,
        "export": 200,
        "export_start": 302,
        "api_upload": 201,
        "api_jobs": 200,
        "api_job": 404,
        "api_confirm": 404,
        "api_template": 200,
        "api_export": 202,
        "api_export_get": 202,
    },
    # the administrator has no province: may look and export, may not import
    "admin": {
        "index": 200,
        "upload": 403,
        "job": 200,
        "progress": 200,
        "confirm": 403,
        "template": 403,
        "export": 200,
        "export_start": 302,
        "api_upload": 403,
        "api_jobs": 200,
        "api_job": 200,
        "api_confirm": 403,
        "api_template": 403,
        "api_export": 202,
        "api_export_get": 202,
    },
}
for role in DENIED_ROLES:
    EXPECTED[role] = dict.fromkeys(EXPECTED["admin"], 403)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_role_over_every_endpoint(world, job, client, role):
    user = world["users"][role]
    client.force_login(user)
    producers_before = Producer.objects.count()
    got = {}
    for name, (method, url, data) in _requests(job).items():
        response = getattr(client, method)(url, data() if data else None)
        got[name] = response.status_code
    assert got == EXPECTED[role]
    job.refresh_from_db()
    assert job.status == (ImportStatus.CONFIRMED if role == "provincial_officer" else ImportStatus.READY)
    if role not in ("provincial_officer", "other_provincial_officer"):
        assert ImportJob.objects.count() == 1
        assert Producer.objects.count() == producers_before


def test_anonymous_is_sent_to_login_or_gets_401(world, job, client):
    for name, (method, url, data) in _requests(job).items():
        response = getattr(client, method)(url, data() if data else None)
        expected = 401 if name.startswith("api_") else 302
        assert response.status_code == expected, name
    assert ImportJob.objects.count() == 1


def test_export_holds_only_the_rows_the_user_may_see(world, client, django_capture_on_commit_callbacks):
    import io

    import openpyxl

    client.force_login(world["users"]["other_provincial_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/v1/imports/export/producers")
    assert started.status_code == 202
    job = started.json()
    assert (job["kind"], job["page_url"]) == ("imports.registry_xlsx", f"/jobs/{job['id']}/")
    status = client.get(f"/api/v1/jobs/{job['id']}").json()
    assert status["status"] == "done"
    response = client.get(status["download_url"])
    content = b"".join(response.streaming_content)
    names = [row[1] for row in list(openpyxl.load_workbook(io.BytesIO(content)).active.values)[2:]]
    assert names == ["Hợp tác xã Lào Cai Thử nghiệm"]


def test_api_upload_preview_confirm_with_a_bearer_token(world, officer, client, django_capture_on_commit_callbacks):
    _token, key = api_token_create(user=officer, name="nhập")
    headers = {"Authorization": f"Bearer {key}"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/imports/jobs",
            {"kind": "producers", "file": SimpleUploadedFile("api.xlsx", FILE)},
            headers=headers,
        )
    assert response.status_code == 201
    job_id = response.json()["id"]
    detail = client.get(f"/api/v1/imports/jobs/{job_id}", headers=headers).json()
    assert (detail["status"], detail["to_create"], detail["problems"]) == ("ready", 1, [])
    assert detail["preview"]["create"] == [{"row": 3, "label": "Hợp tác xã Quyền"}]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/imports/jobs/{job_id}/confirm", headers=headers)
    assert response.status_code == 200
    assert client.get(f"/api/v1/imports/jobs/{job_id}", headers=headers).json()["status"] == "done"
    assert Producer.objects.filter(legal_name="Hợp tác xã Quyền").count() == 1


def test_api_refuses_a_file_that_is_not_excel_with_its_problems(world, officer, client):
    client.force_login(officer)
    response = client.post(
        "/api/v1/imports/jobs", {"kind": "producers", "file": SimpleUploadedFile("a.xlsx", b"ten,xa\n")}
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["errors"][0]["field"]) == ("file_refused", "file")
    assert body["detail"].startswith("Tệp “a.xlsx” không phải tệp Excel .xlsx")
    assert body["errors"][0]["message"].startswith("Tệp “a.xlsx” không phải tệp Excel .xlsx")
    client.cookies["django_language"] = "en"  # the language switch, not the browser's Accept-Language
    response = client.post(
        "/api/v1/imports/jobs", {"kind": "producers", "file": SimpleUploadedFile("a.xlsx", b"ten,xa\n")}
    )
    assert response.json()["errors"][0]["message"].startswith("The file “a.xlsx” is not an Excel .xlsx file")
    assert ImportJob.objects.count() == 0


def test_job_page_shows_problems_and_confirm_only_when_clean(world, officer, client, upload):
    client.force_login(officer)
    bad = upload(officer, "producers", xlsx("producers", [producer_row(commune="Không có")]))
    page = client.get(f"/imports/jobs/{bad.pk}/").content.decode()
    assert "Không tìm thấy xã, phường “Không có” trong tỉnh Quảng Ninh." in page
    assert "Xác nhận và ghi dữ liệu" not in page
    good = upload(officer, "producers", FILE)
    page = client.get(f"/imports/jobs/{good.pk}/").content.decode()
    assert "Xác nhận và ghi dữ liệu" in page
    assert "Hợp tác xã Quyền" in page


def test_progress_partial_polls_while_running(world, officer, client, job):
    client.force_login(officer)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING, total_rows=1000, processed_rows=500)
    response = client.get(f"/imports/jobs/{job.pk}/progress/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert 'value="500"' in body
    assert "(50%)" in body
    assert "HX-Refresh" not in response
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.READY)
    response = client.get(f"/imports/jobs/{job.pk}/progress/", headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
