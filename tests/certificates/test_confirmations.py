"""Revoking a certificate on its page goes through a confirmation step (core.confirm), CSRF checks on: GET says
what will happen, a POST without the confirm field changes nothing, a refusal keeps what was typed beside its
field, the confirmed POST revokes."""

import pytest
from django.urls import reverse

from ocop.certificates.models import Certificate, CertificateStatus, RevocationGround
from ocop.core.models import AuditEvent
from tests.certificates.conftest import issue
from tests.confirm_helpers import confirm, consequences, csrf_client, post, step_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(world, version, product):
    return issue(world["users"]["provincial_officer"], product=product, version=version, stars=4)


def revocations() -> int:
    return AuditEvent.objects.filter(action="certificate.revoke").count()


def test_the_revocation_step_says_the_number_shows_revoked_everywhere_and_revokes_only_when_confirmed(
    world, certificate
):
    client = csrf_client(world["users"]["provincial_officer"])
    url = reverse("certificates:revoke", args=[certificate.pk])
    detail = reverse("certificates:detail", args=[certificate.pk])
    page = client.get(url)
    assert page.status_code == 200
    said = consequences(page)
    assert f"Giấy chứng nhận số {certificate.number} hiện “đã thu hồi” ngay lập tức trên mọi lần xác thực" in said
    assert "không hoàn tác được" in said
    ground = RevocationGround.objects.get(code="food_safety_quality")
    typed = {"ground": str(ground.pk), "reason": "Mẫu kiểm tra không đạt."}
    # The certificate page's form posts without the confirm field: the step, nothing revoked.
    step = post(client, url, typed, csrf_from=detail)
    assert step.status_code == 200
    assert step_of(step) == (url, {"confirm": "yes"})
    assert "Mẫu kiểm tra không đạt.</textarea>" in step.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.VALID
    assert revocations() == 0
    done = confirm(client, step, **typed)
    assert done.status_code == 302
    revoked = Certificate.objects.get(pk=certificate.pk)
    assert revoked.status == CertificateStatus.REVOKED
    assert revoked.revocation_reason == "Mẫu kiểm tra không đạt."


def test_a_refused_revocation_keeps_the_ground_chosen_with_the_error_beside_the_reason(world, certificate):
    client = csrf_client(world["users"]["provincial_officer"])
    url = reverse("certificates:revoke", args=[certificate.pk])
    ground = RevocationGround.objects.get(code="food_safety_quality")
    page = client.get(url)
    refused = confirm(client, page, ground=str(ground.pk), reason="")
    assert refused.status_code == 400
    text = refused.content.decode()
    reason_block = text.split('for="id_reason"')[1].split('<div class="field">')[0]
    assert "Trường này là bắt buộc." in reason_block
    assert f'<option value="{ground.pk}" selected>' in text
    assert 'class="msg msg-error"' not in text.split('id="confirmation"')[1]  # no error above the form
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.VALID
    assert revocations() == 0


def test_who_may_not_revoke_gets_no_step(world, certificate):
    client = csrf_client(world["users"]["commune_officer"])
    assert client.get(reverse("certificates:revoke", args=[certificate.pk])).status_code == 403
