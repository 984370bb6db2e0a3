"""Archiving a product or a producer, and voiding stamps, go through a confirmation step (core.confirm), CSRF
checks on: GET says what will happen, a POST without the confirm field changes nothing, the confirmed POST acts;
restoring acts at once."""

import pytest
from django.urls import reverse

from ocop.core.models import AuditEvent
from ocop.products.models import Product, ProductStatus
from tests.confirm_helpers import confirm, consequences, csrf_client, post, step_of
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_archiving_a_certified_product_says_it_leaves_the_catalogue_and_keeps_the_certificate(world):
    product = ProductFactory(producer=world["qn"], name_vi="Miến dong Bình Liêu", status=ProductStatus.CERTIFIED)
    client = csrf_client(world["users"]["producer"])
    url = reverse("products:archive", args=[product.pk])
    detail = reverse("products:detail", args=[product.pk])
    page = client.get(url)
    assert page.status_code == 200
    said = consequences(page)
    assert "“Miến dong Bình Liêu” rời các danh sách và danh mục sản phẩm OCOP công khai" in said
    assert "giấy chứng nhận không bị thu hồi" in said
    # The product page's button posts archive=1 without the confirm field: nothing archived.
    step = post(client, url, {"archive": "1"}, csrf_from=detail)
    assert step.status_code == 200
    assert step_of(step) == (url, {"archive": "1", "confirm": "yes"})
    assert Product.objects.get(pk=product.pk).archived_at is None
    assert not AuditEvent.objects.filter(action="product.archive").exists()
    assert confirm(client, step).status_code == 302
    assert Product.objects.get(pk=product.pk).archived_at is not None
    # Restoring needs no step.
    assert post(client, url, {"archive": "0"}, csrf_from=detail).status_code == 302
    assert Product.objects.get(pk=product.pk).archived_at is None


def test_an_uncertified_product_step_does_not_speak_of_certificates(world):
    product = ProductFactory(producer=world["qn"], status=ProductStatus.IN_PROGRAMME)
    page = csrf_client(world["users"]["producer"]).get(reverse("products:archive", args=[product.pk]))
    assert "giấy chứng nhận không bị thu hồi" not in consequences(page)


def test_who_may_not_change_the_product_gets_no_archive_step(world):
    product = ProductFactory(producer=world["qn"])
    client = csrf_client(world["users"]["commune_officer"])
    assert client.get(reverse("products:archive", args=[product.pk])).status_code == 403


def test_archiving_a_producer_is_confirmed_first(world):
    producer = world["qn"]
    client = csrf_client(world["users"]["provincial_officer"])
    url = reverse("producers:archive", args=[producer.pk])
    detail = reverse("producers:detail", args=[producer.pk])
    step = post(client, url, {"archive": "1"}, csrf_from=detail)
    assert step.status_code == 200
    assert "Chủ thể rời các danh sách của văn phòng và trang chủ thể công khai." in consequences(step)
    producer.refresh_from_db()
    assert producer.archived_at is None
    assert confirm(client, step).status_code == 302
    producer.refresh_from_db()
    assert producer.archived_at is not None
    # A producer may not archive itself: no step either.
    assert csrf_client(world["users"]["producer"]).get(url).status_code == 403
