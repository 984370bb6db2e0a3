"""Demo certificates for the Quảng Ninh demo products. Idempotent: a product that already has a
certificate is left alone, so a second run changes nothing.

Like every certificate, each one is issued from a recorded decision: the demo first records the
past result (a historical decision, through the evaluations service) and then issues from it, so
the demo obeys the same rule as the issue form (services.issue.decision_check). One paper
certificate is recorded through the historical path, to show a "historical record"; one past result
recognised nothing (★2, Gạo nếp cái hoa vàng Đông Triều), so no certificate exists for it.

Decision numbers, dates and signers are invented (is_demo=True: the PDF carries a "MINH HOẠ · DEMO"
watermark and the pages a badge). Dates are relative to the day of the first load so that the demo
always shows one certificate expiring within 30 days, one more within 90 days, one expired, one revoked
and one upgrade chain.
The criteria version of a past decision is the one in force on its date.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ocop.accounts.system import SystemCaller
from ocop.certificates.models import AuthorityLevel, Certificate, RevocationGround
from ocop.certificates.services import (
    add_months,
    certificate_issue,
    certificate_record_historical,
    certificate_revoke,
)
from ocop.criteria.models import CriteriaVersion
from ocop.evaluations import authority
from ocop.evaluations.services import historical_result_record
from ocop.products.models import Product

QD148_FROM = date(2023, 2, 24)
MINISTRY_MERGED = date(2025, 3, 1)
DEMO_SCAN = b"%PDF-1.4\n% OCOP demo: scanned decision (minh hoa)\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

PROVINCE_SIGNER = ("Nghiêm Xuân Cường", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
CENTRAL_SIGNER = ("Trần Thanh Nam", "KT. BỘ TRƯỞNG / THỨ TRƯỞNG")


@dataclass
class DemoCertificatesReport:
    created: int = 0
    skipped: int = 0


def ministry_number(sequence: int, decided: date) -> str:
    """A ministry decision's number: the Ministry of Agriculture and Environment since 1 March 2025
    (BNNMT), before that the Ministry of Agriculture and Rural Development (BNN-VPĐP)."""
    return f"{sequence}/QĐ-BNNMT" if decided >= MINISTRY_MERGED else f"{sequence}/QĐ-BNN-VPĐP"


def _plan(today):
    """(product, stars, signer, decision number, decision date, total, after).

    The criteria version is the one in force on the date; the authority follows from the authority table.
    """
    expiring_from = add_months(today, -36) + timedelta(days=21)  # last day in 20 days
    expiring_later = add_months(today, -36) + timedelta(days=61)  # last day in 60 days
    return [
        (
            "Ngọc trai Hạ Long Akoya",
            5,
            CENTRAL_SIGNER,
            "1362/QĐ-BNNMT",
            today - timedelta(days=410),
            "91.40",
            None,
        ),
        (
            "Trà hoa vàng Quy Hoa",
            5,
            CENTRAL_SIGNER,
            "1362/QĐ-BNNMT",
            today - timedelta(days=410),
            "90.25",
            None,
        ),
        (
            "Rượu ba kích Ba Chẽ",
            4,
            PROVINCE_SIGNER,
            "3105/QĐ-UBND",
            today - timedelta(days=300),
            "82.50",
            None,
        ),
        (
            "Nước khoáng Quang Hanh",
            4,
            PROVINCE_SIGNER,
            "3105/QĐ-UBND",
            today - timedelta(days=300),
            "78.00",
            None,
        ),
        # An upgrade chain: ★3 at district level in the QĐ 148 period, ★4 at province level later.
        (
            "Mực ống Cô Tô",
            3,
            ("Nguyễn Văn Dũng", "CHỦ TỊCH"),
            "958/QĐ-UBND",
            add_months(today, -30),
            "64.00",
            ("upgrade", 4, "1877/QĐ-UBND", today - timedelta(days=150), "75.75"),
        ),
        (
            "Chả mực Hạ Long",
            3,
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
            PROVINCE_SIGNER,
            "2648/QĐ-UBND",
            expiring_from,
            "74.00",
            None,
        ),
        # Expiring within 90 days (a national ★5, recognised by the ministry).
        (
            "Ngọc trai Hạ Long Tahiti",
            5,
            CENTRAL_SIGNER,
            ministry_number(215, expiring_later),
            expiring_later,
            "90.75",
            None,
        ),
        # Expired (district level, before the 2025 reform).
        (
            "Sá sùng khô Vân Đồn",
            3,
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
            PROVINCE_SIGNER,
            "1877/QĐ-UBND",
            today - timedelta(days=150),
            "58.25",
            "revoke",
        ),
    ]


def _decision(*, product, stars, versions, number, decided, total, signer):
    """Record the past result the certificate is issued from (idempotent through the caller's check)."""
    version = versions["QD1048" if decided < QD148_FROM else "QD148"]
    return historical_result_record(
        actor=None,
        product=product,
        criteria_version=version,
        total=Decimal(total),
        stars=stars,
        number=number,
        decided_on=decided,
        signer_name=signer[0],
        signer_title=signer[1],
        source="Dữ liệu minh hoạ / demo",
    )


@transaction.atomic
def load_demo() -> DemoCertificatesReport:
    report = DemoCertificatesReport()
    today = timezone.localdate()
    versions = {v.code: v for v in CriteriaVersion.objects.filter(code__in=["QD148", "QD1048"])}
    if len(versions) < 2:
        report.skipped = len(_plan(today))
        return report
    for name, stars, signer, number, decided, total, after in _plan(today):
        product = Product.objects.filter(name_vi=name, is_demo=True).select_related("producer").first()
        if product is None:
            report.skipped += 1
            continue
        if Certificate.objects.filter(product=product).exists():
            continue
        decision = _decision(
            product=product, stars=stars, versions=versions, number=number, decided=decided, total=total, signer=signer
        )
        certificate = certificate_issue(actor=None, decision=decision, is_demo=True, system=SystemCaller.DEMO)
        report.created += 1
        if after == "revoke":
            certificate_revoke(
                actor=None,
                certificate=certificate,
                ground=RevocationGround.objects.get(code="food_safety_quality"),
                reason="Dữ liệu minh hoạ: lô hàng kiểm tra đột xuất không đạt chỉ tiêu histamin theo công bố.",
                system=SystemCaller.DEMO,
            )
        elif after is not None:
            _upgrade, upgraded_stars, upgrade_number, upgrade_decided, upgrade_total = after
            upgrade = _decision(
                product=product,
                stars=upgraded_stars,
                versions=versions,
                number=upgrade_number,
                decided=upgrade_decided,
                total=upgrade_total,
                signer=PROVINCE_SIGNER,
            )
            certificate_issue(
                actor=None, decision=upgrade, supersedes=certificate, is_demo=True, system=SystemCaller.DEMO
            )
            report.created += 1
    report.created += _historical_record(today, versions)
    _not_recognised(today, versions)
    return report


def _not_recognised(today, versions) -> None:
    """A past result that recognised nothing (★2): no certificate can be issued for it, by any path."""
    product = Product.objects.filter(name_vi="Gạo nếp cái hoa vàng Đông Triều", is_demo=True).first()
    if product is None or product.evaluation_decisions.exists():
        return
    _decision(
        product=product,
        stars=2,
        versions=versions,
        number="1877/QĐ-UBND",
        decided=today - timedelta(days=150),
        total="46.50",
        signer=PROVINCE_SIGNER,
    )


def _historical_record(today, versions) -> int:
    """A paper certificate from before the platform, with its scanned decision: a "historical record"."""
    product = Product.objects.filter(name_vi="Miến dong Bình Liêu", is_demo=True).first()
    if product is None or Certificate.objects.filter(product=product).exists():
        return 0
    decided = today - timedelta(days=400)
    version = versions["QD1048" if decided < QD148_FROM else "QD148"]
    level = authority.period_for(version_code=version.code, on=decided).recognising_level(3)
    signer = ("Lý Văn Sinh", "CHỦ TỊCH") if level == AuthorityLevel.DISTRICT else PROVINCE_SIGNER
    certificate_record_historical(
        actor=None,
        product=product,
        stars=3,
        criteria_version=version,
        number=f"QN-BL-0007-{decided.year}",
        decision_number="2291/QĐ-UBND",
        decision_date=decided,
        signer_name=signer[0],
        signer_title=signer[1],
        total=Decimal("63.00"),
        decision_document=ContentFile(DEMO_SCAN, name="quyet-dinh-2291-minh-hoa.pdf"),
        source="Dữ liệu minh hoạ / demo",
        is_demo=True,
        system=SystemCaller.DEMO,
    )
    return 1
