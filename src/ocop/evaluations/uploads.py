"""Evidence files: a size limit and a type check by content (PDF, JPEG, PNG), not by the name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.core.formatting import file_size
from ocop.evaluations.models import EvidenceKind

EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def check_evidence_upload(*, upload, kind: str) -> str:
    """The file's content type, or a ValidationError that says what is wrong."""
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("Loại minh chứng không hợp lệ.")})
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("Tệp “%(name)s” có dung lượng %(size)s, vượt giới hạn %(limit)s.")
                % {"name": upload.name, "size": file_size(upload.size), "limit": file_size(EVIDENCE_MAX_BYTES)}
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("Tệp “%s” rỗng.") % upload.name})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    raise ValidationError(
        {"file": _("Tệp “%s” không phải PDF, JPEG hoặc PNG (nội dung tệp không đúng định dạng).") % upload.name}
    )
