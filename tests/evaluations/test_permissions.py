"""Every role over the evaluation endpoints: who sees (2xx), who is refused (403), who sees nothing (404)."""

import pytest

from tests.evaluations.test_services import submitted_dossier
from tests.factories import WORLD_ROLES

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", *WORLD_ROLES]
# (method, path, expected status per role; a role not listed gets `default`)
EXPECTED = [
    (
        "get",
        "dossiers/{d}",
        {"producer": 200, "commune_officer": 200, "provincial_officer": 200, "central_officer": 200, "admin": 200},
        404,
    ),
    (
        "get",
        "dossiers/{d}/history",
        {"producer": 200, "commune_officer": 200, "provincial_officer": 200, "central_officer": 200, "admin": 200},
        404,
    ),
    (
        "get",
        "dossiers/{d}/scores",
        {"commune_officer": 200, "provincial_officer": 200, "central_officer": 200, "admin": 200, "producer": 403},
        404,
    ),
    (
        "get",
        "rounds/{r}",
        {"provincial_officer": 200, "council_member": 200, "central_officer": 200, "admin": 200},
        404,
    ),
    (
        "get",
        "rounds/{r}/progress",
        {"provincial_officer": 200, "council_member": 403, "central_officer": 200, "admin": 200},
        404,
    ),
    ("get", "assignments", {}, 200),
    ("get", "notifications/unread-count", {}, 200),
    (
        "post",
        "rounds/{r}/assign",
        # The chair does not see a dossier that is not in its round yet: 404, as for any unseen dossier.
        {"provincial_officer": 400, "central_officer": 403, "admin": 400},
        404,
    ),
    (
        "post",
        "dossiers/{d}/forward",
        {"commune_officer": 400, "admin": 400, "producer": 403, "provincial_officer": 403, "central_officer": 403},
        404,
    ),
    (
        "post",
        "dossiers/{d}/accept",
        {"commune_officer": 200, "producer": 403, "provincial_officer": 403, "central_officer": 403, "admin": 200},
        404,
    ),
]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_over_every_endpoint(client, people, tea, sheet, round_with_council, role):
    dossier = submitted_dossier(people, tea, sheet)
    if role != "anonymous":
        client.force_login(people["chair"] if role == "council_member" else people[role])
    seen = {}
    for method, path, _expected, _default in EXPECTED:
        url = "/api/v1/evaluations/" + path.format(d=dossier.pk, r=round_with_council.pk)
        payload = {"dossier_id": dossier.pk} if path.endswith("assign") else {}
        response = (
            getattr(client, method)(url, data=payload, content_type="application/json")
            if method == "post"
            else client.get(url)
        )
        seen[(method, path)] = response.status_code
    wanted = {(m, p): (401 if role == "anonymous" else e.get(role, d)) for m, p, e, d in EXPECTED}
    assert seen == wanted
