"""A photo that decodes to gigabytes is refused from its header: a clear 400 naming the field, nothing written."""

from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from ocop.core.models import AuditEvent
from ocop.products.models import ProductPhoto
from tests import hostile
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TOO_LARGE_20000 = {
    "vi": "Ảnh quá lớn: hơn 179 triệu điểm ảnh khi giải nén. Tối đa 40 triệu điểm ảnh (ví dụ 8000 × 5000); "
    "hãy thu nhỏ ảnh rồi tải lên lại.",
    "en": "The image is too large: more than 179 million pixels once decoded. At most 40 million pixels "
    "(for example 8000 × 5000): shrink it and upload it again.",
}
TOO_LARGE_12000 = {
    "vi": "Ảnh quá lớn: 12000 × 12000 điểm ảnh (144 triệu). Tối đa 40 triệu điểm ảnh (ví dụ 8000 × 5000); "
    "hãy thu nhỏ ảnh rồi tải lên lại.",
    "en": "The image is too large: 12000 × 12000 pixels (144 million). At most 40 million pixels "
    "(for example 8000 × 5000): shrink it and upload it again.",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def png_20000() -> bytes:
    return hostile.png(20000, 20000)


@pytest.fixture(scope="module")
def png_12000() -> bytes:
    return hostile.png(12000, 12000)


def _api_client(user, language: str = "vi") -> Client:
    """A session client that enforces CSRF, as a browser's API call is checked."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["csrftoken"] = "a" * 32
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language the person chose
    return client


def _nothing_written(media) -> None:
    assert not ProductPhoto.objects.exists()
    assert not AuditEvent.objects.filter(action="product.photo_add").exists()
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


@pytest.mark.parametrize(
    ("fixture", "expected"), [("png_20000", TOO_LARGE_20000), ("png_12000", TOO_LARGE_12000)], ids=["20000", "12000"]
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_decompression_bomb_photo_is_a_400_naming_the_field(world, media, request, fixture, expected, language):
    data = request.getfixturevalue(fixture)
    assert len(data) < 500_000
    product = ProductFactory(producer=world["qn"])
    client = _api_client(world["users"]["producer"], language)
    response = client.post(
        f"/api/v1/products/{product.pk}/photos",
        {"image": SimpleUploadedFile("anh.png", data, content_type="image/png"), "caption": "Mặt trước"},
        HTTP_X_CSRFTOKEN="a" * 32,
    )
    assert response.status_code == 400, response.content
    assert response.json() == {
        "code": "refused",
        "detail": expected[language],
        "errors": [{"field": "image", "message": expected[language], "code": "refused", "row": None}],
    }
    _nothing_written(media)


def test_the_page_shows_the_refusal_and_stores_nothing(world, media, png_12000):
    product = ProductFactory(producer=world["qn"])
    client = Client()
    client.force_login(world["users"]["producer"])
    response = client.post(
        reverse("products:photo_add", args=[product.pk]),
        {"image": SimpleUploadedFile("anh.png", png_12000, content_type="image/png")},
        follow=True,
    )
    assert TOO_LARGE_12000["vi"] in response.content.decode()
    _nothing_written(media)


def test_a_large_photo_within_the_limit_is_shrunk_in_bounded_memory(world, media):
    # 6000 × 4000 with transparency: decoded once (96 MB), box-reduced without a premultiplied copy.
    product = ProductFactory(producer=world["qn"])
    client = Client()
    client.force_login(world["users"]["producer"])
    upload = SimpleUploadedFile("anh.png", hostile.png(6000, 4000, rgba=True), content_type="image/png")
    client.post(reverse("products:photo_add", args=[product.pk]), {"image": upload})
    photo = ProductPhoto.objects.get(product=product)
    assert (photo.width, photo.height) == (1600, 1067)


def test_a_gif_is_refused_before_it_is_decoded(world, media):
    buffer = BytesIO()
    Image.new("P", (40, 30)).save(buffer, format="GIF")
    product = ProductFactory(producer=world["qn"])
    client = _api_client(world["users"]["producer"])
    response = client.post(
        f"/api/v1/products/{product.pk}/photos",
        {"image": SimpleUploadedFile("anh.gif", buffer.getvalue(), content_type="image/gif")},
        HTTP_X_CSRFTOKEN="a" * 32,
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "image", "message": "Chỉ nhận ảnh JPEG, PNG hoặc WebP.", "code": "refused", "row": None}
    ]
    _nothing_written(media)
