"""Fixtures of the import tests: an officer, product sets, and a helper that runs an upload as a job."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.criteria.models import ProductSet
from ocop.imports import services
from ocop.imports.models import ImportJob


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def officer(world):
    return world["users"]["provincial_officer"]


@pytest.fixture
def product_sets(db):
    """QĐ 148 sets 8 and 9, as loaded from the project's criteria data for every test database."""
    return {s.number: s for s in ProductSet.objects.filter(version__code="QD148", number__in=(8, 9))}


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Upload bytes as `user`, run the validation job inline, return the job as stored."""

    def run(user, kind: str, data: bytes, name: str = "tep.xlsx") -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.import_job_create(actor=user, kind=kind, upload=SimpleUploadedFile(name, data))
        return ImportJob.objects.get(pk=job.pk)

    return run


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    """Confirm a job as `user` and run the apply job inline; return the job as stored."""

    def run(user, job: ImportJob) -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            services.import_job_confirm(actor=user, job_id=job.pk)
        return ImportJob.objects.get(pk=job.pk)

    return run
