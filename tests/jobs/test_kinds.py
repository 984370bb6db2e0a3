"""Every file kind moved to a job: the right role gets a finished job and its file, the wrong role is
refused when asking (no job, no outbox entry), and someone else's job is a 404."""

import io

import openpyxl
import pytest
from django.urls import reverse

from ocop.core.models import OutboxEntry
from ocop.jobs.models import Job
from tests.jobs_helpers import export_through_job, job_of

KINDS = {
    # kind: (address, query, role that may, role that may not)
    "certificates.register_xlsx": (lambda world, fair: "/certificates/export.xlsx", {}, "producer", None),
    "imports.registry_xlsx": (
        lambda world, fair: "/imports/export.xlsx",
        {"kind": "producers"},
        "provincial_officer",
        "producer",
    ),
    "promotion.event_report_xlsx": (
        lambda world, fair: f"/promotion/events/{fair['event'].pk}/report.xlsx",
        {},
        "provincial_officer",
        "producer",
    ),
    "promotion.event_report_pdf": (
        lambda world, fair: f"/promotion/events/{fair['event'].pk}/report.pdf",
        {},
        "provincial_officer",
        "producer",
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_right_role_gets_the_file_and_nobody_else_sees_it(
    client, world, fair, kind, django_capture_on_commit_callbacks
):
    address, query, allowed, _denied = KINDS[kind]
    client.force_login(world["users"][allowed])
    response = export_through_job(client, django_capture_on_commit_callbacks, address(world, fair), query)
    job = Job.objects.get()
    assert job.kind == kind
    if job.filename.endswith(".xlsx"):
        assert openpyxl.load_workbook(io.BytesIO(response.body)).sheetnames
    else:
        assert response.body.startswith(b"%PDF")
    client.force_login(world["users"]["other_provincial_officer"])
    for page in ("jobs:detail", "jobs:progress", "jobs:download"):
        assert client.get(reverse(page, args=[job.pk])).status_code == 404


@pytest.mark.parametrize("kind", [kind for kind, spec in KINDS.items() if spec[3]])
def test_the_wrong_role_is_refused_when_asking(client, world, fair, kind):
    address, query, _allowed, denied = KINDS[kind]
    client.force_login(world["users"][denied])
    url = address(world, fair)
    response = client.post(f"{url}?kind={query['kind']}" if query else url)
    assert response.status_code == 403
    assert Job.objects.count() == 0
    assert OutboxEntry.objects.count() == 0


def test_a_get_on_the_register_export_starts_nothing(client, world):
    client.force_login(world["users"]["producer"])
    response = client.get("/certificates/export.xlsx", {"status": "valid"})
    assert response.status_code == 200
    assert '<form method="post" action="/certificates/export.xlsx?status=valid"' in response.content.decode()
    assert Job.objects.count() == 0
    job = job_of(client.post("/certificates/export.xlsx?status=valid"))
    assert job.params == {"status": "valid"}
