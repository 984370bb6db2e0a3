"""`make run` serves with gunicorn: a busy port says so, static files and public photos are served."""

import socket
import subprocess
import sys

import pytest

from tests.deploy.servers import ROOT, get, manage, server_env, serving

PHOTO_SCRIPT = """
from io import BytesIO
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile
from ocop.geo.models import Commune
from ocop.producers.models import Producer
from ocop.products.models import CertificationDocument, Product, ProductPhoto
producer = Producer.objects.create(legal_name="Hợp tác xã Ảnh", commune=Commune.objects.get(code=6688))
product = Product.objects.create(producer=producer, name_vi="Chả mực thử")
buffer = BytesIO()
Image.new("RGB", (8, 6), (10, 120, 200)).save(buffer, format="PNG")
photo = ProductPhoto.objects.create(product=product, image=SimpleUploadedFile("cha-muc.png", buffer.getvalue()))
document = CertificationDocument.objects.create(
    producer=producer, kind="other", file=SimpleUploadedFile("giay-phep.pdf", b"%PDF-1.4 private")
)
print(photo.image.url)
print(document.file.url)
"""


def test_a_busy_port_is_named_with_the_way_out(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "manage.py", "ocop_serve"],
            cwd=ROOT,
            env=server_env(tmp_path, PORT=str(port)),
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"Cổng {port} trên 127.0.0.1 đang bận" in result.stderr
    assert f"make run PORT={port + 1}" in result.stderr


def prepared_site(var, **extra) -> tuple[dict, str, str]:
    """(server environment, photo URL, document URL): a migrated SQLite database with one product
    photo and one private document."""
    env = server_env(var, **extra)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "ocop_geo_load", "-v", "0")
    photo_url, document_url = manage(env, "shell", "-v", "0", "-c", PHOTO_SCRIPT).stdout.split()[-2:]
    return env, photo_url, document_url


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """That site, served by gunicorn."""
    env, photo_url, document_url = prepared_site(tmp_path_factory.mktemp("serve"))
    with serving(env) as base:
        yield base, photo_url, document_url


def test_the_server_is_gunicorn_and_static_files_come_from_whitenoise(site):
    base, _photo, _document = site
    status, headers, body = get(f"{base}/static/ocop/ocop.css")
    assert status == 200
    assert headers["Server"] == "gunicorn"
    assert headers["Content-Type"].startswith("text/css")
    assert body.startswith(b"/*") or len(body) > 100


def test_an_uploaded_photo_is_served_and_a_private_file_is_not(site):
    base, photo_url, document_url = site
    status, headers, body = get(f"{base}{photo_url}")
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert body.startswith(b"\x89PNG")
    status, headers, body = get(f"{base}{document_url}")
    assert status == 302
    assert headers["Location"].startswith("/accounts/login/?next=/media/documents/")
    assert b"private" not in body


def test_every_answer_carries_its_request_id(site):
    base, _photo, _document = site
    status, headers, _body = get(f"{base}/healthz", {"X-Request-ID": "probe-1"})
    assert (status, headers["X-Request-ID"]) == (200, "probe-1")
