"""Certificate lifecycle after issue: revocation, expiry and its notices, renewal data.

Every change is audited and clears the cached verification page after the commit.
"""

import logging
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.accounts.models import Role, User
from ocop.accounts.system import SystemCaller, require_system_caller
from ocop.certificates.models import (
    EXPIRY_NOTICE_DAYS,
    Certificate,
    CertificateStatus,
    RevocationGround,
)
from ocop.certificates.services.common import may_revoke, on_commit_clear, product_status_recompute
from ocop.core.errors import DomainError
from ocop.core.hooks import ProductsChanged, run_hooks
from ocop.core.outbox import outbox_enqueue
from ocop.core.services import audit_record, snapshot
from ocop.criteria.selectors import version_current
from ocop.products.models import CertificationDocument

logger = logging.getLogger(__name__)


# --- revoke -------------------------------------------------------------------------------------


@transaction.atomic
def certificate_revoke(
    *,
    actor: User | None,
    certificate: Certificate,
    ground: RevocationGround,
    reason: str,
    system: SystemCaller | None = None,
) -> Certificate:
    """Revoke a certificate on a legal ground; only the issuing authority may (or a named system caller)."""
    locked = Certificate.objects.select_for_update().select_related("product").get(pk=certificate.pk)
    if actor is None:
        require_system_caller(system)
    elif not may_revoke(actor, locked):
        raise PermissionDenied
    if locked.status == CertificateStatus.REVOKED:
        raise DomainError(_("Giấy chứng nhận này đã bị thu hồi."), field="status")
    if locked.status == CertificateStatus.SUPERSEDED:
        raise DomainError(_("Giấy chứng nhận này đã được thay thế; hãy thu hồi giấy chứng nhận mới."), field="status")
    if ground is None or not ground.active:
        raise DomainError(_("Hãy chọn căn cứ thu hồi."), field="ground")
    if not (reason or "").strip():
        raise DomainError(_("Hãy ghi lý do thu hồi."), field="reason")
    before = snapshot(locked, ["status", "revoked_at", "revocation_ground", "revocation_reason"])
    locked.status = CertificateStatus.REVOKED
    locked.revoked_at = timezone.now()
    locked.revocation_ground = ground
    locked.revocation_reason = reason.strip()
    locked.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.full_clean()
    locked.save()
    after = snapshot(locked, ["status", "revoked_at", "revocation_ground", "revocation_reason"])
    after["revocation_ground"] = ground.code
    audit_record(actor=actor, action="certificate.revoke", target=locked, before=before, after=after)
    product_status_recompute(actor=actor, product_id=locked.product_id)
    on_commit_clear(locked.pk)
    run_hooks(ProductsChanged(product_ids=(locked.product_id,)))
    return locked


# --- expiry -------------------------------------------------------------------------------------


@transaction.atomic
def certificate_expire(*, certificate_id: int, today: date | None = None) -> bool:
    """Mark one certificate expired if its last day has passed. True if it changed."""
    today = today or timezone.localdate()
    locked = Certificate.objects.select_for_update().filter(pk=certificate_id).first()
    if locked is None or locked.status != CertificateStatus.VALID or locked.valid_until >= today:
        return False
    locked.status = CertificateStatus.EXPIRED
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=None,
        action="certificate.expire",
        target=locked,
        before={"status": CertificateStatus.VALID},
        after={"status": CertificateStatus.EXPIRED, "valid_until": str(locked.valid_until)},
    )
    product_status_recompute(actor=None, product_id=locked.product_id)
    on_commit_clear(locked.pk)
    run_hooks(ProductsChanged(product_ids=(locked.product_id,)))
    return True


def notice_recipients(certificate: Certificate) -> list[str]:
    """The producer's users and address, and the province office (its provincial officers)."""
    producer = certificate.producer
    province_id = producer.commune.province_id
    users = User.objects.filter(is_active=True).exclude(email="")
    addresses = list(users.filter(producer=producer).values_list("email", flat=True))
    if producer.email:
        addresses.append(producer.email)
    addresses += users.filter(role=Role.PROVINCIAL_OFFICER, province_id=province_id).values_list("email", flat=True)
    office = settings.OCOP_CERTIFICATE_OFFICE_EMAILS.get(producer.commune.province.code, [])
    addresses += list(office)
    return sorted(set(addresses))


def expiry_notice_text(certificate: Certificate, verify_url: str = "") -> tuple[str, str]:
    """Subject and body, Vietnamese then English, in one message."""
    until = certificate.valid_until.strftime("%d/%m/%Y")
    product = certificate.product
    with translation.override("vi"):
        subject = f"[OCOP] Giấy chứng nhận {certificate.number} sắp hết hiệu lực ({until}) / Certificate expiring"
    name_en = product.name_en or product.name_vi
    body = (
        f"Kính gửi {certificate.producer.legal_name},\n\n"
        f"Giấy chứng nhận sản phẩm OCOP số {certificate.number} của sản phẩm «{product.name_vi}» "
        f"({certificate.stars} sao) có hiệu lực đến hết ngày {until}.\n"
        "Để tiếp tục được công nhận, chủ thể cần nộp hồ sơ đánh giá lại (phiếu đăng ký, báo cáo tự đánh giá "
        "cập nhật và báo cáo tình hình sản xuất, kinh doanh 3 năm gần nhất) trước ngày hết hạn.\n"
        f"{'Tra cứu: ' + verify_url if verify_url else ''}\n\n"
        "— English —\n\n"
        f"Dear {certificate.producer.legal_name},\n\n"
        f"OCOP product certificate no. {certificate.number} for «{name_en}» ({certificate.stars} stars) "
        f"is valid until {until} inclusive.\n"
        "To stay certified, please submit a re-evaluation dossier (registration, updated self-assessment and a "
        "report on the last three years of production and sales) before it expires.\n"
        f"{'Verify: ' + verify_url if verify_url else ''}\n\n"
        "Văn phòng Điều phối Chương trình OCOP / OCOP Coordination Office\n"
    )
    return subject, body


@transaction.atomic
def certificate_send_expiry_notice(*, certificate_id: int, today: date | None = None, verify_url: str = "") -> bool:
    """Send the 30-day notice once. True if it was sent now."""
    today = today or timezone.localdate()
    locked = (
        Certificate.objects.select_for_update()
        .select_related("product", "producer__commune__province")
        .filter(pk=certificate_id)
        .first()
    )
    if (
        locked is None
        or locked.status != CertificateStatus.VALID
        or locked.expiry_notice_sent_at is not None
        or not (today <= locked.valid_until <= today + timedelta(days=EXPIRY_NOTICE_DAYS))
    ):
        return False
    recipients = notice_recipients(locked)
    subject, body = expiry_notice_text(locked, verify_url)
    if recipients:
        EmailMessage(subject=subject, body=body, to=recipients).send()
    else:
        logger.warning("certificate %s: no address for the expiry notice", locked.number)
    locked.expiry_notice_sent_at = timezone.now()
    locked.save(update_fields=["expiry_notice_sent_at", "updated_at"])
    audit_record(
        actor=None,
        action="certificate.expiry_notice",
        target=locked,
        after={"recipients": recipients, "valid_until": str(locked.valid_until)},
    )
    return True


def certificates_expiry_run(*, today: date | None = None, base_url: str = "") -> dict[str, int]:
    """The daily job: mark ended certificates expired, send notices 30 days ahead. Idempotent."""
    from ocop.certificates.codes import make_code

    today = today or timezone.localdate()
    ended = Certificate.objects.filter(status=CertificateStatus.VALID, valid_until__lt=today).values_list(
        "pk", flat=True
    )
    expired = sum(certificate_expire(certificate_id=pk, today=today) for pk in list(ended))
    due = Certificate.objects.filter(
        status=CertificateStatus.VALID,
        expiry_notice_sent_at__isnull=True,
        valid_until__gte=today,
        valid_until__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
    ).values_list("pk", flat=True)
    base = base_url or settings.OCOP_PUBLIC_BASE_URL or settings.OCOP_SITE_URL
    noticed = 0
    for pk in list(due):
        url = f"{base.rstrip('/')}/v/{make_code(pk)}" if base else ""
        try:
            noticed += certificate_send_expiry_notice(certificate_id=pk, today=today, verify_url=url)
        except Exception:  # the mail server is down: this notice waits in the outbox, the others go on
            logger.warning("certificate %s: the expiry notice failed, queued in the outbox", pk, exc_info=True)
            from ocop.certificates.tasks import certificate_expiry_notice

            outbox_enqueue(certificate_expiry_notice, pk, url)
    return {"expired": expired, "noticed": noticed}


# --- renewal ------------------------------------------------------------------------------------


def certificate_renewal_data(certificate: Certificate) -> dict[str, Any]:
    """What a re-evaluation dossier needs, prefilled from the certificate being renewed.

    The evaluations app turns this into a dossier (variant "re-evaluation"); until it does, the
    renewal page shows it. The three-year report figures are placeholders for the producer to fill.
    """
    product = certificate.product
    last_year = timezone.localdate().year - 1
    chain = []
    node: Certificate | None = certificate
    while node is not None:
        chain.append(node)
        node = node.supersedes
    documents = CertificationDocument.objects.filter(
        Q(product=product) | Q(producer_id=certificate.producer_id, product__isnull=True)
    )
    version = version_current()
    return {
        "kind": "re_evaluation",
        "product": product,
        "producer": certificate.producer,
        "previous_certificate": certificate,
        "previous_stars": certificate.stars,
        "previous_total": certificate.total,
        "previous_criteria_version": certificate.criteria_version,
        "criteria_version": version or certificate.criteria_version,
        "product_set": product.product_set,
        "due_by": certificate.valid_until,
        "history": chain,
        "documents": list(documents.order_by("kind", "-issued_on")),
        "years": [
            {"year": year, "revenue_vnd": None, "output_quantity": None, "employees": None, "notes": ""}
            for year in range(last_year - 2, last_year + 1)
        ],
    }
