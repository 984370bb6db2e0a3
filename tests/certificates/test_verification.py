"""The public page behind the QR code: genuine or not, valid or not, fast, bilingual, never a 500."""

import string
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from ocop.certificates.codes import display_code, make_code, parse_code
from ocop.certificates.models import AuthorityLevel, RevocationGround
from ocop.certificates.services import certificate_revoke
from ocop.products.models import ProductPhoto
from tests.certificates.conftest import issue
from tests.factories import ProductFactory


def test_code_round_trip_and_human_form():
    for certificate_id in (1, 35, 36, 1_000_003, 2**40):
        code = make_code(certificate_id)
        assert len(code) <= 26
        assert parse_code(code) == certificate_id
        assert parse_code(display_code(code)) == certificate_id
        assert parse_code(" " + display_code(code).lower().replace("-", " - ") + " ") == certificate_id


def test_every_single_character_change_is_rejected():
    code = make_code(4242)
    alphabet = string.ascii_lowercase + string.digits
    for position, original in enumerate(code):
        if original == "-":
            continue
        for replacement in alphabet:
            if replacement != original:
                altered = code[:position] + replacement + code[position + 1 :]
                assert parse_code(altered) is None, altered


def test_codes_of_another_key_are_rejected(settings):
    code = make_code(7)
    old_key = settings.OCOP_VERIFICATION_KEY
    settings.OCOP_VERIFICATION_KEY = "another-verification-key-0123456789-abcdefghijklmnop"
    assert parse_code(code) is None
    settings.OCOP_VERIFICATION_KEY_FALLBACKS = [old_key]
    assert parse_code(code) == 7


@given(st.text(max_size=120))
def test_parse_code_never_raises(raw):
    assert parse_code(raw) is None or isinstance(parse_code(raw), int)


@pytest.mark.django_db
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    raw=st.one_of(
        # Tab, CR and LF never reach a server raw: the URL parser drops them ("/v/\n" is "/v/", the form).
        st.text(
            alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="/?#%\t\n\r"),
            min_size=1,
            max_size=90,
        ),
        st.from_regex(r"[0-9a-z]{1,6}-[a-z2-7]{12}", fullmatch=True),
    )
)
def test_forged_codes_get_the_not_genuine_page_never_a_500(client, raw):
    response = client.get(f"/v/{raw}")
    assert response.status_code in (404, 400), raw
    if response.status_code == 404 and response.get("Content-Type", "").startswith("text/html"):
        assert "Không phải mã thật" in response.content.decode()


def test_not_genuine_page_in_both_languages(client):
    response = client.get("/v/1-aaaaaaaaaaaa")
    assert response.status_code == 404
    assert "Không phải mã thật" in response.content.decode()
    response = client.get("/v/1-aaaaaaaaaaaa?lang=en")
    assert response.status_code == 404
    assert "Not a genuine code" in response.content.decode()


def _photo(product):
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="JPEG")
    return ProductPhoto.objects.create(
        product=product, image=SimpleUploadedFile("p.jpg", buffer.getvalue()), width=40, height=30
    )


def test_valid_certificate_page_shows_everything_in_two_queries(client, version, product, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _photo(product)
    certificate = issue(product=product, version=version, stars=4)
    url = f"/v/{make_code(certificate.pk)}"
    with CaptureQueriesContext(connection) as first:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for expected in (
        "Giấy chứng nhận thật, còn hiệu lực",
        "Có hiệu lực đến hết ngày 14/01/2029",
        "Trà hoa vàng Ba Chẽ đặc biệt",
        "Hợp tác xã Trà hoa vàng Thử nghiệm",
        "22-6970-0001-2026",
        "1234/QĐ-UBND",
        'aria-label="4 sao"',
        "/media/",
    ):
        assert expected in page, expected
    assert page.count("<polygon") == 4
    assert len(first.captured_queries) <= 2
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(second.captured_queries) == 0
    english = client.get(f"{url}?lang=en").content.decode()
    assert "Genuine certificate, in force" in english
    assert "Ba Che golden tea" in english


def test_revocation_shows_at_once(client, world, version, product, django_capture_on_commit_callbacks):
    certificate = issue(world["users"]["provincial_officer"], product=product, version=version)
    url = f"/v/{make_code(certificate.pk)}"
    assert "còn hiệu lực" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(
            actor=world["users"]["provincial_officer"],
            certificate=certificate,
            ground=RevocationGround.objects.get(code="false_dossier"),
            reason="Hồ sơ kê khai sai vùng nguyên liệu.",
        )
    page = client.get(url).content.decode()
    assert "Giấy chứng nhận đã bị thu hồi" in page
    assert "Hồ sơ đề nghị đánh giá, công nhận có thông tin giả mạo" in page
    assert "Hồ sơ kê khai sai vùng nguyên liệu." in page


def test_expired_and_superseded_pages(client, clock, version, product, django_capture_on_commit_callbacks):
    clock.set(date(2026, 3, 10))
    old = issue(product=product, version=version, stars=3, decision_date=date(2025, 1, 2))
    assert "còn hiệu lực" in client.get(f"/v/{make_code(old.pk)}").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        new = issue(product=product, version=version, stars=4, decision_date=date(2026, 3, 1))
    page = client.get(f"/v/{make_code(old.pk)}").content.decode()
    assert "đã được thay thế" in page
    assert f"/v/{make_code(new.pk)}" in page
    clock.set(date(2029, 3, 1))
    page = client.get(f"/v/{make_code(new.pk)}").content.decode()
    assert "đã hết hiệu lực" in page
    assert "Hết hiệu lực từ ngày 01/03/2029" in page


def test_gs1_digital_link_resolves_to_the_certificate(client, world, version):
    product = ProductFactory(producer=world["qn"], gtin="8936000000011")
    response = client.get("/01/08936000000011")
    assert response.status_code == 200
    assert "không có giấy chứng nhận OCOP còn hiệu lực" in response.content.decode()
    certificate = issue(product=product, version=version)
    for path in ("/01/08936000000011", "/01/8936000000011", "/01/08936000000011/10/LOT42/21/7"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"/v/{make_code(certificate.pk)}"
    assert client.get("/01/08936000000012").status_code == 400
    assert client.get("/01/12ab").status_code == 400
    assert client.get("/01/00000000000017").status_code == 404


def test_public_api_verify_needs_no_login(client, version, product):
    certificate = issue(product=product, version=version, stars=3)
    response = client.get(f"/api/v1/certificates/verify/{make_code(certificate.pk)}")
    assert response.status_code == 200
    body = response.json()
    assert body["genuine"] is True
    assert body["number"] == "22-6970-0001-2026"
    assert body["status"] == "valid"
    assert body["stars"] == 3
    assert body["product_name_vi"] == "Trà hoa vàng Ba Chẽ đặc biệt"
    forged = client.get(f"/api/v1/certificates/verify/{make_code(certificate.pk)[:-1]}x")
    assert forged.status_code == 404
    assert (forged.json()["code"], forged.json()["detail"]) == ("not_genuine", "Mã không phải mã thật")


def test_central_certificate_page(client, version, product):
    certificate = issue(
        product=product,
        version=version,
        stars=5,
        level=AuthorityLevel.CENTRAL,
        authority_name="Bộ Nông nghiệp và Môi trường",
    )
    page = client.get(f"/v/{make_code(certificate.pk)}").content.decode()
    assert page.count("<polygon") == 5
    assert "Bộ Nông nghiệp và Môi trường" in page
