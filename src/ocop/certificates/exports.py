"""The register as an Excel workbook (openpyxl): one row per certificate, dates as real dates."""

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook

from ocop.certificates.models import CertificateStatus
from ocop.core import xlsx

COLUMNS = [
    ("Số giấy chứng nhận / Number", 22),
    ("Sản phẩm / Product", 34),
    ("Chủ thể / Producer", 36),
    ("Xã, phường / Commune", 20),
    ("Tỉnh / Province", 16),
    ("Hạng sao / Stars", 9),
    ("Tổng điểm / Total", 9),
    ("Bộ tiêu chí / Criteria", 10),
    ("Số quyết định / Decision", 20),
    ("Ngày quyết định / Decision date", 14),
    ("Cơ quan công nhận / Authority", 32),
    ("Hiệu lực từ / Valid from", 13),
    ("Hiệu lực đến / Valid until", 13),
    ("Trạng thái / Status", 16),
    ("Thu hồi lúc / Revoked on", 13),
    ("Căn cứ thu hồi / Revocation ground", 30),
    ("Minh hoạ / Demo", 8),
]


def register_workbook(certificates) -> bytes:
    """Number, score and dates as Excel values (the total shown 87,67; dates dd/mm/yyyy), header frozen."""
    today = timezone.localdate()
    labels = dict(CertificateStatus.choices)
    book = Workbook()
    sheet = book.active
    sheet.title = "So dang ky GCN OCOP"
    xlsx.layout(sheet, widths=[width for _title, width in COLUMNS])
    xlsx.header(sheet, [title for title, _width in COLUMNS])
    for certificate in certificates:
        commune = certificate.producer.commune
        xlsx.append(
            sheet,
            [
                certificate.number,
                certificate.product.name_vi,
                certificate.producer.legal_name,
                commune.name,
                commune.province.name,
                certificate.stars,
                xlsx.score(sheet, certificate.total),
                certificate.criteria_version.code,
                certificate.decision_number,
                certificate.decision_date,
                certificate.authority_name,
                certificate.valid_from,
                certificate.valid_until,
                str(labels[certificate.effective_status(today)]),
                timezone.localtime(certificate.revoked_at).date() if certificate.revoked_at else None,
                certificate.revocation_ground.name_vi if certificate.revocation_ground_id else "",
                "x" if certificate.is_demo else "",
            ],
        )
    sheet.auto_filter.ref = sheet.dimensions
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
