"""A product's status follows its certificates: never written by a form, the API or an import.

Given a producer, when it PATCHes `status=certified` (or edits the status of a certified product),
then the request is refused naming the field and nothing changes; the certificate services
recompute the status (certified, expired, revoked) from the certificates.
"""

import json
from datetime import date

import pytest
from django.test import Client

from ocop.accounts.system import SystemCaller
from ocop.certificates.models import RevocationGround
from ocop.certificates.services import certificate_expire, certificate_revoke
from ocop.core.models import AuditEvent
from ocop.imports.services import import_job_create
from ocop.products.models import Product, ProductStatus
from tests.certificates.conftest import issue
from tests.factories import ProductFactory
from tests.imports.builders import product_row, xlsx


def _api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _patch(client, product, data):
    return client.patch(f"/api/v1/products/{product.pk}", data=json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("status", ["certified", "expired", "revoked"])
def test_producer_cannot_patch_a_certificate_status(world, status):
    product = ProductFactory(producer=world["qn"], status=ProductStatus.IN_PROGRAMME)
    response = _patch(_api(world["users"]["producer"]), product, {"status": status})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "refused"
    assert [error["field"] for error in body["errors"]] == ["status"]
    assert "do giấy chứng nhận OCOP của sản phẩm quyết định" in body["errors"][0]["message"]
    assert Product.objects.get(pk=product.pk).status == ProductStatus.IN_PROGRAMME
    assert not AuditEvent.objects.filter(action="product.update").exists()


def test_nor_can_an_officer_create_a_certified_product(world):
    response = _api(world["users"]["provincial_officer"]).post(
        "/api/v1/products/",
        data=json.dumps({"producer_id": world["qn"].pk, "name_vi": "Chè giả", "status": "certified"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["status"]
    assert not Product.objects.filter(name_vi="Chè giả").exists()


def test_the_status_of_a_certified_product_is_not_edited_by_hand(world, version, clock):
    clock.set(date(2026, 3, 10))
    product = ProductFactory(producer=world["qn"])
    issue(product=product, version=version, stars=4)
    assert Product.objects.get(pk=product.pk).status == ProductStatus.CERTIFIED
    response = _patch(_api(world["users"]["producer"]), product, {"status": "idea"})
    assert response.status_code == 400
    assert "trạng thái “Đã được công nhận” theo giấy chứng nhận" in response.json()["errors"][0]["message"]
    assert Product.objects.get(pk=product.pk).status == ProductStatus.CERTIFIED
    # Any other field may still change; sending the same status is not a change.
    same = _patch(_api(world["users"]["producer"]), product, {"status": "certified", "packaging": "Hộp 100 g"})
    assert same.status_code == 200
    assert same.json()["packaging"] == "Hộp 100 g"


def test_hand_statuses_still_work_without_certificates(world):
    product = ProductFactory(producer=world["qn"], status=ProductStatus.IDEA)
    response = _patch(_api(world["users"]["producer"]), product, {"status": "in_programme"})
    assert response.status_code == 200
    assert Product.objects.get(pk=product.pk).status == ProductStatus.IN_PROGRAMME


def test_the_form_offers_no_certificate_status(world):
    product = ProductFactory(producer=world["qn"], status=ProductStatus.IN_PROGRAMME)
    client = _api(world["users"]["producer"])
    page = client.get(f"/products/{product.pk}/edit/").content.decode()
    assert 'value="certified"' not in page
    assert 'value="expired"' not in page
    response = client.post(
        f"/products/{product.pk}/edit/", {"name_vi": product.name_vi, "status": "certified", "net_content_unit": ""}
    )
    assert response.status_code == 200
    assert Product.objects.get(pk=product.pk).status == ProductStatus.IN_PROGRAMME


def test_status_is_recomputed_from_the_certificates(world, version, clock):
    clock.set(date(2026, 3, 10))
    product = ProductFactory(producer=world["qn"])
    certificate = issue(product=product, version=version, stars=4)
    assert Product.objects.get(pk=product.pk).status == ProductStatus.CERTIFIED
    certificate_revoke(
        actor=None,
        certificate=certificate,
        ground=RevocationGround.objects.get(code="other"),
        reason="Thử",
        system=SystemCaller.DEMO,
    )
    assert Product.objects.get(pk=product.pk).status == ProductStatus.REVOKED
    other = ProductFactory(producer=world["qn"])
    ended = issue(product=other, version=version, stars=3, decision_date=date(2025, 8, 1))
    clock.set(date(2028, 8, 1))
    assert certificate_expire(certificate_id=ended.pk)
    assert Product.objects.get(pk=other.pk).status == ProductStatus.EXPIRED


def test_an_import_row_cannot_certify_a_product(world, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    rows = [
        product_row(
            producer_name="Hợp tác xã Trà hoa vàng Thử nghiệm",
            producer_commune="Ba Chẽ",
            name_vi="Trà hoa vàng giả",
            status="Đã được công nhận",
        )
    ]
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            actor=world["users"]["provincial_officer"],
            kind="products",
            upload=SimpleUploadedFile("tep.xlsx", xlsx("products", rows)),
        )
    job.refresh_from_db()
    assert job.status == "invalid"
    assert [(p["row"], p["column"]) for p in job.problems] == [(3, "Trạng thái")]
    assert job.problems[0]["message_en"] == (
        "The status “Certified” follows the product's OCOP certificate; it cannot be chosen by hand."
    )
    assert not Product.objects.filter(name_vi="Trà hoa vàng giả").exists()
