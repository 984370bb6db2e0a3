"""Fixtures of the import tests: an officer, product sets, and a helper that runs an upload as a job."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.criteria.models import CriteriaVersion, ProductGroup, ProductSet
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
    version = CriteriaVersion.objects.create(
        code="QD148",
        name="QĐ 148",
        legal_document="Quyết định 148/QĐ-TTg",
        signed_on=date(2023, 2, 24),
        effective_from=date(2023, 2, 24),
        max_total=100,
        parts=[],
        star_bands=[],
    )
    group = ProductGroup.objects.create(version=version, number=1, code="thuc-pham", name_vi="Thực phẩm", name_en="Food")
    return {
        number: ProductSet.objects.create(
            version=version,
            group=group,
            number=number,
            code=f"{number:02d}",
            slug=f"bo-{number}",
            name_vi=f"Bộ {number}",
            name_en=f"Set {number}",
            status="verified",
            max_total=100,
        )
        for number in (8, 9)
    }


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
