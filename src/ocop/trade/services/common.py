"""Shared pieces of the trade writes: editable fields, upload and text checks, the province check."""

import re
import unicodedata

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.policy import may_manage_province
from ocop.core.formatting import file_size

UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_SIGNATURES = {".pdf": (b"%PDF",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG",)}
MESSAGE_MAX_CHARS = 4000

AGREEMENT_FIELDS = [
    "kind",
    "title",
    "number",
    "department",
    "producer",
    "partner",
    "signed_on",
    "ends_on",
    "value_vnd",
    "scope_note",
    "status",
]
LISTING_FIELDS = ["platform", "url", "listed_since", "status", "notes"]
SALES_POINT_FIELDS = ["name", "kind", "address", "commune", "operator", "phone", "opening_hours", "active"]
CREDENTIAL_FIELDS = ["product", "market", "kind", "number", "issuer", "issued_on", "expires_on", "notes"]
PROFILE_FIELDS = [
    "capacity_per_month",
    "capacity_unit",
    "min_order_quantity",
    "min_order_unit",
    "lead_time_days",
    "incoterms",
    "port_of_loading",
    "notes",
]


# --- Shared checks ----------------------------------------------------------------------------


def check_upload(upload: UploadedFile | None, field: str) -> None:
    """A PDF, JPEG or PNG of at most UPLOAD_MAX_BYTES whose first bytes match its extension."""
    if upload is None:
        return
    if (upload.size or 0) > UPLOAD_MAX_BYTES:
        raise ValidationError({field: _("Tệp quá lớn: tối đa %(limit)s.") % {"limit": file_size(UPLOAD_MAX_BYTES)}})
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    signatures = UPLOAD_SIGNATURES.get(extension)
    head = upload.read(8)
    upload.seek(0)
    if signatures is None or not head.startswith(signatures):
        raise ValidationError({field: _("Chỉ nhận tệp PDF, JPEG hoặc PNG.")})


def require_manage_province(user: User | AnonymousUser | None, province_id: int | None) -> None:
    """PermissionDenied unless the user acts for that province's office (`policy.may_manage_province`)."""
    if not may_manage_province(user, province_id):
        raise PermissionDenied


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def single_line(value: str, max_length: int) -> str:
    """A single line: every control character (CR, LF, tab…) becomes a space; spaces collapsed; cut."""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", value or ""))
    return re.sub(r" {2,}", " ", text).strip()[:max_length]


def multi_line(value: str) -> str:
    """Free text: line breaks kept (as \\n), other control characters dropped."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C"))
    return unicodedata.normalize("NFC", text).strip()
