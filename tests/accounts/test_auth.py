import re

import pytest
from django.core import mail
from django.urls import reverse

from ocop.accounts.models import ApiToken
from ocop.accounts.services import api_token_create, api_token_revoke
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(world):
    user = world["users"]["provincial_officer"]
    user.email = "canbo@example.vn"
    user.save()
    return user


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_shows_the_role_dashboard_and_logout_ends_the_session(client, officer, password):
    response = login(client, officer.username, password)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Cán bộ tỉnh (Văn phòng OCOP)" in page
    assert reverse("producers:list") in page  # the officer's menu has the registry
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_producer_menu_has_own_organisation_not_the_registry(client, world):
    client.force_login(world["users"]["producer"])
    page = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("producers:mine") in page
    assert f'href="{reverse("producers:list")}"' not in page
    assert world["qn"].legal_name in page


def test_wrong_password_says_so(client, officer):
    response = login(client, officer.username, "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_too_many_wrong_passwords_lock_the_account(client, officer, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, officer.username, "sai-mat-khau")
    locked = login(client, officer.username, password)  # even the right password is refused now
    assert locked.status_code == 429
    assert "Tài khoản tạm khoá" in locked.content.decode()
    assert "15 phút" in locked.content.decode()
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_other_accounts_are_not_locked_by_someone_elses_failures(client, officer, world, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, officer.username, "sai-mat-khau")
    other = world["users"]["council_member"]
    assert login(client, other.username, password).status_code == 302


def test_password_reset_by_email(client, officer):
    response = client.post(reverse("accounts:password_reset"), {"email": "canbo@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["canbo@example.vn"]
    assert "Đặt lại mật khẩu" in message.subject
    assert "Reset" in message.subject
    link = re.search(r"http://testserver(/accounts/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(set_url, {"new_password1": "Tra-hoa-vang-2026!", "new_password2": "Tra-hoa-vang-2026!"})
    assert done.status_code == 302
    client.logout()
    assert login(client, officer.username, "Tra-hoa-vang-2026!").status_code == 302


def test_password_reset_for_unknown_email_sends_nothing_and_does_not_tell(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "khongco@example.vn"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_bearer_token_authenticates_scripts(client, officer):
    token, key = api_token_create(user=officer, name="báo cáo")
    assert ApiToken.objects.get(pk=token.pk).key_hash != key  # only the hash is stored
    response = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["role"] == "provincial_officer"
    assert response.json()["province_code"] == 22


def test_revoked_or_forged_token_is_refused(client, officer):
    token, key = api_token_create(user=officer, name="cũ")
    api_token_revoke(token=token, actor=officer)
    assert client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert client.get("/api/v1/accounts/me", headers={"Authorization": "Bearer ocop_forged"}).status_code == 401


def test_session_api_write_needs_csrf(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["users"]["provincial_officer"])
    response = strict.patch(
        f"/api/v1/producers/{world['qn'].pk}", data='{"short_name": "x"}', content_type="application/json"
    )
    assert response.status_code == 403


def test_inactive_user_cannot_log_in(client, password, db):
    user = make_user("buyer", is_active=False)
    assert login(client, user.username, password).status_code == 200
