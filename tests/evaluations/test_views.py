"""Pages: each role sees its page, the sheet reuses the criteria rendering, refusals are explained."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.core.models import AuditEvent
from ocop.evaluations import services
from ocop.evaluations.models import Dossier, Notification
from tests.evaluations.conftest import LOCAL_ANSWERS, pdf, star4_answers
from tests.evaluations.test_services import forwarded_dossier, submitted_dossier

pytestmark = pytest.mark.django_db


def test_producer_opens_a_dossier_fills_the_sheet_and_sees_what_is_missing(client, people, tea, sheet):
    client.force_login(people["producer"])
    page = client.get(reverse("evaluations:index"))
    assert page.status_code == 200
    assert "Trà hoa vàng thử nghiệm" in page.content.decode()
    response = client.post(reverse("evaluations:dossier_create"), {"product": tea.pk, "kind": "first"})
    dossier = Dossier.objects.get(product=tea)
    assert response["Location"] == reverse("evaluations:dossier", args=[dossier.pk])
    form = {f"c-{code}": option for code, option in star4_answers(sheet).items()}
    partial = client.post(reverse("evaluations:sheet_result", args=[dossier.pk]), form)
    assert '<strong id="total">81</strong>' in partial.content.decode()
    client.post(reverse("evaluations:self_assessment", args=[dossier.pk]), form)
    assert Dossier.objects.get(pk=dossier.pk).self_total == 81
    detail = client.get(reverse("evaluations:dossier", args=[dossier.pk])).content.decode()
    assert 'id="missing-evidence"' in detail
    assert "Giấy chứng nhận đăng ký nhãn hiệu" in detail
    refused = client.post(
        reverse("evaluations:dossier_action", args=[dossier.pk, "submit"]), {"confirm": "yes"}, follow=True
    )
    assert "Hồ sơ còn thiếu minh chứng" in refused.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == "draft"
    sheet_page = client.get(reverse("evaluations:self_assessment", args=[dossier.pk])).content.decode()
    assert 'value="1.3-2" checked' in sheet_page
    assert "Phiếu tự đánh giá" in sheet_page


def test_a_text_file_named_pdf_is_refused(client, people, tea):
    dossier = services.dossier_create(actor=people["producer"], product=tea)
    client.force_login(people["producer"])
    fake = pdf("gia.pdf")
    fake.file.write(b"")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("gia.pdf", b"just text, not a pdf", content_type="application/pdf")
    page = client.post(
        reverse("evaluations:evidence_upload", args=[dossier.pk]), {"kind": "trademark", "file": upload}, follow=True
    )
    assert "không phải PDF, JPEG hoặc PNG" in page.content.decode()
    assert dossier.evidence.count() == 0


def test_commune_queue_and_pre_evaluation_page(client, people, tea, sheet):
    dossier = submitted_dossier(people, tea, sheet)
    client.force_login(people["commune_officer"])
    assert "commune-queue" in client.get(reverse("evaluations:index")).content.decode()
    client.post(reverse("evaluations:dossier_action", args=[dossier.pk, "accept"]))
    form = {f"c-{code}": option for code, option in LOCAL_ANSWERS.items()}
    client.post(reverse("evaluations:commune", args=[dossier.pk]), {**form, "comment": "Đúng"})
    page = client.post(
        reverse("evaluations:dossier_action", args=[dossier.pk, "forward"]), {"confirm": "yes"}, follow=True
    )
    assert Dossier.objects.get(pk=dossier.pk).status == "forwarded"
    assert 'id="commune-total">17' in page.content.decode()


def test_round_page_shows_progress_at_a_glance(client, people, tea, sheet, round_with_council):
    dossier = forwarded_dossier(people, tea, sheet)
    client.force_login(people["provincial_officer"])
    client.post(reverse("evaluations:round_action", args=[round_with_council.pk, "assign"]), {"dossier": dossier.pk})
    services.score_save(actor=people["chair"], dossier=dossier, answers=star4_answers(sheet), submit=True)
    page = client.get(reverse("evaluations:round", args=[round_with_council.pk])).content.decode()
    assert "Hội đồng đang chấm" in page
    assert people["member2"].display_name in page.split('id="pending-members"')[1].split("</ul>")[0]
    assert "không có" in page.split('id="ready-to-close"')[1].split("</ul>")[0]


def test_member_score_page_is_blind_until_own_submission_then_chair_closes(
    client, people, tea, sheet, round_with_council
):
    dossier = forwarded_dossier(people, tea, sheet)
    services.dossier_assign(actor=people["provincial_officer"], round_=round_with_council, dossier=dossier)
    services.score_save(actor=people["chair"], dossier=dossier, answers=star4_answers(sheet), submit=True)
    client.force_login(people["member2"])
    assert (
        "Điểm của các thành viên khác"
        not in client.get(reverse("evaluations:score", args=[dossier.pk])).content.decode()
    )
    form = {f"c-{code}": option for code, option in star4_answers(sheet).items()}
    client.post(reverse("evaluations:score", args=[dossier.pk]), {**form, "submit": "1", "note-5.1": "Tốt"})
    assert (
        "Điểm của các thành viên khác" in client.get(reverse("evaluations:score", args=[dossier.pk])).content.decode()
    )
    services.score_save(actor=people["member3"], dossier=dossier, answers=star4_answers(sheet), submit=True)
    client.force_login(people["chair"])
    client.post(reverse("evaluations:close", args=[dossier.pk]), {"outlier_reason": "", "confirm": "yes"})
    assert Dossier.objects.get(pk=dossier.pk).status == "closed"
    client.force_login(people["secretary"])
    client.post(
        reverse("evaluations:decision", args=[dossier.pk]),
        {
            "number": "9/QĐ-UBND",
            "decided_on": timezone.localdate().isoformat(),
            "signer_name": "B",
            "signer_title": "",
            "confirm": "yes",
        },
    )
    assert Dossier.objects.get(pk=dossier.pk).status == "decided"
    client.force_login(people["producer"])
    page = client.get(reverse("evaluations:dossier", args=[dossier.pk])).content.decode()
    assert "★★★★☆" in page
    assert "9/QĐ-UBND" in page
    assert 'id="advice"' in page


def test_notifications_page_and_mark_read(client, people, tea, sheet):
    Notification.objects.create(user=people["producer"], key="x", message_vi="Xin chào", message_en="Hello", link="/")
    client.force_login(people["producer"])
    assert client.get(reverse("evaluations:unread_badge")).content == b"1"
    assert "Xin chào" in client.get(reverse("evaluations:notifications")).content.decode()
    client.post(reverse("evaluations:notifications"))
    assert client.get(reverse("evaluations:unread_badge")).content == b""


def test_producer_edits_the_registration_form_of_a_draft_and_it_is_audited(client, people, tea):
    dossier = services.dossier_create(actor=people["producer"], product=tea)
    client.force_login(people["producer"])
    page = client.get(reverse("evaluations:registration_edit", args=[dossier.pk]))
    assert page.status_code == 200
    assert "Trà hoa vàng thử nghiệm" in page.content.decode()  # prefilled
    form = {key: dossier.registration.get(key, "") for key in services.REGISTRATION_FIELDS}
    form["phone"] = "0203 3888 999"
    response = client.post(reverse("evaluations:registration_edit", args=[dossier.pk]), form)
    assert response["Location"] == reverse("evaluations:dossier", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.registration["phone"] == "0203 3888 999"
    event = AuditEvent.objects.get(action="dossier.registration", target_id=str(dossier.pk))
    assert event.after == {"phone": "0203 3888 999"}


@pytest.mark.parametrize("who", ["other_producer", "commune_officer", "council_member", "provincial_officer"])
def test_only_the_producer_edits_the_registration_form(client, people, tea, who):
    dossier = services.dossier_create(actor=people["producer"], product=tea)
    before = dict(dossier.registration)
    client.force_login(people[who])
    response = client.post(reverse("evaluations:registration_edit", args=[dossier.pk]), {"phone": "0999"})
    assert response.status_code in (403, 404)
    dossier.refresh_from_db()
    assert dossier.registration == before


def test_several_evidence_files_are_uploaded_at_once_with_their_names_shown(client, people, tea):
    """Given a draft dossier, when the producer sends two PDFs in one upload, then both are evidence."""
    dossier = services.dossier_create(actor=people["producer"], product=tea)
    client.force_login(people["producer"])
    page = client.post(
        reverse("evaluations:evidence_upload", args=[dossier.pk]),
        {"kind": "trademark", "file": [pdf("nhan-hieu.pdf"), pdf("van-bang.pdf")]},
        follow=True,
    ).content.decode()
    assert sorted(dossier.evidence.values_list("original_name", flat=True)) == ["nhan-hieu.pdf", "van-bang.pdf"]
    assert "Đã tải lên “nhan-hieu.pdf”, “van-bang.pdf”." in page
    assert 'name="file" multiple' in page


def test_one_refused_file_among_several_adds_none_and_names_the_file(client, people, tea):
    from django.core.files.uploadedfile import SimpleUploadedFile

    dossier = services.dossier_create(actor=people["producer"], product=tea)
    client.force_login(people["producer"])
    fake = SimpleUploadedFile("gia.pdf", b"just text, not a pdf", content_type="application/pdf")
    page = client.post(
        reverse("evaluations:evidence_upload", args=[dossier.pk]),
        {"kind": "trademark", "file": [pdf("that.pdf"), fake]},
        follow=True,
    ).content.decode()
    assert "Tệp “gia.pdf” không phải PDF, JPEG hoặc PNG" in page
    assert dossier.evidence.count() == 0


def test_more_than_ten_files_at_once_are_refused_with_the_limit(client, people, tea):
    dossier = services.dossier_create(actor=people["producer"], product=tea)
    client.force_login(people["producer"])
    page = client.post(
        reverse("evaluations:evidence_upload", args=[dossier.pk]),
        {"kind": "trademark", "file": [pdf(f"tep-{n}.pdf") for n in range(11)]},
        follow=True,
    ).content.decode()
    assert "Tối đa 10 tệp một lần." in page
    assert dossier.evidence.count() == 0
