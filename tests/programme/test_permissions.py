"""Every role over every page and endpoint of the programme."""

import pytest
from django.urls import reverse

from tests.factories import WORLD_ROLES

ROLES = [*WORLD_ROLES]
DASHBOARD = {
    "commune_officer",
    "provincial_officer",
    "other_provincial_officer",
    "council_member",
    "central_officer",
    "admin",
}
SALES_PAGE = {
    "producer",
    "other_producer",
    "commune_officer",
    "provincial_officer",
    "other_provincial_officer",
    "central_officer",
    "admin",
}


@pytest.mark.parametrize("role", ROLES)
def test_pages_per_role(client, world, products, role):
    client.force_login(world["users"][role])
    expected = 200 if role in DASHBOARD else 403
    assert client.get(reverse("programme:overview")).status_code == expected
    assert client.get(reverse("programme:indicator", args=["producers"])).status_code == expected
    assert client.get(reverse("programme:export_xlsx")).status_code == (200 if role in DASHBOARD else 403)
    assert client.post(reverse("programme:export_xlsx")).status_code == (302 if role in DASHBOARD else 403)
    assert client.get(reverse("programme:sales")).status_code == (200 if role in SALES_PAGE else 403)
    # Lào Cai's dashboard: national roles and Lào Cai's officer; another province's officers get a 404.
    other = client.get(reverse("programme:overview"), {"province": 15})
    allowed = {"central_officer", "admin", "other_provincial_officer"}
    assert other.status_code == (200 if role in allowed else 404 if role in DASHBOARD else 403)


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("programme:overview"))
    assert response.status_code == 302
    assert "/login" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_api_per_role(client, world, products, role):
    from ocop.programme.models import SalesLine

    client.force_login(world["users"][role])
    overview = client.get("/api/v1/programme/overview")
    assert overview.status_code == (200 if role in DASHBOARD else 403)
    payload = {
        "product_id": products["tea"].pk,
        "year": 2024,
        "period_kind": "month",
        "period": 1,
        "channel": "export",
        "amount_vnd": 1000,
    }
    response = client.post("/api/v1/programme/sales", payload, content_type="application/json")
    allowed = role in ("producer", "provincial_officer", "admin")
    if allowed:
        assert response.status_code == 201
        assert SalesLine.objects.count() == 1
    else:
        assert response.status_code in (403, 404)
        assert SalesLine.objects.count() == 0


def test_producer_sees_only_own_sales_lines(client, world, products):
    from ocop.programme.services import sales_line_save

    admin = world["users"]["admin"]
    for key in ("tea", "squid"):
        sales_line_save(
            actor=admin, product=products[key], year=2024, period_kind="month", period=1, channel="export", amount_vnd=5
        )
    client.force_login(world["users"]["producer"])
    lines = client.get("/api/v1/programme/sales").json()["items"]
    assert [line["product_id"] for line in lines] == [products["tea"].pk]


def test_commune_officer_dashboard_is_their_commune(client, world, products):
    client.force_login(world["users"]["commune_officer"])
    response = client.get(reverse("programme:overview"))
    assert "Xã Ba Chẽ" in response.content.decode()
    assert client.get(reverse("programme:overview"), {"commune": 6688}).status_code == 404
