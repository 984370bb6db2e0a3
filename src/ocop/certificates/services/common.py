"""What every certificate write shares: validity dates, who may issue, numbering, the product's status."""

import calendar
import logging
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.policy import is_admin, is_national, role_of, visible
from ocop.accounts.system import SystemCaller, require_system_caller
from ocop.certificates.cache import verification_cache_clear
from ocop.certificates.models import (
    VALIDITY_MONTHS,
    Certificate,
    CertificateStatus,
    IssuingRule,
    NumberCounter,
    NumberingScheme,
)
from ocop.core.errors import DomainError
from ocop.core.services import audit_record
from ocop.products.models import Product, ProductStatus

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


def on_commit_clear(certificate_id: int) -> None:
    transaction.on_commit(lambda: verification_cache_clear(certificate_id))


# --- who may issue ------------------------------------------------------------------------------


def issuing_rules_for(user: User | AnonymousUser) -> list[IssuingRule]:
    role = role_of(user)
    if role is None:
        return []
    rules = IssuingRule.objects.all()
    return list(rules if is_admin(user) else rules.filter(role=role))


def may_issue_any(user: User | AnonymousUser) -> bool:
    return is_admin(user) or bool(issuing_rules_for(user))


def _in_scope(user: User | AnonymousUser, product: Product) -> bool:
    if is_national(user):
        return True
    return visible(user, Product.objects.filter(pk=product.pk)).exists()


def check_issuing_authority(
    *,
    actor: User | None,
    product: Product,
    stars: int,
    authority_level: str,
    decision_date: date,
    system: SystemCaller | None = None,
) -> None:
    """Raise unless the actor's role may issue `stars` at `authority_level` for this product.

    `actor=None` is the system, allowed only for a named caller (`system`: the decision flow, an import,
    the demo data); without one it is refused.
    """
    if actor is None:
        require_system_caller(system)
        return
    if role_of(actor) is None:
        raise PermissionDenied
    if not is_admin(actor):
        rules = issuing_rules_for(actor)
        if not rules or not _in_scope(actor, product):
            raise PermissionDenied
        matching = [r for r in rules if r.authority_level == authority_level and r.min_stars <= stars <= r.max_stars]
        if not matching:
            raise DomainError(
                _("Vai trò của bạn không được cấp giấy chứng nhận %(stars)s sao ở cấp này.") % {"stars": stars},
                field="authority_level",
            )
        first_deadline = matching[0].decided_before
        if first_deadline is not None and all(r.decided_before and decision_date >= r.decided_before for r in matching):
            raise DomainError(
                _("Cấp này chỉ được ghi nhận cho quyết định ban hành trước ngày %(day)s.")
                % {"day": first_deadline.strftime("%d/%m/%Y")},
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


def may_revoke(user: User | AnonymousUser, certificate: Certificate) -> bool:
    """The issuing authority revokes: a role with a rule for the certificate's level and star, in scope."""
    role = role_of(user)
    if role is None:
        return False
    if is_admin(user):
        return True
    rules = IssuingRule.objects.filter(
        role=role,
        authority_level=certificate.authority_level,
        min_stars__lte=certificate.stars,
        max_stars__gte=certificate.stars,
    )
    return rules.exists() and _in_scope(user, certificate.product)


# --- numbering ----------------------------------------------------------------------------------


def next_number(*, product: Product, year: int) -> str:
    """The next free number in the product's province and year (the counter row is locked)."""
    producer = product.producer
    province = producer.commune.province
    scheme = NumberingScheme.objects.filter(province=province).first()
    pattern = scheme.pattern if scheme else settings.OCOP_CERTIFICATE_NUMBER_PATTERN
    counter, _created = NumberCounter.objects.get_or_create(province=province, year=year)
    counter = NumberCounter.objects.select_for_update().get(pk=counter.pk)
    district = producer.historical_district.code if producer.historical_district is not None else 0
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


# --- the product's status ---------------------------------------------------------------------


def product_status_recompute(*, actor: User | None, product_id: int) -> str:
    """Derive the product's status from its certificates; the only writer of certified/expired/revoked.

    A valid certificate → certified; otherwise the latest certificate decides: revoked → revoked,
    expired or superseded → expired. A product without certificates keeps the status set by hand
    (idea, in the programme, withdrawn). Audited when it changes.
    """
    product = Product.objects.select_for_update().get(pk=product_id)
    certificates = Certificate.objects.filter(product_id=product_id)
    status: str
    if certificates.filter(status=CertificateStatus.VALID).exists():
        status = ProductStatus.CERTIFIED
    else:
        latest = certificates.order_by("-valid_from", "-id").only("status").first()
        if latest is None:
            derived = ProductStatus.from_certificates()
            status = ProductStatus.IN_PROGRAMME if product.status in derived else product.status
        elif latest.status == CertificateStatus.REVOKED:
            status = ProductStatus.REVOKED
        else:
            status = ProductStatus.EXPIRED
    if product.status != status:
        before = product.status
        product.status = status
        product.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor, action="product.status", target=product, before={"status": before}, after={"status": status}
        )
    return status
