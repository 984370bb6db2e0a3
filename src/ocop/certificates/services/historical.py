"""Historical records: paper certificates issued before the platform, entered from their scanned decision.

A separate, explicit path (never the issue form): the officer gives the number printed on the
certificate, the decision's number and date, its signer, and the scan of the decision. The
authority level comes from the authority table for the version and the date, its name from the
producer's province (or pre-2025 district). The record is refused when it contradicts a decision
already in the system: one with the same number or the same date that says something else, or a
decision of the platform's own evaluation made since (from then on certificates come from decisions).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.system import SystemCaller
from ocop.certificates.models import Certificate, CertificateStatus
from ocop.certificates.services.common import (
    AUDIT_FIELDS,
    check_issuing_authority,
    on_commit_clear,
    product_status_recompute,
    validity_end,
)
from ocop.certificates.services.issue import (
    authority_name_for,
    decision_label,
    mark_superseded,
    refuse_if_certified,
    same_number,
    supersede,
)
from ocop.core.errors import DomainError
from ocop.core.formatting import file_size
from ocop.core.hooks import ProductsChanged, run_hooks
from ocop.core.services import audit_record, snapshot
from ocop.criteria.engine import star_bands_of, stars_for_total
from ocop.criteria.models import CriteriaVersion
from ocop.evaluations import authority
from ocop.evaluations.models import Decision
from ocop.products.models import Product

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# First bytes of the formats a scan may have.
DOCUMENT_SIGNATURES = {b"%PDF": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG": "png"}


def check_decision_document(upload: Any) -> None:  # a form's or the API's uploaded file, or None
    """A scan of the decision: PDF, JPEG or PNG (checked by its first bytes), at most 10 MB."""
    if upload is None:
        raise DomainError(
            _("Hãy đính kèm bản quét quyết định công nhận (PDF, JPEG hoặc PNG)."), field="decision_document"
        )
    if upload.size > DOCUMENT_MAX_BYTES:
        raise DomainError(
            _("Bản quét quá lớn (%(size)s); tối đa %(limit)s.")
            % {"size": file_size(upload.size), "limit": file_size(DOCUMENT_MAX_BYTES)},
            field="decision_document",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES):
        raise DomainError(_("Bản quét phải là tệp PDF, JPEG hoặc PNG (tệp này không phải)."), field="decision_document")


def historical_decision(*, product: Product, stars: int, decision_number: str, decision_date: date) -> Decision | None:
    """The decision in the system this record is the paper of (to link it), or None; DomainError if contradicted.

    A decision of the product with the same number or the same date must say the same (recognised, same
    stars, same number and date) and have no certificate yet. A decision of the platform's own evaluation
    on or after the record's date refuses it too: from then on certificates come from decisions.
    """
    decisions = Decision.objects.filter(product=product).order_by("-decided_on", "-id")
    same = [d for d in decisions if same_number(d.number, decision_number) or d.decided_on == decision_date]
    for decision in same:
        label = decision_label(decision)
        if not decision.recognised or decision.stars < 3:
            raise DomainError(
                _(
                    "Trái với quyết định %(decision)s đã có trong hệ thống: sản phẩm được xếp hạng %(decided)s sao "
                    "và không được công nhận."
                )
                % {"decision": label, "decided": decision.stars},
                field="stars",
            )
        if decision.stars != stars:
            raise DomainError(
                _("Trái với quyết định %(decision)s đã có trong hệ thống: sản phẩm được công nhận %(decided)s sao.")
                % {"decision": label, "decided": decision.stars},
                field="stars",
            )
        if not same_number(decision.number, decision_number) or decision.decided_on != decision_date:
            raise DomainError(
                _("Trái với quyết định %(decision)s đã có trong hệ thống: số hoặc ngày quyết định khác.")
                % {"decision": label},
                field="decision_number",
            )
        refuse_if_certified(decision=decision, label=label)
        return decision
    since = (
        Decision.objects.filter(product=product, is_historical=False, decided_on__lte=decision_date)
        .order_by("decided_on", "id")
        .first()
    )
    if since is not None:
        raise DomainError(
            _(
                "Sản phẩm đã được đánh giá trên hệ thống (quyết định %(decision)s, %(stars)s sao): giấy chứng nhận "
                "từ ngày đó chỉ được cấp từ quyết định đã ghi, không ghi nhận là hồ sơ lịch sử."
            )
            % {"decision": decision_label(since), "stars": since.stars},
            field="decision_date",
        )
    return None


def historical_check(
    *,
    product: Product,
    stars: int,
    criteria_version: CriteriaVersion,
    number: str,
    decision_number: str,
    decision_date: date,
    signer_name: str,
    total: Decimal | None = None,
) -> tuple[str, Decision | None]:
    """Every rule of a historical record except the scan and who records it.

    Returns the authority level (from the authority table) and the decision in the system to link, if any.
    """
    if stars is None or not 3 <= int(stars) <= 5:
        raise DomainError(
            _("Giấy chứng nhận OCOP chỉ có hạng 3, 4 hoặc 5 sao (đã ghi %(stars)s sao).") % {"stars": stars},
            field="stars",
        )
    if int(stars) < criteria_version.certified_min_stars:
        raise DomainError(
            _("Theo %(version)s chỉ sản phẩm từ %(min)s sao được công nhận.")
            % {"version": criteria_version.code, "min": criteria_version.certified_min_stars},
            field="stars",
        )
    if not (number or "").strip():
        raise DomainError(_("Hãy ghi số in trên giấy chứng nhận."), field="number")
    if Certificate.objects.filter(number=number.strip()).exists():
        raise DomainError(_("Số giấy chứng nhận %(number)s đã có.") % {"number": number.strip()}, field="number")
    if not (decision_number or "").strip():
        raise DomainError(_("Cần số quyết định công nhận."), field="decision_number")
    if decision_date > timezone.localdate():
        raise DomainError(_("Ngày quyết định không được ở tương lai."), field="decision_date")
    if not (signer_name or "").strip():
        raise DomainError(_("Hãy ghi họ tên người ký như trên quyết định."), field="signer_name")
    if total is not None:
        total = Decimal(str(total)).quantize(Decimal("0.01"))
        if total < 0 or total > criteria_version.max_total:
            raise DomainError(
                _("Tổng điểm phải từ 0 đến %(max)s.") % {"max": criteria_version.max_total}, field="total"
            )
        if int(stars) > stars_for_total(total=total, star_bands=star_bands_of(criteria_version.star_bands)):
            raise DomainError(
                _("Tổng điểm %(total)s không đủ cho hạng %(stars)s sao.") % {"total": total, "stars": stars},
                field="total",
            )
    try:
        period = authority.period_for(version_code=criteria_version.code, on=decision_date)
    except DomainError as error:
        raise DomainError(error.message, field="decision_date") from None
    level = period.recognising_level(int(stars))
    if level is None:
        raise DomainError(
            _("Theo %(period)s không cấp nào công nhận hạng %(stars)s sao.") % {"period": period.name, "stars": stars},
            field="stars",
        )
    decision = historical_decision(
        product=product, stars=int(stars), decision_number=decision_number.strip(), decision_date=decision_date
    )
    return level, decision


@transaction.atomic
def certificate_record_historical(
    *,
    actor: User | None,
    product: Product,
    stars: int,
    criteria_version: CriteriaVersion,
    number: str,
    decision_number: str,
    decision_date: date,
    signer_name: str,
    signer_title: str = "",
    total: Decimal | None = None,
    valid_from: date | None = None,
    decision_document: Any = None,  # an uploaded file
    require_document: bool = True,
    source: str = "",
    is_demo: bool = False,
    system: SystemCaller | None = None,
) -> Certificate:
    """Record a paper certificate issued before the platform (a "historical record").

    `actor=None` (the system) needs a named `system` caller (an import, the demo data), or it is refused.

    `decision_document` (the scan) is required except from the Excel import (`require_document=False`),
    whose rows get their scan attached afterwards on the certificate's page.
    """
    if require_document or decision_document is not None:
        check_decision_document(decision_document)
    locked = Product.objects.select_for_update().select_related("producer__commune__province").get(pk=product.pk)
    stars = int(stars)
    level, decision = historical_check(
        product=locked,
        stars=stars,
        criteria_version=criteria_version,
        number=number,
        decision_number=decision_number,
        decision_date=decision_date,
        signer_name=signer_name,
        total=total,
    )
    check_issuing_authority(
        actor=actor, product=locked, stars=stars, authority_level=level, decision_date=decision_date, system=system
    )
    authority_name = authority_name_for(level=level, product=locked)
    valid_from = valid_from or decision_date
    if valid_from < decision_date:
        raise DomainError(_("Ngày bắt đầu hiệu lực không được trước ngày quyết định."), field="valid_from")
    valid_until = validity_end(valid_from)
    already_ended = valid_until < timezone.localdate()
    previous = None if already_ended else supersede(actor=actor, product=locked, valid_from=valid_from, supersedes=None)
    number = number.strip()
    if previous is not None and previous.status == CertificateStatus.VALID:
        mark_superseded(actor=actor, previous=previous, number=number)
    certificate = Certificate(
        number=number,
        product=locked,
        producer=locked.producer,
        stars=stars,
        criteria_version=criteria_version,
        total=None if total is None else Decimal(str(total)).quantize(Decimal("0.01")),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        authority_level=level,
        authority_name=authority_name,
        signer_name=signer_name.strip(),
        signer_title=(signer_title or "").strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        status=CertificateStatus.EXPIRED if already_ended else CertificateStatus.VALID,
        supersedes=previous,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_historical=True,
        evaluation_decision=decision,
        is_demo=is_demo,
    )
    certificate.full_clean(exclude=["decision_document"])
    if decision_document is not None:
        certificate.decision_document.save(decision_document.name or "quyet-dinh.pdf", decision_document, save=False)
    certificate.save()
    after = {**snapshot(certificate, AUDIT_FIELDS), "decision_document": certificate.decision_document.name}
    if source:
        after["source"] = source
    audit_record(actor=actor, action="certificate.record_historical", target=certificate, after=after)
    product_status_recompute(actor=actor, product_id=locked.pk)
    on_commit_clear(certificate.pk)
    run_hooks(ProductsChanged(product_ids=(locked.pk,)))
    return certificate


@transaction.atomic
def certificate_attach_decision_document(*, actor: User | None, certificate: Certificate, upload: Any) -> Certificate:
    """Attach the scanned decision to a historical record that has none yet (e.g. one imported from Excel)."""
    from ocop.accounts.policy import require_change

    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    require_change(actor, locked)
    if not locked.is_historical:
        raise DomainError(_("Chỉ hồ sơ lịch sử mới đính kèm bản quét quyết định."), field="decision_document")
    if locked.decision_document:
        raise DomainError(_("Hồ sơ này đã có bản quét quyết định."), field="decision_document")
    check_decision_document(upload)
    locked.decision_document.save(upload.name or "quyet-dinh.pdf", upload, save=False)
    locked.save(update_fields=["decision_document", "updated_at"])
    audit_record(
        actor=actor,
        action="certificate.attach_decision_document",
        target=locked,
        after={"decision_document": locked.decision_document.name},
    )
    on_commit_clear(locked.pk)
    return locked
