"""Signed per-stamp codes, with the verification key scheme of ocop.certificates.codes.

The signature is 10 base-32 characters (50 bits) of HMAC-SHA256 over `stamp:<run id>:<index>`, keyed
from OCOP_VERIFICATION_KEY (rotating it keeps every printed stamp verifying through
OCOP_VERIFICATION_KEY_FALLBACKS). A stamp's QR holds either the GS1 Digital Link URI
`<base>/01/<GTIN-14>/10/<lot>/21/<serial>?s=<signature>` or, for a product without a GTIN,
`<base>/s/<serial>-<signature>`. Forging a serial means guessing 50 bits; copying a genuine stamp is
possible, and is what the scan counts are for.
"""

import re

from ocop.certificates.codes import signature, signature_matches

SALT = "ocop.stamps.serial"
SIGNATURE_LENGTH = 10
_SERIAL = re.compile(r"^([1-9][0-9]{0,9})-([1-9][0-9]{0,5})$")
_CODE = re.compile(r"^([1-9][0-9]{0,9})-([1-9][0-9]{0,5})-([a-z2-7]{" + str(SIGNATURE_LENGTH) + "})$")


def _message(run_id: int, index: int) -> str:
    return f"stamp:{run_id}:{index}"


def stamp_signature(run_id: int, index: int) -> str:
    from django.conf import settings

    return signature(_message(run_id, index), settings.OCOP_VERIFICATION_KEY, SIGNATURE_LENGTH, SALT)


def stamp_code(run_id: int, index: int) -> str:
    """The platform's own code: `<run>-<index>-<signature>` (for /s/<code>)."""
    return f"{run_id}-{index}-{stamp_signature(run_id, index)}"


def parse_serial(serial: str, sig: str) -> tuple[int, int] | None:
    """(run id, index) of a serial whose signature matches, or None for anything else; never raises."""
    if not isinstance(serial, str) or not isinstance(sig, str) or len(serial) > 20 or len(sig) > 20:
        return None
    match = _SERIAL.match(serial.strip())
    if match is None:
        return None
    run_id, index = int(match.group(1)), int(match.group(2))
    if not signature_matches(_message(run_id, index), sig.strip().lower(), SIGNATURE_LENGTH, SALT):
        return None
    return run_id, index


def parse_code(code: str) -> tuple[int, int] | None:
    """(run id, index) of a genuine `/s/<code>`, or None."""
    if not isinstance(code, str) or len(code) > 40:
        return None
    match = _CODE.match(code.strip().lower())
    if match is None:
        return None
    return parse_serial(f"{match.group(1)}-{match.group(2)}", match.group(3))
