"""Writes of certificates: issue (with numbering and supersession), revoke, expire, expiry notices.

Every change is audited and clears the cached verification page after the commit.
"""

import calendar
import logging
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.accounts.models import Role, User
from ocop.accounts.policy import NATIONAL_ROLES, role_of, visible
from ocop.certificates.cache import verification_cache_clear
from ocop.certificates.models import (
    DEFAULT_NUMBER_PATTERN,
    EXPIRY_NOTICE_DAYS,
    VALIDITY_MONTHS,
    AuthorityLevel,
    Certificate,
    CertificateStatus,
    IssuingRule,
    NumberCounter,
    NumberingScheme,
    RevocationGround,
)
from ocop.core.errors import DomainError
from ocop.core.hooks import run_hooks
from ocop.core.services import audit_record, snapshot
from ocop.criteria.models import CriteriaVersion
from ocop.products.models import CertificationDocument, Product, ProductStatus

logger = logging.getLogger(__name__)

AUDIT_FIELDS = [
    "number",
    "product",
    "stars",
    "criteria_version",
    "total",
    "decision_number",
    "decision_date",
    "authority_level",
    "authority_name",
    "signer_name",
    "signer_title",
    "valid_from",
    "valid_until",
    "status",
    "supersedes",
    "is_historical",
]


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later; the 31st (or 29 Feb) becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validity_end(valid_from: date) -> date:
    """The last day of validity: 36 calendar months from `valid_from`, the day before the anniversary.

    Valid from 15/01/2026 → valid until 14/01/2029 inclusive; it has expired on 15/01/2029.
    """
    return add_months(valid_from, VALIDITY_MONTHS) - timedelta(days=1)


def _on_commit_clear(certificate_id: int) -> None:
    transaction.on_commit(lambda: verification_cache_clear(certificate_id))


# --- who may issue ------------------------------------------------------------------------------


def issuing_rules_for(user) -> list[IssuingRule]:
    role = role_of(user)
    if role is None:
        return []
    rules = IssuingRule.objects.all()
    return list(rules if role == Role.ADMIN else rules.filter(role=role))


def may_issue_any(user) -> bool:
    return role_of(user) == Role.ADMIN or bool(issuing_rules_for(user))


def _in_scope(user, product: Product) -> bool:
    if role_of(user) in NATIONAL_ROLES:
        return True
    return visible(user, Product.objects.filter(pk=product.pk)).exists()


def check_issuing_authority(*, actor, product: Product, stars: int, authority_level: str, decision_date: date) -> None:
    """Raise unless the actor's role may issue `stars` at `authority_level` for this product."""
    if actor is None:  # the system itself: imports and demo data
        return
    role = role_of(actor)
    if role is None:
        raise PermissionDenied
    if role != Role.ADMIN:
        rules = issuing_rules_for(actor)
        if not rules or not _in_scope(actor, product):
            raise PermissionDenied
        matching = [r for r in rules if r.authority_level == authority_level and r.min_stars <= stars <= r.max_stars]
        if not matching:
            raise DomainError(
                _("Vai trò của bạn không được cấp giấy chứng nhận %(stars)s sao ở cấp này.") % {"stars": stars},
                field="authority_level",
            )
        if all(r.decided_before and decision_date >= r.decided_before for r in matching):
            raise DomainError(
                _("Cấp này chỉ được ghi nhận cho quyết định ban hành trước ngày %(day)s.")
                % {"day": matching[0].decided_before.strftime("%d/%m/%Y")},
                field="decision_date",
            )
    elif not IssuingRule.objects.filter(
        Q(decided_before__isnull=True) | Q(decided_before__gt=decision_date),
        authority_level=authority_level,
        min_stars__lte=stars,
        max_stars__gte=stars,
    ).exists():
        raise DomainError(
            _("Cấp công nhận này không cấp giấy chứng nhận %(stars)s sao.") % {"stars": stars},
            field="authority_level",
        )


def may_revoke(user, certificate: Certificate) -> bool:
    """The issuing authority revokes: a role with a rule for the certificate's level and star, in scope."""
    role = role_of(user)
    if role is None:
        return False
    if role == Role.ADMIN:
        return True
    rules = IssuingRule.objects.filter(
        role=role,
        authority_level=certificate.authority_level,
        min_stars__lte=certificate.stars,
        max_stars__gte=certificate.stars,
    )
    return rules.exists() and _in_scope(user, certificate.product)


# --- numbering ----------------------------------------------------------------------------------


def _next_number(*, product: Product, year: int) -> str:
    """The next free number in the product's province and year (the counter row is locked)."""
    producer = product.producer
    province = producer.commune.province
    scheme = NumberingScheme.objects.filter(province=province).first()
    pattern = scheme.pattern if scheme else getattr(settings, "OCOP_CERTIFICATE_NUMBER_PATTERN", DEFAULT_NUMBER_PATTERN)
    counter, _created = NumberCounter.objects.get_or_create(province=province, year=year)
    counter = NumberCounter.objects.select_for_update().get(pk=counter.pk)
    district = producer.historical_district.code if producer.historical_district_id else 0
    while True:
        counter.last_value += 1
        number = pattern.format(
            province=province.code,
            commune=producer.commune.code,
            district=district,
            sequence=counter.last_value,
            year=year,
        )
        if not Certificate.objects.filter(number=number).exists():
            break
    counter.save(update_fields=["last_value"])
    return number


# --- issue --------------------------------------------------------------------------------------


def _band_stars(version: CriteriaVersion, total: Decimal) -> int:
    for band in sorted(version.star_bands, key=lambda b: -int(b["stars"])):
        if total >= Decimal(str(band["min_total"])):
            return int(band["stars"])
    return 0


def _set_product_status(*, actor, product_id: int, status: str) -> None:
    product = Product.objects.select_for_update().get(pk=product_id)
    if product.status == status:
        return
    before = product.status
    product.status = status
    product.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="product.status", target=product, before={"status": before}, after={"status": status}
    )


@transaction.atomic
def certificate_issue(
    *,
    actor,
    product: Product,
    stars: int,
    criteria_version: CriteriaVersion,
    decision_number: str,
    decision_date: date,
    authority_level: str,
    authority_name: str,
    signer_name: str,
    signer_title: str = "",
    total: Decimal | None = None,
    valid_from: date | None = None,
    supersedes: Certificate | None = None,
    number: str = "",
    evaluation_decision_id: int | None = None,
    is_demo: bool = False,
) -> Certificate:
    """Issue a certificate for a recognition decision, or record one issued before the platform.

    Stars below 3 are refused. A valid certificate of the same product is superseded by the new one
    (upgrade or renewal) and linked to it. `number` is given only for a certificate issued on paper
    before; otherwise the next number of the province and year is taken. A record whose validity has
    already ended is stored as expired and supersedes nothing.
    """
    if stars is None or int(stars) < 3:
        raise DomainError(
            _("Chỉ sản phẩm đạt từ 3 sao trở lên mới được cấp giấy chứng nhận OCOP (sản phẩm này đạt %(stars)s sao).")
            % {"stars": stars},
            field="stars",
        )
    if int(stars) > 5:
        raise DomainError(_("Hạng sao cao nhất là 5 sao."), field="stars")
    stars = int(stars)
    today = timezone.localdate()
    if decision_date > today:
        raise DomainError(_("Ngày quyết định không được ở tương lai."), field="decision_date")
    if not (decision_number or "").strip():
        raise DomainError(_("Cần số quyết định công nhận."), field="decision_number")
    if not (authority_name or "").strip():
        raise DomainError(_("Cần tên cơ quan công nhận."), field="authority_name")
    if not (signer_name or "").strip():
        raise DomainError(_("Cần họ tên người ký."), field="signer_name")
    if stars < criteria_version.certified_min_stars:
        raise DomainError(
            _("Theo %(version)s chỉ sản phẩm từ %(min)s sao được công nhận.")
            % {"version": criteria_version.code, "min": criteria_version.certified_min_stars},
            field="stars",
        )
    if total is not None:
        total = Decimal(str(total))
        if total < 0 or total > criteria_version.max_total:
            raise DomainError(
                _("Tổng điểm phải từ 0 đến %(max)s.") % {"max": criteria_version.max_total}, field="total"
            )
        if stars > _band_stars(criteria_version, total):
            raise DomainError(
                _("Tổng điểm %(total)s không đủ cho hạng %(stars)s sao.") % {"total": total, "stars": stars},
                field="total",
            )

    locked_product = (
        Product.objects.select_for_update().select_related("producer__commune__province").get(pk=product.pk)
    )
    check_issuing_authority(
        actor=actor, product=locked_product, stars=stars, authority_level=authority_level, decision_date=decision_date
    )

    valid_from = valid_from or decision_date
    if valid_from < decision_date:
        raise DomainError(_("Ngày bắt đầu hiệu lực không được trước ngày quyết định."), field="valid_from")
    valid_until = validity_end(valid_from)
    already_ended = valid_until < today

    current = (
        Certificate.objects.select_for_update()
        .filter(product=locked_product, status=CertificateStatus.VALID)
        .order_by("-valid_from")
        .first()
    )
    previous = None
    if supersedes is not None:
        previous = Certificate.objects.select_for_update().get(pk=supersedes.pk)
        if previous.product_id != locked_product.pk:
            raise DomainError(_("Giấy chứng nhận được thay thế phải của cùng sản phẩm."), field="supersedes")
        if previous.status == CertificateStatus.REVOKED:
            raise DomainError(_("Không thể gia hạn giấy chứng nhận đã bị thu hồi."), field="supersedes")
        if Certificate.objects.filter(supersedes=previous).exists():
            raise DomainError(
                _("Giấy chứng nhận %(number)s đã được thay thế.") % {"number": previous.number}, field="supersedes"
            )
        if current is not None and current.pk != previous.pk:
            raise DomainError(
                _("Sản phẩm đang có giấy chứng nhận %(number)s còn hiệu lực: hãy thay thế giấy đó.")
                % {"number": current.number},
                field="supersedes",
            )
    if already_ended:
        previous = previous if previous is not None and previous.status != CertificateStatus.VALID else None
    elif current is not None:
        if current.valid_from > valid_from:
            raise DomainError(
                _("Sản phẩm đã có giấy chứng nhận %(number)s mới hơn còn hiệu lực.") % {"number": current.number},
                field="valid_from",
            )
        previous = current

    explicit_number = bool((number or "").strip())
    if explicit_number:
        number = number.strip()
        if Certificate.objects.filter(number=number).exists():
            raise DomainError(_("Số giấy chứng nhận %(number)s đã có.") % {"number": number}, field="number")
    else:
        number = _next_number(product=locked_product, year=decision_date.year)

    if previous is not None and previous.status == CertificateStatus.VALID:
        before = {"status": previous.status}
        previous.status = CertificateStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="certificate.supersede",
            target=previous,
            before=before,
            after={"status": previous.status, "superseded_by": number},
        )
        _on_commit_clear(previous.pk)

    certificate = Certificate(
        number=number,
        product=locked_product,
        producer=locked_product.producer,
        stars=stars,
        criteria_version=criteria_version,
        total=total,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        authority_level=authority_level,
        authority_name=authority_name.strip(),
        signer_name=signer_name.strip(),
        signer_title=(signer_title or "").strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        status=CertificateStatus.EXPIRED if already_ended else CertificateStatus.VALID,
        supersedes=previous,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_historical=already_ended or explicit_number,
        evaluation_decision_id=evaluation_decision_id,
        is_demo=is_demo,
    )
    certificate.full_clean()
    certificate.save()
    audit_record(actor=actor, action="certificate.issue", target=certificate, after=snapshot(certificate, AUDIT_FIELDS))
    if not already_ended:
        _set_product_status(actor=actor, product_id=locked_product.pk, status=ProductStatus.CERTIFIED)
    _on_commit_clear(certificate.pk)
    run_hooks("products.changed", product_ids=[certificate.product_id])
    return certificate


# --- revoke -------------------------------------------------------------------------------------


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, ground: RevocationGround, reason: str) -> Certificate:
    """Revoke a certificate on a legal ground; only the issuing authority may."""
    locked = Certificate.objects.select_for_update().select_related("product").get(pk=certificate.pk)
    if actor is not None and not may_revoke(actor, locked):
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
    was_current = locked.status == CertificateStatus.VALID
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
    if (
        was_current
        and not Certificate.objects.filter(product_id=locked.product_id, status=CertificateStatus.VALID).exists()
    ):
        _set_product_status(actor=actor, product_id=locked.product_id, status=ProductStatus.IN_PROGRAMME)
    _on_commit_clear(locked.pk)
    run_hooks("products.changed", product_ids=[locked.product_id])
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
    if not Certificate.objects.filter(product_id=locked.product_id, status=CertificateStatus.VALID).exists():
        _set_product_status(actor=None, product_id=locked.product_id, status=ProductStatus.EXPIRED)
    _on_commit_clear(locked.pk)
    run_hooks("products.changed", product_ids=[locked.product_id])
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
    office = getattr(settings, "OCOP_CERTIFICATE_OFFICE_EMAILS", {}).get(producer.commune.province.code, [])
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
        noticed += certificate_send_expiry_notice(certificate_id=pk, today=today, verify_url=url)
    return {"expired": expired, "noticed": noticed}


# --- renewal ------------------------------------------------------------------------------------


def certificate_renewal_data(certificate: Certificate) -> dict:
    """What a re-evaluation dossier needs, prefilled from the certificate being renewed.

    The evaluations app turns this into a dossier (variant "re-evaluation"); until it does, the
    renewal page shows it. The three-year report figures are placeholders for the producer to fill.
    """
    product = certificate.product
    last_year = timezone.localdate().year - 1
    chain = []
    node = certificate
    while node is not None:
        chain.append(node)
        node = node.supersedes
    documents = CertificationDocument.objects.filter(
        Q(product=product) | Q(producer_id=certificate.producer_id, product__isnull=True)
    )
    version = CriteriaVersion.objects.filter(effective_to__isnull=True).order_by("-effective_from").first()
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


CENTRAL_AUTHORITY_NAME = "Bộ Nông nghiệp và Môi trường"


def certificate_issue_for_decision(decision) -> Certificate | None:
    """Issue the certificate that a recognition decision of the evaluation flow calls for.

    Called (through settings.OCOP_AFTER_DECISION) inside the transaction that records the decision,
    so a failure here leaves neither the decision nor the certificate. A decision that recognises
    nothing (below ★3, or a product forwarded to the central council) issues nothing. The decision
    flow has already checked who decides; the certificate is issued by the system on its behalf.
    """
    if not decision.recognised or decision.stars < 3:
        return None
    province = decision.product.producer.commune.province
    if decision.authority == AuthorityLevel.CENTRAL:
        authority_name = CENTRAL_AUTHORITY_NAME
    else:
        # Provinces are named bare ("Quảng Ninh"); centrally governed cities carry their word ("Thành phố Hà Nội").
        prefix = "tỉnh " if province.unit_type == "province" else ""
        authority_name = f"Ủy ban nhân dân {prefix}{province.name}"
    return certificate_issue(
        actor=None,
        product=decision.product,
        stars=decision.stars,
        criteria_version=decision.criteria_version,
        decision_number=decision.number,
        decision_date=decision.decided_on,
        authority_level=decision.authority,
        authority_name=authority_name,
        signer_name=decision.signer_name,
        signer_title=decision.signer_title,
        total=decision.total,
        evaluation_decision_id=decision.pk,
    )
