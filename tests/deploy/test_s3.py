"""S3 storage, for real: django-storages + boto3 against a local S3-compatible server (moto's
standalone server, a separate process on a free port of 127.0.0.1, started here)."""

import subprocess
import sys
import time
import uuid
from io import BytesIO

import boto3
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ocop.accounts.models import Role
from ocop.core.storage import PrivateS3Storage
from ocop.evaluations import services as evaluations
from ocop.evaluations.models import EvidenceFile
from ocop.products.models import ProductPhoto
from tests.deploy.servers import free_port
from tests.evaluations.conftest import criteria_loaded, pdf, tea, tea_set  # noqa: F401 - fixtures
from tests.factories import make_user

pytestmark = pytest.mark.django_db
CREDENTIALS = {"aws_access_key_id": "ocop-test", "aws_secret_access_key": "ocop-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    port = free_port()
    log = (tmp_path_factory.mktemp("s3") / "moto.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log
    )
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **CREDENTIALS)
    deadline = time.monotonic() + 120
    while True:
        try:
            client.list_buckets()
            break
        except Exception:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    yield endpoint
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh private bucket as the default storage, configured as settings.py does."""
    name = f"ocop-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "ocop.core.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    # File fields keep the storage they were built with: point them at the new default for this test.
    storage = storages["default"]
    fields = [ProductPhoto._meta.get_field("image"), EvidenceFile._meta.get_field("file")]
    originals = [field.storage for field in fields]
    for field in fields:
        field.storage = storage
    yield client, name
    for field, original in zip(fields, originals, strict=True):
        field.storage = original


def keys(client, name: str) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", []))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_photo_and_an_evidence_file_go_to_the_bucket_are_read_back_and_deleted(
    bucket, request, world, client, django_capture_on_commit_callbacks
):
    s3, name = bucket
    product = request.getfixturevalue("tea")
    buffer = BytesIO()
    Image.new("RGB", (30, 20), (0, 128, 0)).save(buffer, format="JPEG")
    photo = ProductPhoto.objects.create(product=product, image=SimpleUploadedFile("tra.jpg", buffer.getvalue()))
    producer = world["users"]["producer"]
    dossier = evaluations.dossier_create(actor=producer, product=product)
    evidence = evaluations.evidence_add(actor=producer, dossier=dossier, upload=pdf("haccp.pdf"), kind="haccp")

    assert isinstance(photo.image.storage, PrivateS3Storage)
    assert keys(s3, name) == sorted([photo.image.name, evidence.file.name])
    stored = s3.get_object(Bucket=name, Key=evidence.file.name)["Body"].read()
    assert stored.startswith(b"%PDF-1.4")
    # Links are ours, never presigned bucket URLs.
    assert photo.image.url == f"/media/{photo.image.name}"
    assert evidence.file.url == f"/media/{evidence.file.name}"

    # Read back through the media view: the photo for anyone, the evidence only within the scope.
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert body(response) == buffer.getvalue()
    assert client.get(evidence.file.url).status_code == 302
    client.force_login(make_user(Role.PRODUCER, producer=product.producer))
    response = client.get(evidence.file.url)
    assert response.status_code == 200
    assert body(response) == stored

    with django_capture_on_commit_callbacks(execute=True):
        evaluations.evidence_remove(actor=producer, item=evidence)
    photo.image.delete(save=False)
    photo.delete()
    assert keys(s3, name) == []


def test_readiness_writes_reads_and_deletes_in_the_bucket(bucket, client):
    s3, name = bucket
    response = client.get("/readyz")
    assert response.json()["services"]["storage"] == {"ok": True, "detail": "PrivateS3Storage"}
    assert keys(s3, name) == []
