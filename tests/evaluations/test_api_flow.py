"""The whole flow through the API: dossier → commune → round, council → scoring → close → decision ★4."""

import datetime
import json

import pytest
from django.core import mail
from django.utils import timezone

from ocop.certificates.codes import make_code
from ocop.certificates.models import Certificate
from ocop.core.models import AuditEvent
from ocop.evaluations.models import Decision, Dossier, DossierVersion, Notification
from ocop.products.models import CertificationDocument
from tests.evaluations.conftest import LOCAL_ANSWERS, as_payload, pdf, star4_answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_on_commit(django_capture_on_commit_callbacks, monkeypatch):
    """Run after-commit work (notifications) as a real commit would: every request is its own commit."""
    from django.test.client import Client

    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


def api(client, user, method, url, payload=None, **kwargs):
    client.force_login(user)
    call = getattr(client, method)
    if payload is not None and not isinstance(payload, str):
        payload = json.dumps(payload)
    if payload is not None:
        return call(f"/api/v1/evaluations/{url}", data=payload, content_type="application/json", **kwargs)
    return call(f"/api/v1/evaluations/{url}", **kwargs)


def test_whole_flow_ends_in_a_decided_four_star_product_with_its_history(
    client, people, tea, sheet, round_with_council
):
    producer, commune, officer = people["producer"], people["commune_officer"], people["provincial_officer"]
    producer.email = "chuthe@example.test"
    producer.save()
    CertificationDocument.objects.create(producer=tea.producer, product=tea, kind="haccp", number="HACCP-01")

    # 1. The producer opens a dossier, prefilled from the registry, and self-assesses.
    created = api(client, producer, "post", "dossiers", {"product_id": tea.pk, "kind": "first"})
    assert created.status_code == 201, created.content
    dossier_id = created.json()["id"]
    assert created.json()["registration"]["producer_name"] == "Hợp tác xã Trà hoa vàng Thử nghiệm"
    assert created.json()["product_set"] == "12"
    answers = star4_answers(sheet)
    saved = api(client, producer, "put", f"dossiers/{dossier_id}/self-assessment", as_payload(answers))
    assert saved.status_code == 200, saved.content
    assert saved.json()["self_total"] == "81.00"
    assert saved.json()["self_stars"] == 4
    missing = {r["key"] for r in saved.json()["requirements"] if r["missing"]}
    assert missing == {"trademark", "quality_declaration", "test_report", "contract", "environment"}
    satisfied = {r["key"]: r["satisfied_by"] for r in saved.json()["requirements"] if not r["missing"]}
    assert list(satisfied) == ["advanced_qms"]

    refused = api(client, producer, "post", f"dossiers/{dossier_id}/submit")
    assert refused.status_code == 400
    assert "thiếu minh chứng" in refused.json()["detail"]
    assert Dossier.objects.get(pk=dossier_id).status == "draft"
    for kind in ("trademark", "quality_declaration", "test_report", "contract"):
        client.force_login(producer)
        uploaded = client.post(
            f"/api/v1/evaluations/dossiers/{dossier_id}/evidence", {"kind": kind, "file": pdf(f"{kind}.pdf")}
        )
        assert uploaded.status_code == 201, uploaded.content
    submitted = api(client, producer, "post", f"dossiers/{dossier_id}/submit")
    assert submitted.status_code == 400
    assert "Hồ sơ, thủ tục về môi trường" in submitted.json()["detail"]
    client.post(f"/api/v1/evaluations/dossiers/{dossier_id}/evidence", {"kind": "environment", "file": pdf()})
    submitted = api(client, producer, "post", f"dossiers/{dossier_id}/submit")
    assert submitted.json()["status"] == "submitted"

    # 2. The commune returns it with a reason; the producer resubmits; both versions are kept.
    returned = api(client, commune, "post", f"dossiers/{dossier_id}/return", {"reason": "Thiếu ảnh nhãn sản phẩm"})
    assert returned.json()["status"] == "returned"
    assert returned.json()["versions"][0]["return_reason"] == "Thiếu ảnh nhãn sản phẩm"
    client.force_login(producer)
    client.post(f"/api/v1/evaluations/dossiers/{dossier_id}/evidence", {"kind": "label", "file": pdf("nhan.pdf")})
    resubmitted = api(client, producer, "post", f"dossiers/{dossier_id}/submit")
    assert [v["number"] for v in resubmitted.json()["versions"]] == [1, 2]
    kinds = [[e["kind"] for e in v.snapshot["evidence"]] for v in DossierVersion.objects.filter(dossier_id=dossier_id)]
    assert ["label" in k for k in kinds] == [False, True]

    accepted = api(client, commune, "post", f"dossiers/{dossier_id}/accept")
    assert accepted.json()["status"] == "accepted"
    early = api(client, commune, "post", f"dossiers/{dossier_id}/forward")
    assert early.status_code == 400
    assert "4 tiêu chí địa phương" in early.json()["detail"]
    pre = api(
        client,
        commune,
        "put",
        f"dossiers/{dossier_id}/commune-assessment",
        as_payload(LOCAL_ANSWERS, comment="Đúng thực tế"),
    )
    assert pre.json()["commune"]["total"] == "17.00"
    forwarded = api(client, commune, "post", f"dossiers/{dossier_id}/forward")
    assert forwarded.json()["status"] == "forwarded"

    # 3. The province assigns it to the round's council.
    round_id = round_with_council.pk
    assigned = api(client, officer, "post", f"rounds/{round_id}/assign", {"dossier_id": dossier_id})
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["status"] == "assigned"

    # 4. Members score independently: no one sees the others before submitting.
    chair, member2, member3 = people["chair"], people["member2"], people["member3"]
    mine = api(client, chair, "get", "assignments").json()["items"]
    assert [(a["dossier_id"], a["sheet_status"]) for a in mine] == [(dossier_id, None)]
    api(
        client,
        chair,
        "put",
        f"dossiers/{dossier_id}/score",
        as_payload(star4_answers(sheet), submit=True, comment="Sản phẩm tốt"),
    )
    draft = api(
        client, member2, "put", f"dossiers/{dossier_id}/score", as_payload(star4_answers(sheet, **{"4.2": "4.2-3"}))
    )
    assert draft.json()["status"] == "draft"
    assert draft.json()["total"] == "80.00"
    blind = api(client, member2, "get", f"dossiers/{dossier_id}/scores").json()
    assert blind["visible"] is False
    assert blind["others"] == []
    closing_early = api(client, chair, "post", f"dossiers/{dossier_id}/close", {})
    assert closing_early.status_code == 400
    assert "còn 2 thành viên chưa nộp phiếu" in closing_early.json()["detail"]
    api(
        client,
        member2,
        "put",
        f"dossiers/{dossier_id}/score",
        as_payload(star4_answers(sheet, **{"4.2": "4.2-3"}), submit=True),
    )
    seen = api(client, member2, "get", f"dossiers/{dossier_id}/scores").json()
    assert seen["visible"] is True
    assert [s["total"] for s in seen["others"]] == ["81.00"]
    api(
        client,
        member3,
        "put",
        f"dossiers/{dossier_id}/score",
        as_payload(star4_answers(sheet, **{"5.1": "5.1-6"}), submit=True),
    )
    revised = api(
        client,
        member3,
        "put",
        f"dossiers/{dossier_id}/score",
        json.dumps(
            {
                "answers": [
                    {"criterion": c, "option": o, "comment": "Câu chuyện đặc sắc" if c == "5.1" else ""}
                    for c, o in star4_answers(sheet, **{"5.1": "5.1-6"}).items()
                ],
                "submit": True,
            }
        ),
    )
    assert revised.json()["status"] == "submitted"
    assert revised.json()["total"] == "83.00"
    progress = api(client, officer, "get", f"rounds/{round_id}/progress").json()
    assert progress["ready_to_close"] == [dossier_id]
    assert progress["pending_members"] == []

    # 5. The chair closes: the mean of 81, 80, 83 → 81.33, ★4. The secretary records the decision.
    assert api(client, member2, "post", f"dossiers/{dossier_id}/close", {}).status_code == 403
    closed = api(client, chair, "post", f"dossiers/{dossier_id}/close", {})
    assert closed.status_code == 200, closed.content
    result = closed.json()
    assert (result["total"], result["stars"], result["median"], result["outliers"]) == ("81.33", 4, "81.00", [])
    late = api(client, member3, "put", f"dossiers/{dossier_id}/score", as_payload(star4_answers(sheet), submit=True))
    assert late.status_code == 400
    assert "Hội đồng đã chốt điểm" in late.json()["detail"]
    today = timezone.localdate()
    decided = api(
        client,
        people["secretary"],
        "post",
        f"dossiers/{dossier_id}/decision",
        {
            "number": "125/QĐ-UBND",
            "decided_on": today.isoformat(),
            "signer_name": "Nguyễn Văn A",
            "signer_title": "Phó Chủ tịch UBND tỉnh",
        },
    )
    assert decided.status_code == 201, decided.content
    decision = decided.json()
    assert (decision["stars"], decision["total"], decision["authority"], decision["recognised"]) == (
        4,
        "81.33",
        "province",
        True,
    )
    assert (decision["criteria_version"], decision["product_set"], decision["number"]) == ("QD148", "12", "125/QĐ-UBND")

    # 6. The producer sees the result per criterion, the comments and the advice; was notified each time.
    seen = api(client, producer, "get", f"dossiers/{dossier_id}/result").json()
    story = next(c for c in seen["criteria"] if c["code"] == "5.1")
    assert (story["agreed_points"], story["mean_points"], story["comments"]) == (
        "3.00",
        "3.67",
        [[member3.display_name, "Câu chuyện đặc sắc"]],
    )
    assert seen["comments"] == [[chair.display_name, "Sản phẩm tốt"]]
    assert seen["advice"][0].startswith("Để đạt 5 sao")
    history = [e["action"] for e in api(client, producer, "get", f"dossiers/{dossier_id}/history").json()["items"]]
    assert history == [
        "dossier.create",
        "dossier.self_assessment",
        "dossier.evidence_add",
        "dossier.evidence_add",
        "dossier.evidence_add",
        "dossier.evidence_add",
        "dossier.evidence_add",
        "dossier.submit",
        "dossier.return",
        "dossier.evidence_add",
        "dossier.submit",
        "dossier.accept",
        "dossier.commune_assessment",
        "dossier.forward",
        "dossier.assign",
        "dossier.scored",
        "dossier.close",
        "dossier.decide",
    ]
    notices = list(Notification.objects.filter(user=producer).order_by("id").values_list("message_vi", flat=True))
    assert len(notices) == 8
    assert notices[-1] == "Đã có quyết định cho sản phẩm “Trà hoa vàng thử nghiệm”: 4 sao (81,33 điểm)."
    assert api(client, producer, "get", "notifications/unread-count").json() == {"unread": 8}
    assert mail.outbox[-1].to == ["chuthe@example.test"]
    assert Decision.objects.get(dossier_id=dossier_id).signer_title == "Phó Chủ tịch UBND tỉnh"

    # 7. The decision issued the certificate: ★4, 36 months, linked to the decision, verifiable.
    certificate = Certificate.objects.get(evaluation_decision_id=decision["id"])
    assert (certificate.stars, certificate.status, certificate.decision_number) == (4, "valid", "125/QĐ-UBND")
    assert certificate.authority_name == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert certificate.valid_from == today
    assert client.get(f"/api/v1/certificates/verify/{make_code(certificate.pk)}").json()["stars"] == 4
    assert AuditEvent.objects.filter(action="score.revise").count() == 1
    assert datetime.date.today()
