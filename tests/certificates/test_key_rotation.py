"""Printed stamps survive key rotation: the site key and the verification key rotate independently."""

import pytest

from ocop.certificates.codes import make_code, parse_code
from tests.certificates.conftest import issue

pytestmark = pytest.mark.django_db
STAMP_KEY_2024 = "stamp-key-2024-0123456789abcdefghijklmnopqrstuvwxyz"
STAMP_KEY_2026 = "stamp-key-2026-zyxwvutsrqponmlkjihgfedcba9876543210"


@pytest.fixture
def printed(settings, version, product):
    """A certificate whose stamp was printed while the 2024 keys were in force."""
    settings.OCOP_VERIFICATION_KEY = STAMP_KEY_2024
    settings.OCOP_VERIFICATION_KEY_FALLBACKS = []
    certificate = issue(product=product, version=version, stars=4)
    return certificate, make_code(certificate.pk)


def forged(code: str) -> str:
    head, tag = code.split("-")
    return f"{head}-{'a' if tag[0] != 'a' else 'b'}{tag[1:]}"


def test_rotating_the_site_key_keeps_every_printed_stamp_valid(client, settings, printed):
    certificate, code = printed
    settings.SECRET_KEY = "a-brand-new-site-key-after-an-incident-0123456789abcdef"
    settings.SECRET_KEY_FALLBACKS = []  # the old site key is gone for good
    assert parse_code(code) == certificate.pk
    assert "còn hiệu lực" in client.get(f"/v/{code}").content.decode()
    assert client.get(f"/v/{forged(code)}").status_code == 404


def test_rotating_the_verification_key_keeps_old_stamps_and_signs_new_ones_with_the_new_key(client, settings, printed):
    certificate, code = printed
    settings.OCOP_VERIFICATION_KEY = STAMP_KEY_2026
    settings.OCOP_VERIFICATION_KEY_FALLBACKS = [STAMP_KEY_2024]
    new_code = make_code(certificate.pk)
    assert new_code != code
    assert parse_code(code) == certificate.pk
    assert parse_code(new_code) == certificate.pk
    assert "còn hiệu lực" in client.get(f"/v/{code}").content.decode()
    assert "còn hiệu lực" in client.get(f"/v/{new_code}").content.decode()
    assert parse_code(forged(code)) is None
    assert parse_code(forged(new_code)) is None
    assert client.get(f"/v/{forged(code)}").status_code == 404


def test_a_code_signed_with_a_key_never_configured_fails(settings, printed):
    certificate, code = printed
    settings.OCOP_VERIFICATION_KEY = "someone-elses-key-0123456789abcdefghijklmnopqrstuvwxyz"
    foreign = make_code(certificate.pk)
    settings.OCOP_VERIFICATION_KEY = STAMP_KEY_2026
    settings.OCOP_VERIFICATION_KEY_FALLBACKS = [STAMP_KEY_2024]
    assert parse_code(foreign) is None
    settings.OCOP_VERIFICATION_KEY_FALLBACKS = []  # the old key retired: its stamps stop verifying
    assert parse_code(code) is None


@pytest.mark.parametrize(
    ("message", "salt", "length"),
    [("certificate:1", "ocop.certificates.verification", 12), ("stamp:7:19999", "ocop.stamps.serial", 10)],
)
def test_signatures_are_the_salted_hmac_every_printed_code_was_signed_with(settings, message, salt, length):
    """The keyed HMAC is made once per key now; the tags must stay those of salted_hmac, byte for
    byte, or every certificate and stamp printed before would stop verifying."""
    import base64

    from django.utils.crypto import salted_hmac

    from ocop.certificates.codes import signature

    for secret in ("first-verification-key-of-forty-characters!", "a second key"):
        settings.OCOP_VERIFICATION_KEY = secret
        expected = salted_hmac(salt, message, secret=secret, algorithm="sha256").digest()
        tag = base64.b32encode(expected[:20]).decode("ascii").lower()[:length]
        assert signature(message, secret, length, salt) == tag
