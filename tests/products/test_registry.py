"""Registry in the browser and the API: create, edit, search, archive producers and products."""

import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ocop.core.selectors import audit_history
from ocop.producers.models import Producer
from ocop.products.models import CertificationDocument, Product, ProductPhoto
from tests.factories import ProductFactory, commune

pytestmark = pytest.mark.django_db

VALID_TAX_CODE = "0100109106"  # check digit 6 (weights 31, 29, 23, 19, 17, 13, 7, 5, 3)
VALID_GTIN = "8934567890120"  # GS1 check digit 0


def producer_post(**overrides):
    data = {
        "legal_name": "Hợp tác xã Chè Đường Hoa",
        "producer_type": "cooperative",
        "commune": commune(6946).pk,  # Xã Đường Hoa
        "tax_code": VALID_TAX_CODE,
        "representative_gender": "female",
        "local_labour_share": "90",
    }
    data.update(overrides)
    return data


def test_officer_registers_a_producer_and_it_is_audited(world, client):
    officer = world["users"]["provincial_officer"]
    client.force_login(officer)
    response = client.post(reverse("producers:create"), producer_post())
    producer = Producer.objects.get(legal_name="Hợp tác xã Chè Đường Hoa")
    assert response.status_code == 302
    assert response["Location"] == reverse("producers:detail", args=[producer.pk])
    assert producer.name_folded == "hop tac xa che duong hoa"
    event = audit_history(producer).get()
    assert (event.action, event.actor) == ("producer.create", officer)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tax_code", "0100109107", "sai chữ số kiểm tra"),
        ("tax_code", "01001", "Mã số thuế phải có 10 chữ số"),
        ("legal_name", "", "This field is required"),
        ("local_labour_share", "120", "100"),
    ],
)
def test_bad_producer_input_is_explained_and_nothing_is_saved(world, client, field, value, message):
    client.force_login(world["users"]["provincial_officer"])
    client.cookies["django_language"] = "vi"
    before = Producer.objects.count()
    response = client.post(reverse("producers:create"), producer_post(**{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa lưu" in page
    assert message in page or message.replace("This field is required", "Trường này là bắt buộc") in page
    assert Producer.objects.count() == before


def test_duplicate_tax_code_is_refused(world, client):
    client.force_login(world["users"]["provincial_officer"])
    client.post(reverse("producers:create"), producer_post())
    response = client.post(reverse("producers:create"), producer_post(legal_name="Một chủ thể khác"))
    assert response.status_code == 200
    assert "Mã số thuế này đã thuộc một chủ thể khác." in response.content.decode()
    assert Producer.objects.filter(tax_code=VALID_TAX_CODE).count() == 1


def test_officer_of_another_province_cannot_register_here(world, client):
    client.force_login(world["users"]["other_provincial_officer"])
    response = client.post(reverse("producers:create"), producer_post())
    assert response.status_code == 200  # the Quảng Ninh commune is not offered to a Lào Cai officer
    assert not Producer.objects.filter(legal_name="Hợp tác xã Chè Đường Hoa").exists()


@pytest.mark.parametrize("role", ["producer", "commune_officer", "council_member", "buyer", "central_officer"])
def test_other_roles_cannot_register_producers(world, client, role):
    client.force_login(world["users"][role])
    assert client.get(reverse("producers:create")).status_code == 403
    assert client.post(reverse("producers:create"), producer_post()).status_code == 403
    assert not Producer.objects.filter(legal_name="Hợp tác xã Chè Đường Hoa").exists()


def test_archive_hides_the_producer_and_restore_brings_it_back(world, client):
    client.force_login(world["users"]["provincial_officer"])
    producer = world["qn"]
    client.post(reverse("producers:archive", args=[producer.pk]), {"archive": "1", "confirm": "yes"})
    listed = client.get(reverse("producers:list")).content.decode()
    assert producer.legal_name not in listed
    assert producer.legal_name in client.get(reverse("producers:list"), {"archived": "1"}).content.decode()
    client.post(reverse("producers:archive", args=[producer.pk]), {"archive": "0"})
    assert producer.legal_name in client.get(reverse("producers:list")).content.decode()
    assert [e.action for e in audit_history(producer)] == ["producer.restore", "producer.archive"]


def test_a_producer_cannot_archive_itself(world, client):
    client.force_login(world["users"]["producer"])
    response = client.post(reverse("producers:archive", args=[world["qn"].pk]), {"archive": "1"})
    assert response.status_code == 403
    world["qn"].refresh_from_db()
    assert world["qn"].archived_at is None


def product_post(**overrides):
    data = {
        "name_vi": "Chả mực Hạ Long",
        "name_en": "Ha Long squid cake",
        "net_content": "500",
        "net_content_unit": "g",
        "price_min_vnd": "180000",
        "price_max_vnd": "250000",
        "gtin": VALID_GTIN,
        "hs_code": "1605.54",
        "status": "in_programme",
    }
    data.update(overrides)
    return data


def test_producer_adds_its_own_product_and_finds_it_without_diacritics(world, client):
    client.force_login(world["users"]["producer"])
    response = client.post(reverse("products:create", args=[world["qn"].pk]), product_post())
    product = Product.objects.get(name_vi="Chả mực Hạ Long")
    assert response.status_code == 302
    assert (product.producer, product.name_folded, product.hs_code) == (
        world["qn"],
        "cha muc ha long ha long squid cake",
        "1605.54",
    )
    for query in ("cha muc", "CHA MUC HA LONG", "chả mực", "squid"):
        page = client.get(reverse("products:list"), {"q": query}).content.decode()
        assert "Chả mực Hạ Long" in page, query


def test_producer_cannot_add_a_product_to_another_producer(world, client):
    client.force_login(world["users"]["producer"])
    assert client.post(reverse("products:create", args=[world["qn_other"].pk]), product_post()).status_code == 404
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("gtin", "8934567890125", "sai chữ số kiểm tra GS1"),
        ("gtin", "12345", "8, 12, 13 hoặc 14 chữ số"),
        ("hs_code", "16a", "4 đến 10 chữ số"),
        ("price_min_vnd", "300000", "Giá thấp nhất không được lớn hơn giá cao nhất."),
    ],
)
def test_bad_product_input_is_explained_and_nothing_is_saved(world, client, field, value, message):
    client.force_login(world["users"]["producer"])
    response = client.post(reverse("products:create", args=[world["qn"].pk]), product_post(**{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa lưu" in page
    assert message in page
    assert not Product.objects.exists()


def test_same_gtin_on_two_products_is_refused(world, client):
    ProductFactory(producer=world["qn_other"], gtin=VALID_GTIN)
    client.force_login(world["users"]["producer"])
    response = client.post(reverse("products:create", args=[world["qn"].pk]), product_post())
    assert response.status_code == 200
    assert "Mã GTIN này đã được dùng cho một sản phẩm khác." in response.content.decode()
    assert Product.objects.filter(gtin=VALID_GTIN).count() == 1


def _jpeg(width: int, height: int) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 40, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile("anh.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_photo_is_resized_and_stored(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = ProductFactory(producer=world["qn"])
    client.force_login(world["users"]["producer"])
    client.post(reverse("products:photo_add", args=[product.pk]), {"image": _jpeg(4000, 3000), "caption": "Mặt trước"})
    photo = ProductPhoto.objects.get(product=product)
    assert (photo.width, photo.height, photo.caption) == (1600, 1200, "Mặt trước")
    with Image.open(photo.image.path) as stored:
        assert stored.size == (1600, 1200)


def test_a_file_that_is_not_an_image_is_refused(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = ProductFactory(producer=world["qn"])
    client.force_login(world["users"]["producer"])
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = client.post(reverse("products:photo_add", args=[product.pk]), {"image": fake}, follow=True)
    assert "Tệp không phải là ảnh JPEG, PNG hoặc WebP đọc được." in response.content.decode()
    assert not ProductPhoto.objects.exists()


def test_oversized_photo_is_refused(world, client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("ocop.products.services.PHOTO_MAX_BYTES", 1000)
    product = ProductFactory(producer=world["qn"])
    client.force_login(world["users"]["producer"])
    response = client.post(reverse("products:photo_add", args=[product.pk]), {"image": _jpeg(400, 300)}, follow=True)
    assert "Ảnh quá lớn" in response.content.decode()
    assert not ProductPhoto.objects.exists()


def test_certification_document_shows_expired(world, client):
    client.force_login(world["users"]["producer"])
    client.post(
        reverse("products:document_create", args=[world["qn"].pk]),
        {
            "kind": "food_safety_facility",
            "number": "123/2020/ATTP",
            "issued_on": "2020-01-01",
            "expires_on": "2023-01-01",
        },
    )
    document = CertificationDocument.objects.get()
    assert document.is_expired()
    page = client.get(reverse("producers:detail", args=[world["qn"].pk])).content.decode()
    assert "Hết hạn ngày 01/01/2023" in page


def test_document_expiring_before_issue_is_refused(world, client):
    client.force_login(world["users"]["producer"])
    response = client.post(
        reverse("products:document_create", args=[world["qn"].pk]),
        {"kind": "haccp", "issued_on": "2024-05-01", "expires_on": "2023-05-01"},
    )
    assert response.status_code == 200
    assert "Ngày hết hạn phải sau ngày cấp." in response.content.decode()
    assert not CertificationDocument.objects.exists()


def test_commune_officer_sees_the_commune_products_but_cannot_edit(world, client):
    product = ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng thử")
    other = ProductFactory(producer=world["qn_other"], name_vi="Chả mực thử")
    client.force_login(world["users"]["commune_officer"])
    page = client.get(reverse("products:list")).content.decode()
    assert "Trà hoa vàng thử" in page
    assert "Chả mực thử" not in page
    assert client.get(reverse("products:edit", args=[product.pk])).status_code == 403
    assert client.get(reverse("products:detail", args=[other.pk])).status_code == 404


def test_api_creates_updates_and_archives_a_product(world, client):
    client.force_login(world["users"]["provincial_officer"])
    created = client.post(
        "/api/v1/products/",
        data=json.dumps({"producer_id": world["qn"].pk, "name_vi": "Miến dong Bình Liêu", "gtin": VALID_GTIN}),
        content_type="application/json",
    )
    assert created.status_code == 201
    product_id = created.json()["id"]
    patched = client.patch(
        f"/api/v1/products/{product_id}", data=json.dumps({"price_min_vnd": 60000}), content_type="application/json"
    )
    assert patched.json()["price_min_vnd"] == 60000
    found = client.get("/api/v1/products/", {"q": "mien dong"}).json()
    assert [item["id"] for item in found["items"]] == [product_id]
    client.post(f"/api/v1/products/{product_id}/archive")
    assert client.get("/api/v1/products/", {"q": "mien dong"}).json()["count"] == 0
    actions = list(audit_history(Product.objects.get(pk=product_id)).values_list("action", flat=True))
    assert sorted(actions) == ["product.archive", "product.create", "product.update"]


def test_api_rejects_a_bad_gtin_with_the_field_named(world, client):
    client.force_login(world["users"]["provincial_officer"])
    response = client.post(
        "/api/v1/products/",
        data=json.dumps({"producer_id": world["qn"].pk, "name_vi": "X", "gtin": "8934567890125"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["gtin"]
    assert not Product.objects.exists()


def test_api_registers_a_producer_by_commune_code(world, client):
    client.force_login(world["users"]["provincial_officer"])
    response = client.post(
        "/api/v1/producers/",
        data=json.dumps({"legal_name": "HTX Nước mắm thử", "producer_type": "cooperative", "commune_code": 6994}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["commune_name"] == "Đặc khu Vân Đồn"
