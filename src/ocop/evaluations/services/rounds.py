"""Round writes of the provincial office: rounds, councils, conflicts of interest, assignments."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.policy import is_admin, may_organise_central_round, may_organise_province_round, may_sit_on_council
from ocop.core.services import audit_record
from ocop.criteria.models import CriteriaVersion
from ocop.evaluations.models import (
    SCORING_ROLES,
    Assignment,
    ConflictOfInterest,
    Council,
    CouncilMember,
    CouncilRole,
    Dossier,
    EvaluationRound,
    Level,
)
from ocop.evaluations.services.common import (
    MIN_SCORERS,
    S,
    lock_dossier,
    refuse,
    require_status,
    transition,
)
from ocop.geo.models import Province
from ocop.products.models import Product

# ---------------------------------------------------------------- province: rounds, councils, assignments


def _require_round_organiser(actor: User, round_: EvaluationRound) -> None:
    if round_.level == Level.CENTRAL:
        if not may_organise_central_round(actor):
            raise PermissionDenied
        return
    if not may_organise_province_round(actor):
        raise PermissionDenied
    if not is_admin(actor) and actor.province_id != round_.province_id:
        raise PermissionDenied


@transaction.atomic
def round_open(
    *,
    actor: User,
    year: int,
    number: int,
    name: str,
    criteria_version: CriteriaVersion,
    opens_on: datetime.date,
    closes_on: datetime.date,
    level: str = Level.PROVINCE,
    province: Province | None = None,
) -> EvaluationRound:
    if level == Level.CENTRAL:
        if not may_organise_central_round(actor):
            raise PermissionDenied
        province = None
    else:
        if not may_organise_province_round(actor):
            raise PermissionDenied
        if not is_admin(actor):  # a provincial officer opens rounds of their own province
            province = actor.province
        if province is None:
            raise refuse(_("Hãy chọn tỉnh của đợt đánh giá."), "province")
    if not criteria_version.has_sheets:
        raise refuse(_("Phiên bản bộ tiêu chí này không có phiếu chấm; không thể mở đợt đánh giá."), "criteria_version")
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
    if round_.level == Level.CENTRAL:
        return may_sit_on_council(user, central=True)
    return may_sit_on_council(user, central=False) and user.province_id == round_.province_id


@transaction.atomic
def council_form(
    *, actor: User, round_: EvaluationRound, name: str, chair: User, members: list[User], secretary: User
) -> Council:
    """Form (or re-form, before any assignment) the round's council."""
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    _require_round_organiser(actor, round_)
    if round_.assignments.exists():
        raise refuse(_("Hội đồng đã được phân công chấm; không thể thay đổi thành phần."), "members")
    people = [chair, *members, secretary]
    if len({u.pk for u in people}) != len(people):
        raise refuse(_("Mỗi người chỉ giữ một vai trò trong hội đồng."), "members")
    for user in people:
        if not _eligible(user, round_):
            raise refuse(
                _("%(user)s không thể tham gia hội đồng này (cần là thành viên hội đồng hoặc cán bộ của tỉnh).")
                % {"user": user.display_name}
                if round_.level == Level.PROVINCE
                else _("%(user)s không thể tham gia hội đồng trung ương (cần là cán bộ trung ương).")
                % {"user": user.display_name},
                "members",
            )
    if 1 + len(members) < MIN_SCORERS:
        raise refuse(
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
def conflict_declare(*, actor: User, member: CouncilMember, product: Product, reason: str) -> ConflictOfInterest:
    """A member (or the round's organiser on their behalf) declares a conflict of interest with a product."""
    round_ = member.council.round
    if actor.pk != member.user_id:
        _require_round_organiser(actor, round_)
    reason = (reason or "").strip()
    if not reason:
        raise refuse(_("Hãy ghi rõ lý do xung đột lợi ích."), "reason")
    if Assignment.objects.filter(member=member, dossier__product=product).exists():
        raise refuse(
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
    *, actor: User, round_: EvaluationRound, dossier: Dossier, members: list[CouncilMember] | None = None
) -> Dossier:
    """Give a forwarded dossier to the round's council: every scoring member without a conflict."""
    dossier = lock_dossier(dossier)
    _require_round_organiser(actor, round_)
    if round_.level == Level.CENTRAL:
        require_status(dossier, (S.FORWARDED_CENTRAL,), _("phân công chấm"))
    else:
        require_status(dossier, (S.FORWARDED,), _("phân công chấm"))
        if dossier.producer.commune.province_id != round_.province_id:
            raise PermissionDenied
    if round_.status != EvaluationRound.Status.OPEN:
        raise refuse(_("Đợt đánh giá đã kết thúc."), "round")
    if dossier.criteria_version_id != round_.criteria_version_id:
        raise refuse(_("Hồ sơ được lập theo phiên bản bộ tiêu chí khác với đợt đánh giá."), "round")
    council = Council.objects.filter(round=round_).first()
    if council is None:
        raise refuse(_("Đợt đánh giá chưa có hội đồng."), "round")
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
                raise refuse(_("%s không phải người chấm của hội đồng này.") % member.user.display_name, "members")
            if member.pk in conflicted:
                raise refuse(
                    _("%s đã khai báo xung đột lợi ích với sản phẩm này, không thể được phân công.")
                    % member.user.display_name,
                    "members",
                )
        chosen = list(members)
    if len(chosen) < MIN_SCORERS:
        raise refuse(
            _("Cần ít nhất %(count)d người chấm không có xung đột lợi ích; hiện có %(have)d.")
            % {"count": MIN_SCORERS, "have": len(chosen)},
            "members",
        )
    Assignment.objects.bulk_create([Assignment(dossier=dossier, round=round_, member=m) for m in chosen])
    dossier.round = round_
    return transition(
        actor=actor,
        dossier=dossier,
        to=S.ASSIGNED,
        action="dossier.assign",
        extra={"round": round_.name, "members": [m.user.username for m in chosen]},
        notify=[m.user for m in chosen],
    )
