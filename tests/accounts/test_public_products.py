"""One "publicly visible product" rule (products.selectors.public_products) for every public door.

Given a product of the Ba Chẽ producer with a GTIN, in each state the public must not see (a bare
idea, withdrawn, archived, its producer archived): the catalogue page, the GS1 Digital Link
`/01/<gtin>`, the inquiry form and `POST /api/v1/trade/inquiries` all answer 404, show nothing of it
and record nothing. The same product in the programme answers 200 / 201 at every door.
"""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.core.errors import DomainError
from ocop.core.models import AuditEvent
from ocop.products.models import ProductStatus
from ocop.products.selectors import public_products
from ocop.trade.models import Inquiry
from ocop.trade.services import inquiry_submit
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

GTIN = "8936000000011"
NAME = "Trà hoa vàng chưa công bố"
INQUIRY = {
    "company": "Import Co.",
    "country": "Japan",
    "email": "mua@import.example",
    "quantity": "500 hộp",
    "message": "Xin báo giá.",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def hidden(state: str, product):
    if state == "idea":
        product.status = ProductStatus.IDEA
    elif state == "withdrawn":
        product.status = ProductStatus.WITHDRAWN
    elif state == "archived":
        product.archived_at = timezone.now()
    elif state == "producer_archived":
        product.producer.archived_at = timezone.now()
        product.producer.save()
    product.save()
    return product


@pytest.fixture
def product(world):
    return ProductFactory(producer=world["qn"], name_vi=NAME, gtin=GTIN, status=ProductStatus.IN_PROGRAMME)


def csrf_client(user=None) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.get(reverse("accounts:login"))
    return client, client.cookies["csrftoken"].value


def post_api_inquiry(user, product_id: int):
    client, token = csrf_client(user)
    return client.post(
        "/api/v1/trade/inquiries",
        data=json.dumps({"product_id": product_id, **INQUIRY}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )


def post_form_inquiry(product_id: int):
    client, token = csrf_client()
    return client.post(
        reverse("trade:inquiry_new", args=[product_id]), {**INQUIRY, "csrfmiddlewaretoken": token}, follow=False
    )


HIDDEN_STATES = ["idea", "withdrawn", "archived", "producer_archived"]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_unpublished_product_is_404_at_every_public_door(client, world, product, state):
    hidden(state, product)
    inquiries, events = Inquiry.objects.count(), AuditEvent.objects.count()

    assert product not in public_products()
    for url in (
        f"/01/{GTIN}",
        reverse("catalog:product_by_id", args=[product.pk]),
        reverse("trade:inquiry_new", args=[product.pk]),
        f"/api/v1/catalog/products/{product.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert NAME not in response.content.decode(), url

    form = post_form_inquiry(product.pk)
    assert form.status_code == 404
    api = post_api_inquiry(world["users"]["buyer"], product.pk)
    assert api.status_code == 404
    assert NAME not in api.content.decode()
    assert (Inquiry.objects.count(), AuditEvent.objects.count()) == (inquiries, events)


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_service_refuses_an_inquiry_for_an_unpublished_product(product, state):
    hidden(state, product)
    with pytest.raises(DomainError):
        inquiry_submit(product=product, **INQUIRY)
    assert not Inquiry.objects.exists()


def test_product_in_the_programme_is_open_at_every_door(client, world, product):
    landing = client.get(f"/01/{GTIN}")
    assert landing.status_code == 200
    assert NAME in landing.content.decode()
    assert client.get(reverse("trade:inquiry_new", args=[product.pk])).status_code == 200
    assert post_form_inquiry(product.pk).status_code == 302
    api = post_api_inquiry(world["users"]["buyer"], product.pk)
    assert api.status_code == 201
    assert (api.json()["product_id"], api.json()["product_name"]) == (product.pk, NAME)
    assert Inquiry.objects.filter(product=product).count() == 2
