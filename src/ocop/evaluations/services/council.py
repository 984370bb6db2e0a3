"""Council writes: scoring, closing, and the decision."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Role, User
from ocop.accounts.policy import is_admin
from ocop.core.formatting import score
from ocop.core.hooks import DecisionRecorded, run_hooks
from ocop.core.services import audit_record
from ocop.criteria import engine
from ocop.criteria.assessment import assess
from ocop.evaluations import authority, policy, scoring
from ocop.evaluations.models import (
    Assignment,
    CouncilMember,
    CouncilResult,
    CouncilRole,
    Decision,
    Dossier,
    EvaluationRound,
    Level,
    ScoreSheet,
    SheetKind,
)
from ocop.evaluations.notifications import notify_on_commit
from ocop.evaluations.services.common import (
    OUTLIER_POINTS,
    S,
    dossier_link,
    lock_dossier,
    product_set_id_of,
    refuse,
    require_status,
    transition,
)

# ---------------------------------------------------------------- council: scoring, closing, decision


def _seat(sheet: ScoreSheet) -> CouncilMember:
    """The member who scored a council sheet (only self-assessment and commune sheets have none)."""
    assert sheet.member is not None, "a council sheet has its member"
    return sheet.member


def _total(sheet: ScoreSheet) -> Decimal:
    """The total of a submitted sheet (a submitted sheet always has one)."""
    assert sheet.total is not None, "a submitted sheet has its total"
    return sheet.total


def _round(dossier: Dossier) -> EvaluationRound:
    """The round of a dossier in council (assigned, closed, decided: never without one)."""
    assert dossier.round is not None, "a dossier in council has its round"
    return dossier.round


def _assignment_of(actor: User | None, dossier: Dossier) -> Assignment:
    if actor is None:  # the system scores nothing
        raise PermissionDenied
    assignment = (
        Assignment.objects.select_related("member__user")
        .filter(dossier=dossier, round_id=dossier.round_id, member__user_id=actor.pk)
        .first()
    )
    if assignment is None:
        raise PermissionDenied
    return assignment


@transaction.atomic
def score_save(
    *,
    actor: User | None,
    dossier: Dossier,
    answers: Mapping[str, str | None],
    knockouts: Iterable[str] = (),
    comment: str = "",
    criterion_comments: Mapping[str, str] | None = None,
    submit: bool = False,
) -> ScoreSheet:
    """A member saves their sheet; `submit` (or a revision of a submitted sheet) needs it complete."""
    dossier = lock_dossier(dossier)  # the chair's close waits for this save, and this save for the close
    assignment = _assignment_of(actor, dossier)
    require_status(dossier, (S.ASSIGNED,), _("chấm điểm"))
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
        sheet_row=sheet_row, product_set_id=product_set_id_of(dossier), answers=checked, comments=criterion_comments
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
        notify_on_commit(event=event, users=[chair.user], link=dossier_link(dossier))


def _council_role(actor: User | None, dossier: Dossier, role: str) -> CouncilMember:
    if actor is None:  # the system holds no seat on a council
        raise PermissionDenied
    seat = CouncilMember.objects.filter(council__round_id=dossier.round_id, user_id=actor.pk, role=role).first()
    if seat is None:
        raise PermissionDenied
    return seat


@transaction.atomic
def dossier_close(
    *, actor: User | None, dossier: Dossier, outlier_reason: str = "", on: datetime.date | None = None
) -> CouncilResult:
    """The chair closes a dossier: the mean of every assigned member's submitted total, the star."""
    dossier = lock_dossier(dossier)
    if not is_admin(actor):
        _council_role(actor, dossier, CouncilRole.CHAIR)
    require_status(dossier, (S.ASSIGNED,), _("chốt điểm"))
    missing = _missing_scorers(dossier)
    if missing:
        raise refuse(
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
    totals = [_total(s) for s in sheets]
    median = scoring.median_total(totals)
    outliers = [
        {
            "member_id": s.member_id,
            "user": _seat(s).user.display_name,
            "total": str(s.total),
            "difference": str(abs(_total(s) - median)),
        }
        for s in sheets
        if abs(_total(s) - median) > OUTLIER_POINTS
    ]
    outlier_reason = (outlier_reason or "").strip()
    if outliers and not outlier_reason:
        raise refuse(
            _(
                "Điểm của %(names)s lệch hơn %(points)s điểm so với trung vị %(median)s: hội đồng cần thảo luận "
                "và ghi lại ý kiến trước khi chốt."
            )
            % {
                "names": ", ".join(str(o["user"]) for o in outliers),
                "points": score(OUTLIER_POINTS),
                "median": score(median),
            },
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
        level=_round(dossier).level,
        stars=classification.stars,
        total=total,
        certified_min_stars=dossier.criteria_version.certified_min_stars,
    )
    forwarded = decision_outcome.action == authority.FORWARD
    result = CouncilResult.objects.create(
        dossier=dossier,
        round=_round(dossier),
        total=total,
        stars=classification.stars,
        band_stars=classification.band_stars,
        median=median,
        member_totals=[
            {"member_id": s.member_id, "user": _seat(s).user.display_name, "total": str(s.total)} for s in sheets
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
        transition(
            actor=actor,
            dossier=dossier,
            to=S.FORWARDED_CENTRAL,
            action="dossier.forward_central",
            extra=extra,
            notify=User.objects.filter(role=Role.CENTRAL_OFFICER, is_active=True),
        )
    else:
        secretary = CouncilMember.objects.filter(council__round_id=result.round_id, role=CouncilRole.SECRETARY).first()
        transition(
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
    actor: User | None,
    dossier: Dossier,
    number: str,
    decided_on: datetime.date,
    signer_name: str,
    signer_title: str = "",
) -> Decision:
    """The secretary records the decision; the authority follows from the criteria version and date.

    A person signs a decision: `actor=None` (the system) is refused, as is anyone but the council's
    secretary or an administrator.
    """
    if actor is None:
        raise PermissionDenied
    dossier = lock_dossier(dossier)
    if not policy.may_record_decision(actor, dossier):
        raise PermissionDenied
    require_status(dossier, (S.CLOSED,), _("ghi quyết định"))
    number, signer_name = (number or "").strip(), (signer_name or "").strip()
    if not number:
        raise refuse(_("Hãy nhập số quyết định."), "number")
    if not signer_name:
        raise refuse(_("Hãy nhập người ký quyết định."), "signer_name")
    if decided_on > timezone.localdate():
        raise refuse(_("Ngày quyết định không được sau hôm nay."), "decided_on")
    result = dossier.results.get(round_id=dossier.round_id)
    if decided_on < result.created_at.date():
        raise refuse(_("Ngày quyết định không được trước ngày hội đồng chốt điểm."), "decided_on")
    found = authority.outcome(
        version_code=dossier.criteria_version.code,
        on=decided_on,
        level=_round(dossier).level,
        stars=result.stars,
        total=result.total,
        certified_min_stars=dossier.criteria_version.certified_min_stars,
    )
    if found.action == authority.FORWARD:
        raise refuse(
            _("Theo %(period)s, sản phẩm %(total)s điểm phải được chuyển lên cấp trên xét công nhận.")
            % {"period": found.period.name, "total": score(result.total)},
            "decided_on",
        )
    if (
        found.action == authority.REFER
        and found.level != _round(dossier).level
        and _round(dossier).level != Level.CENTRAL
    ):
        raise refuse(
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
    transition(
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
    # Decision → certificate, in this transaction (a failure leaves neither): a recognising decision
    # gets its certificate from ocop.certificates.services.certificate_issue_for_decision, the receiver
    # of DECISION_RECORDED that settings.OCOP_HOOKS lists and the startup check requires
    # (core.hooks.REQUIRED_RECEIVERS). This app does not import certificates, which builds on it.
    run_hooks(DecisionRecorded(decision=decision))
    return decision
