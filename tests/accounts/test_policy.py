"""Role scoping: one parametrised walk of every role over the producer pages and API endpoints.

Given the `world` fixture (producers in Ba Chẽ and Hạ Long, Quảng Ninh, and one in Lào Cai),
each role must see exactly its scope, change only what its role allows, and get 404 (not a hint
that the row exists) outside its scope. A refused change leaves the row as it was.
"""

import json

import pytest
from django.db import IntegrityError
from django.urls import reverse

from ocop.accounts.models import Role, User
from ocop.accounts.policy import may_change, may_view, visible
from ocop.core.models import AuditEvent
from ocop.producers.models import Producer

pytestmark = pytest.mark.django_db

# role → (names of producers it may see, names it may change)
EXPECTED = {
    "producer": ({"qn"}, {"qn"}),
    "other_producer": ({"qn_other"}, {"qn_other"}),
    "commune_officer": ({"qn"}, set()),
    "provincial_officer": ({"qn", "qn_other"}, {"qn", "qn_other"}),
    "other_provincial_officer": ({"lc"}, {"lc"}),
    "council_member": ({"qn", "qn_other"}, set()),
    "central_officer": ({"qn", "qn_other", "lc"}, set()),
    "buyer": (set(), set()),
    "admin": ({"qn", "qn_other", "lc"}, {"qn", "qn_other", "lc"}),
}
PRODUCERS = ("qn", "qn_other", "lc")


@pytest.mark.parametrize("role", EXPECTED)
def test_policy_helper_answers_per_role(world, role):
    user = world["users"][role]
    may_see, may_edit = EXPECTED[role]
    assert {key for key in PRODUCERS if may_view(user, world[key])} == may_see
    assert {key for key in PRODUCERS if may_change(user, world[key])} == may_edit
    assert set(visible(user, Producer.objects.all())) == {world[key] for key in may_see}


@pytest.mark.parametrize("role", EXPECTED)
def test_pages_follow_the_policy(world, client, role):
    client.force_login(world["users"][role])
    may_see, may_edit = EXPECTED[role]
    listed = client.get(reverse("producers:list")).content.decode()
    for key in PRODUCERS:
        assert (world[key].legal_name in listed) == (key in may_see)
        detail = client.get(reverse("producers:detail", args=[world[key].pk]))
        assert detail.status_code == (200 if key in may_see else 404)
        edit = client.get(reverse("producers:edit", args=[world[key].pk]))
        expected_edit = 200 if key in may_edit else (403 if key in may_see else 404)
        assert edit.status_code == expected_edit


@pytest.mark.parametrize("role", EXPECTED)
def test_refused_page_edit_changes_nothing(world, client, role):
    client.force_login(world["users"][role])
    _, may_edit = EXPECTED[role]
    for key in PRODUCERS:
        if key in may_edit:
            continue
        producer = world[key]
        before = Producer.objects.values().get(pk=producer.pk)
        events = AuditEvent.objects.count()
        response = client.post(
            reverse("producers:edit", args=[producer.pk]),
            {"legal_name": "Bị sửa trái phép", "producer_type": "cooperative", "commune": producer.commune_id},
        )
        assert response.status_code in (403, 404)
        assert Producer.objects.values().get(pk=producer.pk) == before
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", EXPECTED)
def test_api_follows_the_policy(world, client, role):
    client.force_login(world["users"][role])
    may_see, may_edit = EXPECTED[role]
    listed = client.get("/api/v1/producers/").json()
    assert {item["id"] for item in listed["items"]} == {world[key].pk for key in may_see}
    for key in PRODUCERS:
        producer = world[key]
        assert client.get(f"/api/v1/producers/{producer.pk}").status_code == (200 if key in may_see else 404)
        before = Producer.objects.values().get(pk=producer.pk)
        response = client.patch(
            f"/api/v1/producers/{producer.pk}",
            data=json.dumps({"short_name": "Đổi qua API"}),
            content_type="application/json",
        )
        if key in may_edit:
            assert response.status_code == 200
            assert response.json()["short_name"] == "Đổi qua API"
        else:
            assert response.status_code == (403 if key in may_see else 404)
            assert Producer.objects.values().get(pk=producer.pk) == before


def test_anonymous_is_sent_to_login_and_api_says_401(world, client):
    response = client.get(reverse("producers:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get("/api/v1/producers/").status_code == 401


def test_database_refuses_a_role_without_its_scope(db):
    with pytest.raises(IntegrityError):
        User.objects.create(username="no-scope", role=Role.COMMUNE_OFFICER)


def test_database_refuses_a_producer_user_without_producer(db):
    with pytest.raises(IntegrityError):
        User.objects.create(username="no-org", role=Role.PRODUCER)
