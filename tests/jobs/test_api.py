"""The jobs API: my jobs, one job's status, progress and download address; anyone else's is a 404."""

import pytest
from django.urls import reverse

from tests.jobs_helpers import job_of


@pytest.fixture
def officer(world):
    return world["users"]["provincial_officer"]


@pytest.fixture
def finished(client, officer, products, django_capture_on_commit_callbacks):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_of(client.post(reverse("programme:export_xlsx")))
    return job


def test_a_finished_job_answers_its_status_and_download_address(client, finished):
    body = client.get(f"/api/v1/jobs/{finished.pk}").json()
    assert body["status"] == "done"
    assert body["download_url"] == reverse("jobs:download", args=[finished.pk])
    assert body["percent"] == 100


def test_a_queued_job_has_no_download_address_yet(client, officer, products):
    client.force_login(officer)
    job = job_of(client.post(reverse("programme:export_xlsx")))
    assert client.get(f"/api/v1/jobs/{job.pk}").json()["download_url"] is None


def test_my_jobs_are_one_page_of_mine(client, world, finished):
    body = client.get("/api/v1/jobs").json()
    assert [row["id"] for row in body["items"]] == [finished.pk]
    client.force_login(world["users"]["other_provincial_officer"])
    assert client.get("/api/v1/jobs").json()["count"] == 0


def test_someone_elses_job_is_a_404_in_the_error_shape(client, world, finished):
    client.force_login(world["users"]["other_provincial_officer"])
    response = client.get(f"/api/v1/jobs/{finished.pk}")
    assert response.status_code == 404
    assert set(response.json()) >= {"code", "detail", "errors"}
