"""Every transition of the evaluation workflow. Each checks role, state and scope, and is audited.

An illegal transition raises DomainError (400, a clear message) or PermissionDenied (403) before
anything is written. Two people can act on one dossier at once (members saving, the chair closing),
so every transition locks the dossier row first (`select_for_update`) and re-reads its state.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ocop.accounts.models import Role, User
from ocop.accounts.policy import may_view, role_of
from ocop.core.errors import DomainError
from ocop.core.hooks import run_hooks
from ocop.core.services import audit_record
from ocop.criteria import engine
from ocop.criteria import selectors as criteria_selectors
from ocop.criteria.assessment import assess
from ocop.criteria.models import CriteriaVersion
from ocop.evaluations import authority, evidence, scoring
from ocop.evaluations.models import (
    SCORING_ROLES,
    Assignment,
    ConflictOfInterest,
    Council,
    CouncilMember,
    CouncilResult,
    CouncilRole,
    Decision,
    Dossier,
    DossierKind,
    DossierStatus,
    DossierVersion,
    EvaluationRound,
    EvidenceFile,
    Level,
    ScoreSheet,
    SheetKind,
)
from ocop.evaluations.notifications import notify_on_commit
from ocop.evaluations.uploads import check_evidence_upload
from ocop.products.models import Product

# A product is scored by at least this many council members (chair included).
MIN_SCORERS = 3
# A member whose total differs from the median by more than this is discussed before closing.
OUTLIER_POINTS = Decimal("15")

S = DossierStatus


# ---------------------------------------------------------------- helpers


def _refuse(message: str, field: str | None = None) -> DomainError:
    return DomainError(message, field=field)


def _require_role(actor, *roles: str) -> str:
    role = role_of(actor)
    if role is None or (role not in roles and role != Role.ADMIN):
        raise PermissionDenied
    return role


def _require_scope(actor, dossier: Dossier) -> None:
    if not may_view(actor, dossier):
        raise PermissionDenied


def _lock(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("product", "producer__commune__province", "criteria_version", "product_set__version", "round")
        .get(pk=dossier.pk)
    )


def _require_status(dossier: Dossier, allowed: Iterable[str], action: str) -> None:
    if dossier.status not in set(allowed):
        raise _refuse(
            _("Không thể %(action)s: hồ sơ đang ở trạng thái “%(status)s”.")
            % {"action": action, "status": dossier.get_status_display()},
            "status",
        )


def _link(dossier: Dossier) -> str:
    return reverse("evaluations:dossier", args=[dossier.pk])


def _producer_users(dossier: Dossier):
    return list(User.objects.filter(role=Role.PRODUCER, producer_id=dossier.producer_id, is_active=True))


def _commune_officers(dossier: Dossier):
    return list(User.objects.filter(role=Role.COMMUNE_OFFICER, commune_id=dossier.producer.commune_id, is_active=True))


def _provincial_officers(dossier: Dossier):
    return list(
        User.objects.filter(
            role=Role.PROVINCIAL_OFFICER, province_id=dossier.producer.commune.province_id, is_active=True
        )
    )


def _transition(
    *, actor, dossier: Dossier, to: str, action: str, extra: dict | None = None, notify: Iterable = ()
) -> Dossier:
    before = {"status": dossier.status}
    dossier.status = to
    dossier.save()
    after = {"status": to, **(extra or {})}
    event = audit_record(actor=actor, action=action, target=dossier, before=before, after=after)
    notify_on_commit(event=event, users=[*_producer_users(dossier), *notify], link=_link(dossier))
    return dossier


def _registration_from_registry(product: Product) -> dict:
    producer = product.producer
    return {
        "producer_name": producer.legal_name,
        "producer_type": producer.producer_type,
        "tax_code": producer.tax_code,
        "registration_number": producer.registration_number,
        "representative_name": producer.representative_name,
        "address": producer.address,
        "commune": str(producer.commune),
        "phone": producer.phone,
        "email": producer.email,
        "product_name_vi": product.name_vi,
        "product_name_en": product.name_en,
        "ingredients": product.ingredients,
        "packaging": product.packaging,
        "gtin": product.gtin,
    }


# The registration form's fields (Mẫu 01) and their labels, in order.
REGISTRATION_LABELS = {
    "producer_name": _lazy("Tên chủ thể"),
    "producer_type": _lazy("Loại hình"),
    "tax_code": _lazy("Mã số thuế"),
    "registration_number": _lazy("Số đăng ký kinh doanh"),
    "representative_name": _lazy("Người đại diện"),
    "address": _lazy("Địa chỉ"),
    "commune": _lazy("Xã, phường"),
    "phone": _lazy("Điện thoại"),
    "email": _lazy("Thư điện tử"),
    "product_name_vi": _lazy("Tên sản phẩm"),
    "product_name_en": _lazy("Tên sản phẩm (tiếng Anh)"),
    "ingredients": _lazy("Thành phần"),
    "packaging": _lazy("Quy cách đóng gói"),
    "gtin": _lazy("Mã GTIN"),
    "production_capacity": _lazy("Năng lực sản xuất"),
    "notes": _lazy("Ghi chú"),
}
REGISTRATION_FIELDS = tuple(REGISTRATION_LABELS)


def _self_sheet(dossier: Dossier) -> ScoreSheet:
    sheet, _created = ScoreSheet.objects.get_or_create(dossier=dossier, kind=SheetKind.SELF)
    return sheet


# ---------------------------------------------------------------- producer


@transaction.atomic
def dossier_create(*, actor, product: Product, kind: str = DossierKind.FIRST) -> Dossier:
    """Open a dossier for one product on the criteria version in force, prefilled from the registry."""
    _require_role(actor, Role.PRODUCER)
    if role_of(actor) == Role.PRODUCER and actor.producer_id != product.producer_id:
        raise PermissionDenied
    if kind not in DossierKind.values:
        raise _refuse(_("Loại hồ sơ không hợp lệ."), "kind")
    if product.archived_at is not None:
        raise _refuse(_("Sản phẩm đã lưu trữ, không thể lập hồ sơ."), "product")
    if product.product_set_id is None:
        raise _refuse(
            _("Sản phẩm chưa được xếp vào bộ sản phẩm nào: hãy chọn bộ sản phẩm trong thông tin sản phẩm trước."),
            "product_set",
        )
    version = criteria_selectors.version_current()
    if version is None or product.product_set.version_id != version.pk:
        raise _refuse(_("Bộ sản phẩm của sản phẩm không thuộc phiên bản bộ tiêu chí đang có hiệu lực."), "product_set")
    if Dossier.objects.filter(product=product, is_historical=False).exclude(status=S.DECIDED).exists():
        raise _refuse(_("Sản phẩm này đang có một hồ sơ chưa có quyết định."), "product")
    dossier = Dossier(
        product=product,
        producer=product.producer,
        kind=kind,
        criteria_version=version,
        product_set=product.product_set,
        registration=_registration_from_registry(product),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    dossier.full_clean()
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError:
        raise _refuse(_("Sản phẩm này đang có một hồ sơ chưa có quyết định."), "product") from None
    ScoreSheet.objects.create(dossier=dossier, kind=SheetKind.SELF, author=actor)
    audit_record(
        actor=actor,
        action="dossier.create",
        target=dossier,
        after={"status": dossier.status, "kind": kind, "product_set": dossier.product_set.code},
    )
    return dossier


def _require_producer_editing(actor, dossier: Dossier, action: str) -> None:
    _require_role(actor, Role.PRODUCER)
    _require_scope(actor, dossier)
    _require_status(dossier, (S.DRAFT, S.RETURNED), action)


@transaction.atomic
def dossier_registration_update(*, actor, dossier: Dossier, changes: Mapping[str, str]) -> Dossier:
    dossier = _lock(dossier)
    _require_producer_editing(actor, dossier, _("sửa phiếu đăng ký"))
    unknown = set(changes) - set(REGISTRATION_FIELDS)
    if unknown:
        raise _refuse(_("Trường không có trong phiếu đăng ký: %s") % ", ".join(sorted(unknown)), sorted(unknown)[0])
    before = {key: dossier.registration.get(key, "") for key in changes}
    dossier.registration = {**dossier.registration, **{k: str(v) for k, v in changes.items()}}
    dossier.save()
    audit_record(actor=actor, action="dossier.registration", target=dossier, before=before, after=dict(changes))
    return dossier


@transaction.atomic
def self_assessment_save(
    *, actor, dossier: Dossier, answers: Mapping[str, str | None], knockouts: Iterable[str] = ()
) -> Dossier:
    """Save the producer's self-assessment (it may be incomplete until submission)."""
    dossier = _lock(dossier)
    _require_producer_editing(actor, dossier, _("sửa phiếu tự đánh giá"))
    sheet = scoring.sheet_of(dossier)
    checked = engine.answers_from_pairs(sheet=sheet, pairs=list(answers.items()))
    knockouts = list(knockouts)
    assessment = assess(sheet=sheet, answers=checked, knockouts=knockouts)
    sheet_row = _self_sheet(dossier)
    scoring.answers_store(sheet_row=sheet_row, product_set_id=dossier.product_set_id, answers=checked)
    sheet_row.knockouts = list(assessment.result.knockouts)
    sheet_row.total = assessment.result.total
    sheet_row.stars = assessment.classification.stars
    sheet_row.author = actor
    sheet_row.save()
    before = {"self_total": str(dossier.self_total) if dossier.self_total is not None else None}
    dossier.self_total = assessment.result.total
    dossier.self_stars = assessment.classification.stars
    dossier.save()
    audit_record(
        actor=actor,
        action="dossier.self_assessment",
        target=dossier,
        before=before,
        after={"self_total": str(dossier.self_total), "answered": len(checked)},
    )
    return dossier


@transaction.atomic
def evidence_add(*, actor, dossier: Dossier, upload, kind: str) -> EvidenceFile:
    dossier = _lock(dossier)
    _require_producer_editing(actor, dossier, _("thêm minh chứng"))
    content_type = check_evidence_upload(upload=upload, kind=kind)
    item = EvidenceFile(
        dossier=dossier,
        kind=kind,
        original_name=upload.name[:255],
        size=upload.size,
        content_type=content_type,
        uploaded_by=actor,
    )
    item.file.save(upload.name, upload, save=False)
    item.save()
    audit_record(
        actor=actor, action="dossier.evidence_add", target=dossier, after={"evidence": item.original_name, "kind": kind}
    )
    return item


@transaction.atomic
def evidence_remove(*, actor, item: EvidenceFile) -> None:
    dossier = _lock(item.dossier)
    _require_producer_editing(actor, dossier, _("xoá minh chứng"))
    name, stored = item.original_name, item.file.name
    item.delete()
    storage = EvidenceFile.file.field.storage
    transaction.on_commit(lambda: storage.delete(stored))
    audit_record(actor=actor, action="dossier.evidence_remove", target=dossier, before={"evidence": name})


def evidence_check(dossier: Dossier) -> list[evidence.Requirement]:
    sheet = scoring.sheet_of(dossier)
    self_sheet = dossier.sheets.filter(kind=SheetKind.SELF).first()
    return evidence.check(dossier=dossier, sheet=sheet, answers=scoring.answers_of(self_sheet))


@transaction.atomic
def dossier_submit(*, actor, dossier: Dossier) -> Dossier:
    """Draft or returned → submitted: a complete self-assessment and every evidence it needs."""
    dossier = _lock(dossier)
    _require_producer_editing(actor, dossier, _("nộp hồ sơ"))
    sheet = scoring.sheet_of(dossier)
    self_sheet = _self_sheet(dossier)
    answers = scoring.answers_of(self_sheet)
    result = engine.score(sheet, answers=answers, knockouts=self_sheet.knockouts)  # refuses an incomplete sheet
    missing = [r for r in evidence.check(dossier=dossier, sheet=sheet, answers=answers) if r.missing]
    if missing:
        raise _refuse(
            _("Hồ sơ còn thiếu minh chứng: %s.") % "; ".join(r.label for r in missing),
            "evidence",
        )
    number = dossier.versions.count() + 1
    now = timezone.now()
    DossierVersion.objects.create(
        dossier=dossier,
        number=number,
        submitted_at=now,
        submitted_by=actor,
        snapshot={
            "registration": dossier.registration,
            "answers": answers,
            "knockouts": list(self_sheet.knockouts),
            "self_total": str(result.total),
            "self_stars": dossier.self_stars,
            "evidence": [
                {"id": f.pk, "kind": f.kind, "name": f.original_name, "size": f.size} for f in dossier.evidence.all()
            ],
        },
    )
    self_sheet.status = ScoreSheet.Status.SUBMITTED
    self_sheet.submitted_at = now
    self_sheet.save()
    dossier.submitted_at = now
    return _transition(
        actor=actor,
        dossier=dossier,
        to=S.SUBMITTED,
        action="dossier.submit",
        extra={"version": number, "self_total": str(result.total)},
        notify=_commune_officers(dossier),
    )


# ---------------------------------------------------------------- commune


def _require_commune(actor, dossier: Dossier) -> None:
    role = _require_role(actor, Role.COMMUNE_OFFICER)
    if role == Role.COMMUNE_OFFICER and actor.commune_id != dossier.producer.commune_id:
        raise PermissionDenied


@transaction.atomic
def dossier_return(*, actor, dossier: Dossier, reason: str) -> Dossier:
    dossier = _lock(dossier)
    _require_commune(actor, dossier)
    _require_status(dossier, (S.SUBMITTED, S.ACCEPTED), _("trả lại hồ sơ"))
    reason = (reason or "").strip()
    if not reason:
        raise _refuse(_("Hãy ghi rõ lý do trả lại để chủ thể biết cần bổ sung gì."), "reason")
    version = dossier.versions.order_by("-number").first()
    version.returned_at = timezone.now()
    version.returned_by = actor
    version.return_reason = reason
    version.save()
    ScoreSheet.objects.filter(dossier=dossier, kind=SheetKind.SELF).update(status=ScoreSheet.Status.DRAFT)
    return _transition(actor=actor, dossier=dossier, to=S.RETURNED, action="dossier.return", extra={"reason": reason})


@transaction.atomic
def dossier_accept(*, actor, dossier: Dossier) -> Dossier:
    dossier = _lock(dossier)
    _require_commune(actor, dossier)
    _require_status(dossier, (S.SUBMITTED,), _("tiếp nhận hồ sơ"))
    return _transition(actor=actor, dossier=dossier, to=S.ACCEPTED, action="dossier.accept")


@transaction.atomic
def commune_assessment_save(
    *, actor, dossier: Dossier, answers: Mapping[str, str | None], comment: str = ""
) -> ScoreSheet:
    """The commune's pre-evaluation of the four local criteria (every one of them answered)."""
    dossier = _lock(dossier)
    _require_commune(actor, dossier)
    _require_status(dossier, (S.ACCEPTED,), _("đánh giá sơ bộ"))
    sheet = scoring.sheet_of(dossier)
    local = scoring.local_criteria(sheet)
    allowed = set(local.values())
    outside = sorted(set(answers) - allowed)
    if outside:
        raise _refuse(
            _("Xã chỉ đánh giá sơ bộ các tiêu chí địa phương; tiêu chí %s không thuộc phần này.")
            % sheet.criterion_name(outside[0])
            if outside[0] in sheet.criteria
            else _("Tiêu chí “%s” không có trong phiếu chấm.") % outside[0],
            outside[0],
        )
    missing = [code for code in local.values() if code not in answers]
    if missing:
        raise _refuse(_("Tiêu chí %s chưa được đánh giá sơ bộ.") % sheet.criterion_name(missing[0]), missing[0])
    checked = engine.answers_from_pairs(sheet=sheet, pairs=list(answers.items()))
    total = sum((sheet.index.options[code][option].points for code, option in checked.items() if option), Decimal(0))
    sheet_row, _created = ScoreSheet.objects.get_or_create(dossier=dossier, kind=SheetKind.COMMUNE)
    before = {"total": str(sheet_row.total) if sheet_row.total is not None else None}
    scoring.answers_store(sheet_row=sheet_row, product_set_id=dossier.product_set_id, answers=checked)
    sheet_row.total = total
    sheet_row.comment = comment
    sheet_row.author = actor
    sheet_row.status = ScoreSheet.Status.SUBMITTED
    sheet_row.submitted_at = timezone.now()
    sheet_row.save()
    audit_record(
        actor=actor, action="dossier.commune_assessment", target=dossier, before=before, after={"total": str(total)}
    )
    return sheet_row


@transaction.atomic
def dossier_forward(*, actor, dossier: Dossier) -> Dossier:
    dossier = _lock(dossier)
    _require_commune(actor, dossier)
    _require_status(dossier, (S.ACCEPTED,), _("chuyển hồ sơ lên tỉnh"))
    if not dossier.sheets.filter(kind=SheetKind.COMMUNE, status=ScoreSheet.Status.SUBMITTED).exists():
        raise _refuse(_("Hãy ghi kết quả đánh giá sơ bộ 4 tiêu chí địa phương trước khi chuyển lên tỉnh."), "commune")
    return _transition(
        actor=actor, dossier=dossier, to=S.FORWARDED, action="dossier.forward", notify=_provincial_officers(dossier)
    )


# ---------------------------------------------------------------- province: rounds, councils, assignments


def _require_round_organiser(actor, round_: EvaluationRound) -> None:
    if round_.level == Level.CENTRAL:
        _require_role(actor, Role.CENTRAL_OFFICER)
        return
    role = _require_role(actor, Role.PROVINCIAL_OFFICER)
    if role == Role.PROVINCIAL_OFFICER and actor.province_id != round_.province_id:
        raise PermissionDenied


@transaction.atomic
def round_open(
    *,
    actor,
    year: int,
    number: int,
    name: str,
    criteria_version: CriteriaVersion,
    opens_on: datetime.date,
    closes_on: datetime.date,
    level: str = Level.PROVINCE,
    province=None,
) -> EvaluationRound:
    if level == Level.CENTRAL:
        _require_role(actor, Role.CENTRAL_OFFICER)
        province = None
    else:
        role = _require_role(actor, Role.PROVINCIAL_OFFICER)
        if role == Role.PROVINCIAL_OFFICER:
            province = actor.province
        if province is None:
            raise _refuse(_("Hãy chọn tỉnh của đợt đánh giá."), "province")
    if not criteria_version.has_sheets:
        raise _refuse(
            _("Phiên bản bộ tiêu chí này không có phiếu chấm; không thể mở đợt đánh giá."), "criteria_version"
        )
    round_ = EvaluationRound(
        level=level,
        province=province,
        year=year,
        number=number,
        name=name.strip(),
        criteria_version=criteria_version,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor,
    )
    round_.full_clean()
    round_.save()
    audit_record(
        actor=actor,
        action="round.open",
        target=round_,
        after={"name": round_.name, "year": year, "number": number, "version": criteria_version.code},
    )
    return round_


def _eligible(user: User, round_: EvaluationRound) -> bool:
    if not user.is_active:
        return False
    if round_.level == Level.CENTRAL:
        return user.role == Role.CENTRAL_OFFICER
    return user.role in (Role.COUNCIL_MEMBER, Role.PROVINCIAL_OFFICER) and user.province_id == round_.province_id


@transaction.atomic
def council_form(
    *, actor, round_: EvaluationRound, name: str, chair: User, members: list[User], secretary: User
) -> Council:
    """Form (or re-form, before any assignment) the round's council."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    _require_round_organiser(actor, round_)
    if round_.assignments.exists():
        raise _refuse(_("Hội đồng đã được phân công chấm; không thể thay đổi thành phần."), "members")
    people = [chair, *members, secretary]
    if len({u.pk for u in people}) != len(people):
        raise _refuse(_("Mỗi người chỉ giữ một vai trò trong hội đồng."), "members")
    for user in people:
        if not _eligible(user, round_):
            raise _refuse(
                _("%(user)s không thể tham gia hội đồng này (cần là thành viên hội đồng hoặc cán bộ của tỉnh).")
                % {"user": user.display_name}
                if round_.level == Level.PROVINCE
                else _("%(user)s không thể tham gia hội đồng trung ương (cần là cán bộ trung ương).")
                % {"user": user.display_name},
                "members",
            )
    if 1 + len(members) < MIN_SCORERS:
        raise _refuse(
            _("Hội đồng cần ít nhất %(count)d người chấm điểm (chủ tịch và thành viên).") % {"count": MIN_SCORERS},
            "members",
        )
    council, created = Council.objects.get_or_create(round=round_, defaults={"name": name.strip() or round_.name})
    before = None
    if not created:
        before = {"members": [f"{m.role}:{m.user.username}" for m in council.members.select_related("user")]}
        council.members.all().delete()
        council.name = name.strip() or council.name
        council.save()
    seats = [
        (chair, CouncilRole.CHAIR),
        *((m, CouncilRole.MEMBER) for m in members),
        (secretary, CouncilRole.SECRETARY),
    ]
    CouncilMember.objects.bulk_create([CouncilMember(council=council, user=u, role=r) for u, r in seats])
    audit_record(
        actor=actor,
        action="council.form",
        target=round_,
        before=before,
        after={"members": [f"{r}:{u.username}" for u, r in seats]},
    )
    return council


@transaction.atomic
def conflict_declare(*, actor, member: CouncilMember, product: Product, reason: str) -> ConflictOfInterest:
    """A member (or the round's organiser on their behalf) declares a conflict of interest with a product."""
    round_ = member.council.round
    if actor.pk != member.user_id:
        _require_round_organiser(actor, round_)
    reason = (reason or "").strip()
    if not reason:
        raise _refuse(_("Hãy ghi rõ lý do xung đột lợi ích."), "reason")
    if Assignment.objects.filter(member=member, dossier__product=product).exists():
        raise _refuse(
            _("Thành viên đã được phân công chấm sản phẩm này; hãy báo văn phòng OCOP để phân công lại."), "product"
        )
    conflict = ConflictOfInterest(member=member, product=product, reason=reason, declared_by=actor)
    conflict.full_clean()
    conflict.save()
    audit_record(
        actor=actor,
        action="conflict.declare",
        target=round_,
        after={"member": member.user.username, "product": product.name_vi, "reason": reason},
    )
    return conflict


@transaction.atomic
def dossier_assign(
    *, actor, round_: EvaluationRound, dossier: Dossier, members: list[CouncilMember] | None = None
) -> Dossier:
    """Give a forwarded dossier to the round's council: every scoring member without a conflict."""
    dossier = _lock(dossier)
    _require_round_organiser(actor, round_)
    if round_.level == Level.CENTRAL:
        _require_status(dossier, (S.FORWARDED_CENTRAL,), _("phân công chấm"))
    else:
        _require_status(dossier, (S.FORWARDED,), _("phân công chấm"))
        if dossier.producer.commune.province_id != round_.province_id:
            raise PermissionDenied
    if round_.status != EvaluationRound.Status.OPEN:
        raise _refuse(_("Đợt đánh giá đã kết thúc."), "round")
    if dossier.criteria_version_id != round_.criteria_version_id:
        raise _refuse(_("Hồ sơ được lập theo phiên bản bộ tiêu chí khác với đợt đánh giá."), "round")
    council = Council.objects.filter(round=round_).first()
    if council is None:
        raise _refuse(_("Đợt đánh giá chưa có hội đồng."), "round")
    seats = list(council.members.filter(role__in=SCORING_ROLES).select_related("user"))
    conflicted = set(
        ConflictOfInterest.objects.filter(member__council=council, product_id=dossier.product_id).values_list(
            "member_id", flat=True
        )
    )
    if members is None:
        chosen = [m for m in seats if m.pk not in conflicted]
    else:
        seat_ids = {m.pk for m in seats}
        for member in members:
            if member.pk not in seat_ids:
                raise _refuse(_("%s không phải người chấm của hội đồng này.") % member.user.display_name, "members")
            if member.pk in conflicted:
                raise _refuse(
                    _("%s đã khai báo xung đột lợi ích với sản phẩm này, không thể được phân công.")
                    % member.user.display_name,
                    "members",
                )
        chosen = list(members)
    if len(chosen) < MIN_SCORERS:
        raise _refuse(
            _("Cần ít nhất %(count)d người chấm không có xung đột lợi ích; hiện có %(have)d.")
            % {"count": MIN_SCORERS, "have": len(chosen)},
            "members",
        )
    Assignment.objects.bulk_create([Assignment(dossier=dossier, round=round_, member=m) for m in chosen])
    dossier.round = round_
    return _transition(
        actor=actor,
        dossier=dossier,
        to=S.ASSIGNED,
        action="dossier.assign",
        extra={"round": round_.name, "members": [m.user.username for m in chosen]},
        notify=[m.user for m in chosen],
    )


# ---------------------------------------------------------------- council: scoring, closing, decision


def _assignment_of(actor, dossier: Dossier) -> Assignment:
    assignment = (
        Assignment.objects.select_related("member__user")
        .filter(dossier=dossier, round_id=dossier.round_id, member__user_id=getattr(actor, "pk", None))
        .first()
    )
    if assignment is None:
        raise PermissionDenied
    return assignment


@transaction.atomic
def score_save(
    *,
    actor,
    dossier: Dossier,
    answers: Mapping[str, str | None],
    knockouts: Iterable[str] = (),
    comment: str = "",
    criterion_comments: Mapping[str, str] | None = None,
    submit: bool = False,
) -> ScoreSheet:
    """A member saves their sheet; `submit` (or a revision of a submitted sheet) needs it complete."""
    dossier = _lock(dossier)  # the chair's close waits for this save, and this save for the close
    assignment = _assignment_of(actor, dossier)
    _require_status(dossier, (S.ASSIGNED,), _("chấm điểm"))
    sheet = scoring.sheet_of(dossier)
    checked = engine.answers_from_pairs(sheet=sheet, pairs=list(answers.items()))
    knockouts = list(knockouts)
    sheet_row = ScoreSheet.objects.filter(dossier=dossier, member=assignment.member).first()
    revising = sheet_row is not None and sheet_row.status == ScoreSheet.Status.SUBMITTED
    if submit or revising:
        result, classification = engine.score_and_classify(sheet, answers=checked, knockouts=knockouts)
        total, stars, applied = result.total, classification.stars, list(result.knockouts)
    else:
        partial = assess(sheet=sheet, answers=checked, knockouts=knockouts)
        total, stars, applied = partial.result.total, partial.classification.stars, list(partial.result.knockouts)
    if sheet_row is None:
        sheet_row = ScoreSheet(
            dossier=dossier, kind=SheetKind.MEMBER, round_id=dossier.round_id, member=assignment.member
        )
    before = {
        "status": sheet_row.status if sheet_row.pk else None,
        "total": str(sheet_row.total) if sheet_row.total is not None else None,
    }
    sheet_row.author = actor
    sheet_row.total = total
    sheet_row.stars = stars
    sheet_row.knockouts = applied
    sheet_row.comment = comment
    if submit and not revising:
        sheet_row.status = ScoreSheet.Status.SUBMITTED
        sheet_row.submitted_at = timezone.now()
    sheet_row.save()
    scoring.answers_store(
        sheet_row=sheet_row, product_set_id=dossier.product_set_id, answers=checked, comments=criterion_comments
    )
    action = "score.revise" if revising else ("score.submit" if submit else "score.save")
    audit_record(
        actor=actor,
        action=action,
        target=sheet_row,
        before=before,
        after={"status": sheet_row.status, "total": str(total), "dossier": dossier.pk},
    )
    if submit and not revising:
        _notify_chair_when_complete(dossier)
    return sheet_row


def _missing_scorers(dossier: Dossier) -> list[CouncilMember]:
    submitted = set(
        ScoreSheet.objects.filter(
            dossier=dossier, round_id=dossier.round_id, status=ScoreSheet.Status.SUBMITTED
        ).values_list("member_id", flat=True)
    )
    return [
        a.member
        for a in Assignment.objects.filter(dossier=dossier, round_id=dossier.round_id).select_related("member__user")
        if a.member_id not in submitted
    ]


def _notify_chair_when_complete(dossier: Dossier) -> None:
    if _missing_scorers(dossier):
        return
    chair = CouncilMember.objects.filter(council__round_id=dossier.round_id, role=CouncilRole.CHAIR).first()
    if chair is not None:
        event = audit_record(
            actor=None, action="dossier.scored", target=dossier, after={"status": dossier.status, "complete": True}
        )
        notify_on_commit(event=event, users=[chair.user], link=_link(dossier))


def _council_role(actor, dossier: Dossier, role: str) -> CouncilMember:
    seat = CouncilMember.objects.filter(
        council__round_id=dossier.round_id, user_id=getattr(actor, "pk", None), role=role
    ).first()
    if seat is None:
        raise PermissionDenied
    return seat


@transaction.atomic
def dossier_close(
    *, actor, dossier: Dossier, outlier_reason: str = "", on: datetime.date | None = None
) -> CouncilResult:
    """The chair closes a dossier: the mean of every assigned member's submitted total, the star."""
    dossier = _lock(dossier)
    if role_of(actor) != Role.ADMIN:
        _council_role(actor, dossier, CouncilRole.CHAIR)
    _require_status(dossier, (S.ASSIGNED,), _("chốt điểm"))
    missing = _missing_scorers(dossier)
    if missing:
        raise _refuse(
            _("Chưa thể chốt điểm: còn %(count)d thành viên chưa nộp phiếu (%(names)s).")
            % {"count": len(missing), "names": ", ".join(m.user.display_name for m in missing)},
            "members",
        )
    sheets = list(
        ScoreSheet.objects.filter(dossier=dossier, round_id=dossier.round_id, status=ScoreSheet.Status.SUBMITTED)
        .select_related("member__user")
        .prefetch_related("answers__criterion", "answers__option")
        .order_by("member_id")
    )
    totals = [s.total for s in sheets]
    median = scoring.median_total(totals)
    outliers = [
        {
            "member_id": s.member_id,
            "user": s.member.user.display_name,
            "total": str(s.total),
            "difference": str(abs(s.total - median)),
        }
        for s in sheets
        if abs(s.total - median) > OUTLIER_POINTS
    ]
    outlier_reason = (outlier_reason or "").strip()
    if outliers and not outlier_reason:
        raise _refuse(
            _(
                "Điểm của %(names)s lệch hơn %(points)s điểm so với trung vị %(median)s: hội đồng cần thảo luận "
                "và ghi lại ý kiến trước khi chốt."
            )
            % {"names": ", ".join(o["user"] for o in outliers), "points": OUTLIER_POINTS, "median": median},
            "outlier_reason",
        )
    sheet = scoring.sheet_of(dossier)
    member_answers = [scoring.answers_of(s) for s in sheets]
    agreed = scoring.agreed_answers(sheet, member_answers)
    disqualified = sum(
        1 for s in sheets if any(k.scope == "product" and k.code in s.knockouts for k in sheet.knockouts)
    ) * 2 > len(sheets)
    total = engine.council_total(totals)
    agreed_result = engine.score(sheet, answers=agreed)
    classification = engine.classify(
        total=total, answers=agreed_result.effective_options(), sheet=sheet, disqualified=disqualified
    )
    day = on or timezone.localdate()
    decision_outcome = authority.outcome(
        version_code=dossier.criteria_version.code,
        on=day,
        level=dossier.round.level,
        stars=classification.stars,
        total=total,
        certified_min_stars=dossier.criteria_version.certified_min_stars,
    )
    forwarded = decision_outcome.action == authority.FORWARD
    result = CouncilResult.objects.create(
        dossier=dossier,
        round=dossier.round,
        total=total,
        stars=classification.stars,
        band_stars=classification.band_stars,
        median=median,
        member_totals=[
            {"member_id": s.member_id, "user": s.member.user.display_name, "total": str(s.total)} for s in sheets
        ],
        outliers=outliers,
        outlier_reason=outlier_reason,
        agreed_answers=agreed,
        disqualified=disqualified,
        forwarded=forwarded,
        closed_by=actor,
    )
    dossier.total = total
    dossier.stars = classification.stars
    extra = {"total": str(total), "stars": classification.stars, "median": str(median), "outliers": len(outliers)}
    if forwarded:
        dossier.round = None
        _transition(
            actor=actor,
            dossier=dossier,
            to=S.FORWARDED_CENTRAL,
            action="dossier.forward_central",
            extra=extra,
            notify=User.objects.filter(role=Role.CENTRAL_OFFICER, is_active=True),
        )
    else:
        secretary = CouncilMember.objects.filter(council__round_id=result.round_id, role=CouncilRole.SECRETARY).first()
        _transition(
            actor=actor,
            dossier=dossier,
            to=S.CLOSED,
            action="dossier.close",
            extra=extra,
            notify=[secretary.user] if secretary else [],
        )
    return result


@transaction.atomic
def decision_record(
    *,
    actor,
    dossier: Dossier,
    number: str,
    decided_on: datetime.date,
    signer_name: str,
    signer_title: str = "",
) -> Decision:
    """The secretary records the decision; the authority follows from the criteria version and date."""
    dossier = _lock(dossier)
    if role_of(actor) != Role.ADMIN:
        _council_role(actor, dossier, CouncilRole.SECRETARY)
    _require_status(dossier, (S.CLOSED,), _("ghi quyết định"))
    number, signer_name = (number or "").strip(), (signer_name or "").strip()
    if not number:
        raise _refuse(_("Hãy nhập số quyết định."), "number")
    if not signer_name:
        raise _refuse(_("Hãy nhập người ký quyết định."), "signer_name")
    if decided_on > timezone.localdate():
        raise _refuse(_("Ngày quyết định không được sau hôm nay."), "decided_on")
    result = dossier.results.get(round_id=dossier.round_id)
    if decided_on < result.created_at.date():
        raise _refuse(_("Ngày quyết định không được trước ngày hội đồng chốt điểm."), "decided_on")
    found = authority.outcome(
        version_code=dossier.criteria_version.code,
        on=decided_on,
        level=dossier.round.level,
        stars=result.stars,
        total=result.total,
        certified_min_stars=dossier.criteria_version.certified_min_stars,
    )
    if found.action == authority.FORWARD:
        raise _refuse(
            _("Theo %(period)s, sản phẩm %(total)s điểm phải được chuyển lên cấp trên xét công nhận.")
            % {"period": found.period.name, "total": result.total},
            "decided_on",
        )
    if found.action == authority.REFER and found.level != dossier.round.level and dossier.round.level != Level.CENTRAL:
        raise _refuse(
            _("Theo %(period)s, hạng %(stars)d sao do %(level)s công nhận, không phải cấp này.")
            % {"period": found.period.name, "stars": result.stars, "level": Level(found.level).label},
            "decided_on",
        )
    decision = Decision(
        dossier=dossier,
        product=dossier.product,
        criteria_version=dossier.criteria_version,
        product_set=dossier.product_set,
        round=dossier.round,
        authority=found.level,
        stars=result.stars,
        total=result.total,
        recognised=found.action in (authority.RECOGNISE, authority.REFER) and result.stars >= 3,
        number=number,
        decided_on=decided_on,
        signer_name=signer_name,
        signer_title=(signer_title or "").strip(),
        recorded_by=actor,
    )
    decision.full_clean()
    decision.save()
    _transition(
        actor=actor,
        dossier=dossier,
        to=S.DECIDED,
        action="dossier.decide",
        extra={
            "number": number,
            "decided_on": decided_on.isoformat(),
            "stars": result.stars,
            "total": str(result.total),
            "authority": found.level,
            "recognised": decision.recognised,
        },
    )
    _after_decision(decision)
    return decision


def _after_decision(decision: Decision) -> None:
    """Run what follows a decision (the certificate), inside the decision's transaction.

    The steps are named in settings.OCOP_HOOKS["decision.recorded"] so that this app never imports
    the apps that build on it.
    """
    run_hooks("decision.recorded", decision=decision)


# ---------------------------------------------------------------- historical results


@transaction.atomic
def historical_result_record(
    *,
    actor,
    product: Product,
    criteria_version: CriteriaVersion,
    total: Decimal,
    stars: int,
    number: str,
    decided_on: datetime.date,
    signer_name: str = "",
    product_set=None,
    source: str = "",
) -> Decision:
    """A past result (before the platform): a decided historical dossier and its decision."""
    period = authority.period_for(version_code=criteria_version.code, on=decided_on)
    level = period.recognising_level(stars) or Level.PROVINCE
    dossier = Dossier(
        product=product,
        producer=product.producer,
        kind=DossierKind.FIRST,
        status=S.DECIDED,
        criteria_version=criteria_version,
        product_set=product_set,
        total=total,
        stars=stars,
        is_historical=True,
        created_by=actor,
    )
    dossier.full_clean()
    dossier.save()
    decision = Decision(
        dossier=dossier,
        product=product,
        criteria_version=criteria_version,
        product_set=product_set,
        authority=level,
        stars=stars,
        total=total,
        recognised=stars >= criteria_version.certified_min_stars,
        number=number,
        decided_on=decided_on,
        signer_name=signer_name or "—",
        is_historical=True,
        source=source,
        recorded_by=actor,
    )
    decision.full_clean()
    decision.save()
    audit_record(
        actor=actor,
        action="dossier.historical",
        target=dossier,
        after={"status": S.DECIDED, "stars": stars, "total": str(total), "number": number, "source": source},
    )
    return decision
