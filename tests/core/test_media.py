"""Uploaded files: public product photos for anyone, every other file only through the policy."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ocop.accounts.models import Role
from ocop.core.media import clean_name
from ocop.products.models import CertificationDocument, DocumentKind, ProductPhoto
from tests.factories import ProducerFactory, ProductFactory, commune, make_user, province

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% minh chung\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OCOP_MEDIA_X_ACCEL_PREFIX = ""


def jpeg() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def photo_of(product) -> ProductPhoto:
    return ProductPhoto.objects.create(
        product=product, image=SimpleUploadedFile("cha-muc.jpg", jpeg()), width=40, height=30
    )


def document_of(producer) -> CertificationDocument:
    return CertificationDocument.objects.create(
        producer=producer, kind=DocumentKind.OTHER, file=SimpleUploadedFile("giay-phep.pdf", PDF)
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_public_product_photo_is_served_to_anyone_and_may_be_cached(client):
    photo = photo_of(ProductFactory())
    assert photo.image.url == f"/media/{photo.image.name}"
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert body(response) == jpeg()
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_photo_of_an_archived_product_is_only_for_those_who_may_see_the_product(client):
    product = ProductFactory()
    photo = photo_of(product)
    product.archived_at = timezone.now()
    product.save(update_fields=["archived_at"])
    response = client.get(photo.image.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/media/")
    client.force_login(make_user(Role.PRODUCER, producer=product.producer))
    assert client.get(photo.image.url).status_code == 200


def test_a_private_document_needs_a_user_whose_scope_holds_it(client):
    producer = ProducerFactory()
    document = document_of(producer)
    url = document.file.url
    assert client.get(url).status_code == 302  # not logged in: the login page, never the file

    client.force_login(make_user(Role.PRODUCER, producer=ProducerFactory()))  # another producer
    assert client.get(url).status_code == 404

    client.force_login(make_user(Role.PROVINCIAL_OFFICER, province=province(79)))  # another province
    assert client.get(url).status_code == 404

    client.force_login(make_user(Role.COMMUNE_OFFICER, commune=commune(6688)))
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"


def test_behind_nginx_the_answer_is_an_internal_redirect(client, settings):
    settings.OCOP_MEDIA_X_ACCEL_PREFIX = "/_protected/media/"
    producer = ProducerFactory()
    document = document_of(producer)
    client.force_login(make_user(Role.PRODUCER, producer=producer))
    response = client.get(document.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/media/{document.file.name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("inline; filename*=UTF-8''giay-phep")


def test_a_file_no_row_owns_is_not_served_even_if_it_is_on_disk(client, settings):
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "stray.pdf").write_bytes(PDF)
    client.force_login(make_user(Role.ADMIN))
    assert client.get("/media/documents/stray.pdf").status_code == 404


def test_an_uploaded_html_file_is_downloaded_never_shown():
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage

    from ocop.core.media import file_response

    storage = FileSystemStorage(location=settings.MEDIA_ROOT)
    name = storage.save("documents/trang.html", SimpleUploadedFile("trang.html", b"<script>alert(1)</script>"))
    response = file_response(storage, name, public=False)
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "raw", ["../settings.py", "documents/../../etc/passwd", "/etc/passwd", "documents//x.pdf", "a\\b", ""]
)
def test_names_that_leave_the_media_folder_are_refused(raw):
    assert clean_name(raw) is None


def test_a_path_outside_the_media_folder_is_404(client):
    client.force_login(make_user(Role.ADMIN))
    assert client.get("/media/../src/ocop/settings.py").status_code == 404
    assert client.get("/media/documents/%2e%2e/%2e%2e/manage.py").status_code == 404
