"""Issuing a certificate: only from a recorded decision that recognised the product at that star.

`decision_check` is the one rule, used by every way a certificate is issued: the issue form and
the API (`certificate_issue_for_number`), the decision → certificate hook
(`certificate_issue_for_decision`) and the demo loader. The certificate copies what the decision
says (stars, criteria version, total, number, date, authority, signer); the authority must be the
one the authority table (evaluations/data/authority.json) gives for the version and the date.
Paper certificates issued before the platform take the separate historical path (historical.py).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.system import SystemCaller
from ocop.certificates.models import AuthorityLevel, Certificate, CertificateStatus
from ocop.certificates.services.common import (
    AUDIT_FIELDS,
    check_issuing_authority,
    next_number,
    on_commit_clear,
    product_status_recompute,
    validity_end,
)
from ocop.core.errors import DomainError
from ocop.core.hooks import ProductsChanged, run_hooks
from ocop.core.services import audit_record, snapshot
from ocop.evaluations import authority
from ocop.evaluations.models import Decision
from ocop.geo.models import HistoricalDistrict, Province, UnitType
from ocop.products.models import Product

CENTRAL_AUTHORITY_NAME = "Bộ Nông nghiệp và Môi trường"
# The word before a unit's name in "Ủy ban nhân dân <word> <name>", by unit type.
_UNIT_WORD: dict[str, str] = {
    UnitType.PROVINCE: "tỉnh",
    UnitType.CENTRAL_CITY: "thành phố",
    UnitType.CITY: "thành phố",
    UnitType.TOWN: "thị xã",
    UnitType.DISTRICT: "huyện",
    UnitType.URBAN_DISTRICT: "quận",
}
_NAME_PREFIXES = ("Tỉnh ", "Thành phố ", "Thị xã ", "Huyện ", "Quận ")


def unit_short_name(unit: Province | HistoricalDistrict) -> str:
    """ "Quảng Ninh" for "Tỉnh Quảng Ninh": the name without its unit word, as a paper's place is written."""
    name = unit.name
    for prefix in _NAME_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def people_committee(unit: Province | HistoricalDistrict) -> str:
    """ "Ủy ban nhân dân tỉnh Quảng Ninh", "Ủy ban nhân dân huyện Ba Chẽ": the unit word in lower case."""
    return f"Ủy ban nhân dân {_UNIT_WORD.get(unit.unit_type, '')} {unit_short_name(unit)}".replace("  ", " ")


def authority_name_for(*, level: str, product: Product) -> str:
    """The recognising authority's name for a level, from where the product's producer is (or was)."""
    producer = product.producer
    if level == AuthorityLevel.CENTRAL:
        return CENTRAL_AUTHORITY_NAME
    if level == AuthorityLevel.DISTRICT:
        district = producer.historical_district
        if district is None:
            raise DomainError(
                _(
                    "Quyết định do cấp huyện ban hành: hãy ghi huyện (trước 7/2025) của chủ thể “%(producer)s” "
                    "để in đúng tên cơ quan công nhận."
                )
                % {"producer": producer.legal_name},
                field="decision_number",
            )
        return people_committee(district)
    return people_committee(producer.commune.province)


def decision_label(decision: Decision) -> str:
    return _("số %(number)s ngày %(date)s") % {
        "number": decision.number,
        "date": decision.decided_on.strftime("%d/%m/%Y"),
    }


def decision_check(*, decision: Decision, product: Product, stars: int) -> None:
    """Refuse unless `decision` recognised `product` at `stars`, by the authority the table gives.

    The one rule behind every certificate that is not a historical record. Each refusal names the
    decision it contradicts.
    """
    label = decision_label(decision)
    if decision.product_id != product.pk:
        raise DomainError(
            _("Quyết định %(decision)s là của sản phẩm khác, không phải “%(product)s”.")
            % {"decision": label, "product": product.name_vi},
            field="decision_number",
        )
    if not decision.recognised or decision.stars < 3:
        raise DomainError(
            _(
                "Trái với quyết định %(decision)s: sản phẩm được xếp hạng %(decided)s sao và không được công nhận "
                "là sản phẩm OCOP, nên không cấp giấy chứng nhận %(stars)s sao."
            )
            % {"decision": label, "decided": decision.stars, "stars": stars},
            field="stars",
        )
    if decision.stars != stars:
        raise DomainError(
            _("Trái với quyết định %(decision)s: sản phẩm được công nhận %(decided)s sao, không phải %(stars)s sao.")
            % {"decision": label, "decided": decision.stars, "stars": stars},
            field="stars",
        )
    period = authority.period_for(version_code=decision.criteria_version.code, on=decision.decided_on)
    level = period.recognising_level(stars)
    if decision.authority != level:
        raise DomainError(
            _(
                "Quyết định %(decision)s ghi cấp công nhận “%(recorded)s”, nhưng theo %(period)s hạng %(stars)s sao "
                "do cấp “%(level)s” công nhận."
            )
            % {
                "decision": label,
                "recorded": AuthorityLevel(decision.authority).label if decision.authority else "—",
                "period": period.name,
                "stars": stars,
                "level": AuthorityLevel(level).label if level else "—",
            },
            field="decision_number",
        )
    refuse_if_certified(decision=decision, label=label)


def refuse_if_certified(*, decision: Decision, label: str) -> None:
    """One decision gives one certificate: refuse, naming the certificate it already gave."""
    issued = Certificate.objects.filter(evaluation_decision=decision).first()
    if issued is not None:
        raise DomainError(
            _("Quyết định %(decision)s đã có giấy chứng nhận số %(certificate)s.")
            % {"decision": label, "certificate": issued.number},
            field="decision_number",
        )


def same_number(first: str, second: str) -> bool:
    """Two decision numbers as people type them: case and spaces do not matter ("12/QĐ-UBND" = "12 / qđ-ubnd")."""
    return "".join(first.split()).casefold() == "".join(second.split()).casefold()


def decision_for_number(*, product: Product, number: str) -> Decision:
    """The product's recorded decision with this number; the refusal names the latest one it has."""
    number = (number or "").strip()
    decisions = Decision.objects.filter(product=product).select_related("criteria_version")
    # Compared in Python: SQLite folds the case of ASCII letters only ("QĐ" and "qđ" must match).
    found = [d for d in decisions if same_number(d.number, number)] if number else []
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise DomainError(
            _("Sản phẩm có %(count)s quyết định cùng số %(number)s; hãy cấp từ trang của quyết định.")
            % {"count": len(found), "number": number},
            field="decision_number",
        )
    latest = decisions.order_by("-decided_on", "-id").first()
    if latest is None:
        raise DomainError(
            _(
                "Sản phẩm “%(product)s” chưa có quyết định công nhận nào trong hệ thống. Giấy chứng nhận chỉ được "
                "cấp từ quyết định đã ghi; giấy đã cấp trên giấy trước đây, hãy ghi nhận là hồ sơ lịch sử."
            )
            % {"product": product.name_vi},
            field="decision_number",
        )
    raise DomainError(
        _(
            "Sản phẩm “%(product)s” không có quyết định số %(number)s trong hệ thống. Quyết định đã ghi gần nhất: "
            "%(decision)s, %(stars)s sao, %(outcome)s."
        )
        % {
            "product": product.name_vi,
            "number": number,
            "decision": decision_label(latest),
            "stars": latest.stars,
            "outcome": _("được công nhận") if latest.recognised else _("không được công nhận"),
        },
        field="decision_number",
    )


def supersede(
    *, actor: User | None, product: Product, valid_from: date, supersedes: Certificate | None
) -> Certificate | None:
    """The valid certificate the new one replaces (upgrade or renewal), checked and locked; None if none."""
    current = (
        Certificate.objects.select_for_update()
        .filter(product=product, status=CertificateStatus.VALID)
        .order_by("-valid_from")
        .first()
    )
    previous = None
    if supersedes is not None:
        previous = Certificate.objects.select_for_update().get(pk=supersedes.pk)
        if previous.product_id != product.pk:
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
    if current is not None:
        if current.valid_from > valid_from:
            raise DomainError(
                _("Sản phẩm đã có giấy chứng nhận %(number)s mới hơn còn hiệu lực.") % {"number": current.number},
                field="valid_from",
            )
        previous = current
    return previous


def mark_superseded(*, actor: User | None, previous: Certificate, number: str) -> None:
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
    on_commit_clear(previous.pk)


@transaction.atomic
def certificate_issue(
    *,
    actor: User | None,
    decision: Decision,
    stars: int | None = None,
    valid_from: date | None = None,
    supersedes: Certificate | None = None,
    is_demo: bool = False,
    system: SystemCaller | None = None,
) -> Certificate:
    """Issue the certificate of a recorded recognition decision.

    `actor=None` (the system) needs a named `system` caller; without one the issue is refused.

    `stars`, when given (the form and the API ask for it), must be the decision's. Everything printed
    comes from the decision: stars, criteria version, total, number, date, authority level, signer;
    the authority's name from the authority level and the producer's province (or pre-2025
    district). A valid certificate of the same product is superseded (upgrade or renewal). A
    decision whose 36 months have already passed gives an expired certificate that supersedes nothing.
    """
    decision = Decision.objects.select_for_update().select_related("criteria_version").get(pk=decision.pk)
    product = (
        Product.objects.select_for_update().select_related("producer__commune__province").get(pk=decision.product_id)
    )
    stars = decision.stars if stars is None else int(stars)
    decision_check(decision=decision, product=product, stars=stars)
    check_issuing_authority(
        actor=actor,
        product=product,
        stars=stars,
        authority_level=decision.authority,
        decision_date=decision.decided_on,
        system=system,
    )
    authority_name = authority_name_for(level=decision.authority, product=product)
    signer_name = (decision.signer_name or "").strip()
    if not signer_name or signer_name == "—":
        raise DomainError(
            _(
                "Quyết định %(decision)s không ghi người ký (kết quả nhập từ hồ sơ cũ): hãy ghi nhận giấy chứng "
                "nhận bản giấy của quyết định này là hồ sơ lịch sử, với người ký và bản quét quyết định."
            )
            % {"decision": decision_label(decision)},
            field="decision_number",
        )

    today = timezone.localdate()
    valid_from = valid_from or decision.decided_on
    if valid_from < decision.decided_on:
        raise DomainError(_("Ngày bắt đầu hiệu lực không được trước ngày quyết định."), field="valid_from")
    valid_until = validity_end(valid_from)
    already_ended = valid_until < today
    previous = (
        None if already_ended else supersede(actor=actor, product=product, valid_from=valid_from, supersedes=supersedes)
    )
    number = next_number(product=product, year=decision.decided_on.year)
    if previous is not None and previous.status == CertificateStatus.VALID:
        mark_superseded(actor=actor, previous=previous, number=number)

    certificate = Certificate(
        number=number,
        product=product,
        producer=product.producer,
        stars=stars,
        criteria_version=decision.criteria_version,
        total=decision.total,
        decision_number=decision.number,
        decision_date=decision.decided_on,
        authority_level=decision.authority,
        authority_name=authority_name,
        signer_name=signer_name,
        signer_title=(decision.signer_title or "").strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        status=CertificateStatus.EXPIRED if already_ended else CertificateStatus.VALID,
        supersedes=previous,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_historical=False,
        evaluation_decision=decision,
        is_demo=is_demo,
    )
    certificate.full_clean()
    certificate.save()
    after = {**snapshot(certificate, AUDIT_FIELDS), "decision": decision.pk}
    audit_record(actor=actor, action="certificate.issue", target=certificate, after=after)
    product_status_recompute(actor=actor, product_id=product.pk)
    on_commit_clear(certificate.pk)
    run_hooks(ProductsChanged(product_ids=(certificate.product_id,)))
    return certificate


def certificate_issue_for_number(
    *, actor: User | None, product: Product, stars: int, decision_number: str, valid_from: date | None = None
) -> Certificate:
    """The issue form and the API: the product's recorded decision with that number, then the rule."""
    decision = decision_for_number(product=product, number=decision_number)
    return certificate_issue(actor=actor, decision=decision, stars=stars, valid_from=valid_from)


def certificate_issue_for_decision(decision: Decision) -> Certificate | None:
    """Issue the certificate that a recognition decision of the evaluation flow calls for.

    Called (through settings.OCOP_HOOKS["decision.recorded"]) inside the transaction that records the
    decision, so a failure here leaves neither the decision nor the certificate. A decision that
    recognises nothing (below ★3, or a product forwarded to the central council) issues nothing. The
    decision flow has already checked who decides; the certificate is issued by the system on its behalf.
    """
    if not decision.recognised or decision.stars < 3:
        return None
    return certificate_issue(actor=None, decision=decision, system=SystemCaller.DECISION)
