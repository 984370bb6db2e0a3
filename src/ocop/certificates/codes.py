"""Signed verification codes: short, URL-safe, checked without touching the database.

A code is `<id in base 36>-<tag>`, the tag being the first 60 bits of HMAC-SHA256 over the
certificate id, keyed from OCOP_VERIFICATION_KEY with a salt of our own (django.utils.crypto.salted_hmac),
written as 12 base-32 characters. Example: `2s-k7q3mz8w4d1x`. Codes are case-insensitive and
ignore spaces and extra hyphens, so the human-readable form printed under a QR (`2S-K7Q3-MZ8W-4D1X`)
verifies too.

The key is not SECRET_KEY: a stamp printed today is read for years, so rotating the site key
(sessions, password-reset links) must never touch it. To rotate the verification key itself, set the
new one and move the old one into OCOP_VERIFICATION_KEY_FALLBACKS: new codes use the new key, every
printed code keeps verifying, a forged one still fails. (In development the key defaults to SECRET_KEY.)

Anything that is not a well-formed code with a matching tag is "not genuine": `parse_code` returns
None and never raises.
"""

import base64
import hashlib
import hmac
import re
from functools import lru_cache

from django.conf import settings

SALT = "ocop.certificates.verification"
TAG_LENGTH = 12
_ALPHABET36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_CODE = re.compile(r"^([1-9a-z][0-9a-z]{0,11})-([a-z2-7]{" + str(TAG_LENGTH) + "})$")
MAX_CODE_LENGTH = 64


def base36(number: int) -> str:
    digits = ""
    while True:
        number, remainder = divmod(number, 36)
        digits = _ALPHABET36[remainder] + digits
        if number == 0:
            return digits


def signature(message: str, secret: str, length: int = TAG_LENGTH, salt: str = SALT) -> str:
    """`length` base-32 characters (5 bits each) of HMAC-SHA256 over `message`, keyed from `secret`.

    Public so that other signed codes (the per-stamp codes of ocop.stamps) share the key scheme.
    """
    keyed = _keyed(salt, secret).copy()
    keyed.update(message.encode())
    return base64.b32encode(keyed.digest()[:20]).decode("ascii").lower()[:length]


@lru_cache(maxsize=32)
def _keyed(salt: str, secret: str) -> "hmac.HMAC":
    """HMAC-SHA256 keyed as django.utils.crypto.salted_hmac keys it (SHA-256 of salt + secret), made
    once per key: every signature copies it (a stamp scan checks one, then writes one)."""
    return hmac.new(hashlib.sha256((salt + secret).encode()).digest(), digestmod=hashlib.sha256)


def verification_secrets() -> list[str]:
    """The current verification key first, then the fallbacks that still verify printed codes."""
    return [settings.OCOP_VERIFICATION_KEY, *settings.OCOP_VERIFICATION_KEY_FALLBACKS]


def signature_matches(message: str, candidate: str, length: int = TAG_LENGTH, salt: str = SALT) -> bool:
    """Whether `candidate` is the signature of `message` under the current key or any fallback."""
    return any(
        hmac.compare_digest(signature(message, secret, length, salt), candidate) for secret in verification_secrets()
    )


def _tag(certificate_id: int, secret: str) -> str:
    return signature(f"certificate:{certificate_id}", secret)


def make_code(certificate_id: int) -> str:
    return f"{base36(certificate_id)}-{_tag(certificate_id, settings.OCOP_VERIFICATION_KEY)}"


def display_code(code: str) -> str:
    """The code as printed for people: upper case, tag in groups of four."""
    head, tag = code.split("-", 1)
    groups = [tag[i : i + 4] for i in range(0, len(tag), 4)]
    return "-".join([head, *groups]).upper()


def normalise_code(raw: str) -> str:
    text = re.sub(r"\s+", "", str(raw or "")).lower()
    if "-" not in text:
        return text
    head, tail = text.split("-", 1)
    return f"{head}-{tail.replace('-', '')}"


def parse_code(raw: str) -> int | None:
    """The certificate id a genuine code names, or None for anything forged, altered or malformed."""
    if not isinstance(raw, str) or len(raw) > MAX_CODE_LENGTH:
        return None
    match = _CODE.match(normalise_code(raw))
    if match is None:
        return None
    certificate_id = int(match.group(1), 36)
    if certificate_id <= 0 or certificate_id >= 2**63:
        return None
    if signature_matches(f"certificate:{certificate_id}", match.group(2)):
        return certificate_id
    return None
