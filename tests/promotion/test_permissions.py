"""Every role over every kind of endpoint: organisers write, producers their own booths, officers read."""

import pytest
from django.test import Client

from ocop.promotion.models import Booth, BoothSale, DailyVisits
from tests.factories import WORLD_ROLES

ROLES = ["anonymous", *WORLD_ROLES]
OFFICERS = {
    "commune_officer",
    "provincial_officer",
    "other_provincial_officer",
    "council_member",
    "central_officer",
    "admin",
}
ORGANISERS = {"provincial_officer", "admin"}


def _expect(role, allowed: set[str], *, ok: int = 200, denied: int = 403, anonymous: int = 401, hidden=()):
    if role == "anonymous":
        return anonymous
    if role in hidden:
        return 404
    return ok if role in allowed else denied


CASES = [
    ("GET", "/api/v1/promotion/events/upcoming", None, lambda r: 200),
    ("GET", "/promotion/events/", None, lambda r: 200),
    ("GET", "/promotion/events/{event}/", None, lambda r: 200),
    ("GET", "/api/v1/promotion/events/{event}/report", None, lambda r: _expect(r, OFFICERS)),
    ("GET", "/promotion/events/{event}/report/", None, lambda r: _expect(r, OFFICERS, anonymous=302)),
    ("GET", "/promotion/events/{event}/report.xlsx", None, lambda r: _expect(r, OFFICERS, anonymous=302)),
    ("POST", "/promotion/events/{event}/report.xlsx", {}, lambda r: _expect(r, OFFICERS, ok=302, anonymous=302)),
    ("POST", "/promotion/events/{event}/report.pdf", {}, lambda r: _expect(r, OFFICERS, ok=302, anonymous=302)),
    ("GET", "/api/v1/promotion/events/{event}/visits", None, lambda r: _expect(r, OFFICERS)),
    ("PUT", "/api/v1/promotion/events/{event}/visits/2025-03-01", {"visits": 1200}, lambda r: _expect(r, ORGANISERS)),
    (
        "PUT",
        "/api/v1/promotion/events/{event}/booths/{own}/sales/2025-03-01",
        {"amount_vnd": 2_500_000},
        lambda r: _expect(r, ORGANISERS | {"producer"}, hidden={"other_producer", "buyer"}),
    ),
    (
        "GET",
        "/promotion/booths/{own}/",
        None,
        lambda r: _expect(r, OFFICERS | {"producer"}, anonymous=302, hidden={"other_producer", "buyer"}),
    ),
    (
        "POST",
        "/api/v1/promotion/events/{event}/booths",
        {"number": "Z99", "exhibitor_name": "Đơn vị Z", "exhibitor_province_code": 1},
        lambda r: _expect(r, ORGANISERS, ok=201),
    ),
    ("GET", "/promotion/events/{event}/visits/", None, lambda r: _expect(r, ORGANISERS, anonymous=302)),
    ("GET", "/promotion/my-booths/", None, lambda r: _expect(r, {"producer", "other_producer"}, anonymous=302)),
]


@pytest.mark.parametrize(("method", "path", "payload", "expected"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_every_role_over_endpoint(world, fair, method, path, payload, expected):
    """Each role in turn (one shared fixture per endpoint keeps the suite fast); a refusal changes nothing."""
    url = path.format(event=fair["event"].pk, own=fair["own"].pk)
    wrong = []
    for index, role in enumerate(ROLES):
        client = Client()
        if role != "anonymous":
            client.force_login(world["users"][role])
        before = (BoothSale.objects.count(), DailyVisits.objects.count(), Booth.objects.count())
        if method == "GET":
            response = client.get(url)
        else:
            data = dict(payload, number=f"Z{index}") if "number" in payload else payload
            response = getattr(client, method.lower())(url, data=data, content_type="application/json")
        if response.status_code != expected(role):
            wrong.append((role, response.status_code, expected(role), response.content[:200]))
        if response.status_code >= 300 and method != "GET":
            assert (BoothSale.objects.count(), DailyVisits.objects.count(), Booth.objects.count()) == before, role
    assert wrong == []


def test_producer_sees_only_own_booths_in_lists(world, fair):
    client = Client()
    client.force_login(world["users"]["producer"])
    booths = client.get(f"/api/v1/promotion/events/{fair['event'].pk}/booths").json()["items"]
    assert [b["number"] for b in booths] == ["A01"]
    page = client.get(f"/promotion/events/{fair['event'].pk}/").content.decode()
    assert "Hợp tác xã Trà hoa vàng Thử nghiệm" in page
    assert "Công ty Chả mực Thử nghiệm" not in page


def test_draft_event_is_seen_by_its_organisers_only(world, fair):
    event = fair["event"]
    event.status = "draft"
    event.save(update_fields=["status"])
    for role, status in [
        ("provincial_officer", 200),
        ("other_provincial_officer", 404),
        ("central_officer", 404),
        ("producer", 404),
    ]:
        client = Client()
        client.force_login(world["users"][role])
        assert client.get(f"/api/v1/promotion/events/{event.pk}").status_code == status, role
    assert Client().get(f"/promotion/events/{event.pk}/").status_code == 404
