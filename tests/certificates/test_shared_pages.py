"""Issue 16: /v/<code> and /01/<gtin> can be kept by a proxy or CDN for 60 s, the same page for every
anonymous visitor: no cookie, no Vary on the cookie or the browser's language, the language in the address."""

from ocop.certificates.codes import make_code
from ocop.certificates.models import RevocationGround
from ocop.certificates.services import certificate_revoke
from tests.certificates.conftest import issue
from tests.factories import ProductFactory

SHARED = "public, max-age=60"


def assert_shared(response):
    assert response["Cache-Control"] == SHARED
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    vary = response.get("Vary", "").lower()
    assert "cookie" not in vary
    assert "accept-language" not in vary


def test_anonymous_valid_verification_page_is_shared(client, version, product):
    certificate = issue(product=product, version=version)
    url = f"/v/{make_code(certificate.pk)}"
    response = client.get(url)
    assert response.status_code == 200
    assert_shared(response)
    page = response.content.decode()
    assert "Giấy chứng nhận thật, còn hiệu lực" in page
    assert f'href="{url}?lang=en"' in page  # the language switch is a link, not a form with a token
    assert "csrfmiddlewaretoken" not in page
    assert "X-CSRFToken" not in page


def test_english_is_chosen_by_the_address_not_by_a_cookie(client, version, product):
    certificate = issue(product=product, version=version)
    url = f"/v/{make_code(certificate.pk)}"
    response = client.get(f"{url}?lang=en")
    assert_shared(response)
    page = response.content.decode()
    assert "Genuine certificate, in force" in page
    assert f'href="{url}"' in page  # back to Vietnamese, the default
    client.cookies["django_language"] = "en"  # a cookie does not change a shared page
    assert "Giấy chứng nhận thật, còn hiệu lực" in client.get(url).content.decode()


def test_forged_code_is_never_stored(client):
    response = client.get("/v/1-aaaaaaaaaaaa")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"


def test_logged_in_user_gets_a_private_page_with_their_header(client, world, version, product):
    certificate = issue(product=product, version=version)
    user = world["users"]["provincial_officer"]
    client.force_login(user)
    response = client.get(f"/v/{make_code(certificate.pk)}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    assert user.display_name in page
    assert "Đăng xuất" in page


def test_revoked_certificate_page_is_shared_for_60_seconds_at_most(client, world, version, product):
    certificate = issue(world["users"]["provincial_officer"], product=product, version=version)
    certificate_revoke(
        actor=world["users"]["provincial_officer"],
        certificate=certificate,
        ground=RevocationGround.objects.get(code="false_dossier"),
        reason="Hồ sơ kê khai sai vùng nguyên liệu.",
    )
    response = client.get(f"/v/{make_code(certificate.pk)}")
    assert_shared(response)
    assert "Giấy chứng nhận đã bị thu hồi" in response.content.decode()


def test_gs1_product_page_is_shared(client, world, version):
    product = ProductFactory(producer=world["qn"], gtin="8936000000011")
    landing = client.get("/01/08936000000011")
    assert landing.status_code == 200
    assert_shared(landing)
    assert 'href="/01/08936000000011?lang=en"' in landing.content.decode()
    certificate = issue(product=product, version=version)
    resolved = client.get("/01/08936000000011")
    assert resolved.status_code == 302
    assert resolved["Location"] == f"/v/{make_code(certificate.pk)}"
    assert_shared(resolved)
    english = client.get("/01/08936000000011?lang=en")
    assert english["Location"] == f"/v/{make_code(certificate.pk)}?lang=en"
    assert_shared(english)


def test_unknown_or_invalid_gtin_is_never_stored(client, world):
    assert client.get("/01/00000000000017")["Cache-Control"] == "no-store"
    assert client.get("/01/12ab")["Cache-Control"] == "no-store"


def test_a_stored_verification_page_shows_a_revocation_at_once(
    client, world, version, product, monkeypatch, django_capture_on_commit_callbacks
):
    """The server keeps the anonymous /v/ page whole (ocop.core.page_store) and serves it without the
    view; a revocation bumps the certificate's scope, so the very next request is built anew."""
    from ocop.certificates import views

    certificate = issue(world["users"]["provincial_officer"], product=product, version=version)
    url = f"/v/{make_code(certificate.pk)}"
    built = []
    real = views.render
    monkeypatch.setattr(views, "render", lambda request, *args, **kw: built.append(1) or real(request, *args, **kw))
    first, second = client.get(url), client.get(url)
    assert first.content == second.content
    assert_shared(second)
    assert len(built) == 1  # the second answer is the stored page
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(
            actor=world["users"]["provincial_officer"],
            certificate=certificate,
            ground=RevocationGround.objects.get(code="false_dossier"),
            reason="Hồ sơ kê khai sai vùng nguyên liệu.",
        )
    after = client.get(url)
    assert "Giấy chứng nhận đã bị thu hồi" in after.content.decode()
    assert_shared(after)
