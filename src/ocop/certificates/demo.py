"""Demo certificates for the Quảng Ninh demo products. Idempotent: a product that already has a
certificate is left alone, so a second run changes nothing.

Decision numbers, dates and signers are invented (is_demo=True: the PDF carries a "MINH HOẠ · DEMO"
watermark and the pages a badge). Dates are relative to the day of the first load so that the demo
always shows one certificate expiring within 30 days, one expired, one revoked and one upgrade chain.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ocop.certificates.models import AuthorityLevel, Certificate, RevocationGround
from ocop.certificates.services import add_months, certificate_issue, certificate_revoke
from ocop.criteria.models import CriteriaVersion
from ocop.products.models import Product

PROVINCE = "Ủy ban nhân dân tỉnh Quảng Ninh"
CENTRAL = "Bộ Nông nghiệp và Môi trường"
DISTRICT_BA_CHE = "Ủy ban nhân dân huyện Ba Chẽ"
DISTRICT_VAN_DON = "Ủy ban nhân dân huyện Vân Đồn"
PROVINCE_SIGNER = ("Nghiêm Xuân Cường", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
CENTRAL_SIGNER = ("Trần Thanh Nam", "KT. BỘ TRƯỞNG / THỨ TRƯỞNG")


@dataclass
class DemoCertificatesReport:
    created: int = 0
    skipped: int = 0


def _plan(today):
    """(product, stars, version, level, authority, signer, decision number, decision date, total, after)."""
    expiring_from = add_months(today, -36) + timedelta(days=21)  # last day in 20 days
    return [
        (
            "Ngọc trai Hạ Long Akoya",
            5,
            "QD148",
            AuthorityLevel.CENTRAL,
            CENTRAL,
            CENTRAL_SIGNER,
            "1362/QĐ-BNNMT",
            today - timedelta(days=410),
            "91.40",
            None,
        ),
        (
            "Trà hoa vàng Quy Hoa",
            5,
            "QD148",
            AuthorityLevel.CENTRAL,
            CENTRAL,
            CENTRAL_SIGNER,
            "1362/QĐ-BNNMT",
            today - timedelta(days=410),
            "90.25",
            None,
        ),
        (
            "Rượu ba kích Ba Chẽ",
            4,
            "QD148",
            AuthorityLevel.PROVINCE,
            PROVINCE,
            PROVINCE_SIGNER,
            "3105/QĐ-UBND",
            today - timedelta(days=300),
            "82.50",
            None,
        ),
        (
            "Nước khoáng Quang Hanh",
            4,
            "QD148",
            AuthorityLevel.PROVINCE,
            PROVINCE,
            PROVINCE_SIGNER,
            "3105/QĐ-UBND",
            today - timedelta(days=300),
            "78.00",
            None,
        ),
        (
            "Mực ống Cô Tô",
            4,
            "QD148",
            AuthorityLevel.PROVINCE,
            PROVINCE,
            PROVINCE_SIGNER,
            "1877/QĐ-UBND",
            today - timedelta(days=150),
            "75.75",
            None,
        ),
        (
            "Chả mực Hạ Long",
            3,
            "QD148",
            AuthorityLevel.PROVINCE,
            PROVINCE,
            PROVINCE_SIGNER,
            "1877/QĐ-UBND",
            today - timedelta(days=150),
            "66.50",
            None,
        ),
        # Expiring within 30 days.
        (
            "Trứng vịt biển Đồng Rui",
            4,
            "QD1048",
            AuthorityLevel.PROVINCE,
            PROVINCE,
            PROVINCE_SIGNER,
            "2648/QĐ-UBND",
            expiring_from,
            "74.00",
            None,
        ),
        # Expired (district level, before the 2025 reform).
        (
            "Sá sùng khô Vân Đồn",
            3,
            "QD1048",
            AuthorityLevel.DISTRICT,
            DISTRICT_VAN_DON,
            ("Lê Văn Toàn", "CHỦ TỊCH"),
            "1120/QĐ-UBND",
            add_months(today, -44),
            "61.00",
            None,
        ),
        # Revoked.
        (
            "Nước mắm Cái Rồng",
            3,
            "QD148",
            AuthorityLevel.PROVINCE,
            PROVINCE,
            PROVINCE_SIGNER,
            "1877/QĐ-UBND",
            today - timedelta(days=150),
            "58.25",
            "revoke",
        ),
        # An upgrade chain: ★3 at district level in 2023, ★4 at province level later.
        (
            "Trà hoa vàng Ba Chẽ",
            3,
            "QD148",
            AuthorityLevel.DISTRICT,
            DISTRICT_BA_CHE,
            ("Hoàng Văn Tuấn", "CHỦ TỊCH"),
            "958/QĐ-UBND",
            add_months(today, -30),
            "64.00",
            "upgrade",
        ),
    ]


@transaction.atomic
def load_demo() -> DemoCertificatesReport:
    report = DemoCertificatesReport()
    today = timezone.localdate()
    versions = {v.code: v for v in CriteriaVersion.objects.filter(code__in=["QD148", "QD1048"])}
    for name, stars, version_code, level, authority, signer, decision, decided, total, after in _plan(today):
        product = Product.objects.filter(name_vi=name, is_demo=True).select_related("producer").first()
        version = versions.get(version_code)
        if product is None or version is None:
            report.skipped += 1
            continue
        if Certificate.objects.filter(product=product).exists():
            continue
        certificate = certificate_issue(
            actor=None,
            product=product,
            stars=stars,
            criteria_version=version,
            decision_number=decision,
            decision_date=decided,
            authority_level=level,
            authority_name=authority,
            signer_name=signer[0],
            signer_title=signer[1],
            total=total,
            is_demo=True,
        )
        report.created += 1
        if after == "revoke":
            certificate_revoke(
                actor=None,
                certificate=certificate,
                ground=RevocationGround.objects.get(code="food_safety_quality"),
                reason="Dữ liệu minh hoạ: lô hàng kiểm tra đột xuất không đạt chỉ tiêu histamin theo công bố.",
            )
        elif after == "upgrade":
            certificate_issue(
                actor=None,
                product=product,
                stars=4,
                criteria_version=version,
                decision_number="3105/QĐ-UBND",
                decision_date=today - timedelta(days=300),
                authority_level=AuthorityLevel.PROVINCE,
                authority_name=PROVINCE,
                signer_name=PROVINCE_SIGNER[0],
                signer_title=PROVINCE_SIGNER[1],
                total="80.50",
                supersedes=certificate,
                is_demo=True,
            )
            report.created += 1
    return report
