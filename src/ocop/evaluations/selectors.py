"""Reads of the evaluation workflow, always within what the user may see.

A producer sees its own dossiers, a commune officer the commune's, a provincial officer the
province's, a council member only the dossiers assigned to them; central officers see all.
A scorer sees the other members' scores only after submitting their own sheet; everyone else sees
scores only once the chair has closed the dossier.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.policy import is_admin, is_producer, may_check_dossier, visible
from ocop.core.models import AuditEvent
from ocop.core.services import target_type_of
from ocop.criteria import engine
from ocop.criteria.advisor import Advice, advice_messages, advise
from ocop.criteria.assessment import assess
from ocop.criteria.explanation import StarExplanation, applicability_messages, explain, explanation_messages
from ocop.criteria.sheets import SheetDef
from ocop.evaluations import evidence, policy, scoring
from ocop.evaluations.evidence import Requirement
from ocop.evaluations.models import (
    Assignment,
    CouncilMember,
    CouncilResult,
    CouncilRole,
    Decision,
    Dossier,
    DossierStatus,
    DossierVersion,
    EvaluationRound,
    EvidenceFile,
    Notification,
    ScoreAnswer,
    ScoreSheet,
    SheetKind,
)
from ocop.producers.models import Producer

S = DossierStatus
CLOSED_STATES = policy.CLOSED_STATES


def dossier_queryset() -> QuerySet[Dossier]:
    return Dossier.objects.select_related(
        "product", "producer__commune__province", "product_set__version", "criteria_version", "round"
    )


def dossiers_visible(user: User | AnonymousUser) -> QuerySet[Dossier]:
    """The policy's answer (Dossier.scope_paths): a council member sees only its council's dossiers."""
    return visible(user, dossier_queryset())


def dossier_list(
    *, user: User | AnonymousUser, status: str = "", round_id: int | None = None, query: str = ""
) -> QuerySet[Dossier]:
    dossiers = dossiers_visible(user).filter(is_historical=False)
    if status:
        dossiers = dossiers.filter(status=status)
    if round_id:
        dossiers = dossiers.filter(round_id=round_id)
    if query:
        from ocop.core.text import fold_vietnamese

        dossiers = dossiers.filter(product__name_folded__contains=fold_vietnamese(query))
    return dossiers.order_by("-updated_at", "-id")


def dossier_get(*, user: User | AnonymousUser, pk: int) -> Dossier:
    dossier = dossiers_visible(user).filter(pk=pk).first()
    if dossier is None:
        raise Http404
    return dossier


def commune_queue(*, user: User | AnonymousUser) -> QuerySet[Dossier]:
    return dossiers_visible(user).filter(status__in=[S.SUBMITTED, S.ACCEPTED]).order_by("submitted_at", "id")


def rounds_visible(user: User | AnonymousUser) -> QuerySet[EvaluationRound]:
    rounds = visible(user, EvaluationRound.objects.select_related("province", "criteria_version"))
    return rounds.order_by("-year", "-number")


def round_get(*, user: User | AnonymousUser, pk: int) -> EvaluationRound:
    found = rounds_visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def council_members(round_: EvaluationRound) -> list[CouncilMember]:
    return list(CouncilMember.objects.filter(council__round=round_).select_related("user").order_by("role", "id"))


@dataclass
class DossierProgress:
    dossier: Dossier
    assigned: list[CouncilMember]
    submitted: list[CouncilMember]
    pending: list[CouncilMember]

    @property
    def ready_to_close(self) -> bool:
        return self.dossier.status == S.ASSIGNED and bool(self.assigned) and not self.pending


@dataclass
class RoundProgress:
    round: EvaluationRound
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    dossiers: list[DossierProgress]
    pending_members: list[tuple[CouncilMember, int]]  # members and how many sheets they still owe
    ready_to_close: list[Dossier]


def round_progress(round_: EvaluationRound) -> RoundProgress:
    """Dossiers per status, members who still owe a sheet, dossiers ready to close: four queries."""
    dossiers = list(
        dossier_queryset()
        .filter(Q(round=round_) | Q(results__round=round_) | Q(assignments__round=round_))
        .distinct()
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(round=round_).select_related("member__user"),
                to_attr="round_assignments",
            ),
            Prefetch(
                "sheets",
                queryset=ScoreSheet.objects.filter(round=round_, status=ScoreSheet.Status.SUBMITTED),
                to_attr="round_submitted",
            ),
        )
        .order_by("product__name_vi")
    )
    counts: dict[str, int] = {}
    rows = []
    owed: dict[int, tuple[CouncilMember, int]] = {}
    for dossier in dossiers:
        counts[dossier.status] = counts.get(dossier.status, 0) + 1
        assigned = [a.member for a in cast(list[Assignment], dossier.round_assignments)]
        done = {s.member_id for s in cast(list[ScoreSheet], dossier.round_submitted)}
        pending = [m for m in assigned if m.pk not in done]
        rows.append(DossierProgress(dossier, assigned, [m for m in assigned if m.pk in done], pending))
        if dossier.status == S.ASSIGNED:
            for member in pending:
                seat, count = owed.get(member.pk, (member, 0))
                owed[member.pk] = (seat, count + 1)
    return RoundProgress(
        round=round_,
        by_status=[(value, str(label), counts.get(value, 0)) for value, label in S.choices if counts.get(value)],
        dossiers=rows,
        pending_members=sorted(owed.values(), key=lambda item: item[0].user.display_name),
        ready_to_close=[row.dossier for row in rows if row.ready_to_close],
    )


def forwarded_waiting(*, user: User | AnonymousUser, round_: EvaluationRound) -> QuerySet[Dossier]:
    """Dossiers the round's organiser can still assign."""
    status = S.FORWARDED_CENTRAL if round_.level == "central" else S.FORWARDED
    dossiers = visible(user, dossier_queryset()).filter(status=status, criteria_version=round_.criteria_version)
    if round_.province_id:
        dossiers = dossiers.filter(producer__commune__province_id=round_.province_id)
    return dossiers.order_by("product__name_vi")


def my_assignments(*, user: User) -> list[tuple[Assignment, ScoreSheet | None]]:
    assignments = list(
        Assignment.objects.filter(member__user=user, round_id=F("dossier__round_id"))
        .select_related("dossier__product", "dossier__product_set", "round", "member")
        .order_by("-round__year", "dossier__product__name_vi")
    )
    sheets = {
        (s.dossier_id, s.member_id): s
        for s in ScoreSheet.objects.filter(member__user=user, dossier_id__in=[a.dossier_id for a in assignments])
    }
    return [(a, sheets.get((a.dossier_id, a.member_id))) for a in assignments]


def member_sheet(*, dossier: Dossier, user: User) -> ScoreSheet | None:
    return (
        ScoreSheet.objects.filter(dossier=dossier, round_id=dossier.round_id, member__user=user)
        .select_related("member")
        .first()
    )


def member_sheets(dossier: Dossier, round_id: int | None = None) -> list[ScoreSheet]:
    return list(
        ScoreSheet.objects.filter(dossier=dossier, kind=SheetKind.MEMBER, round_id=round_id or dossier.round_id)
        .select_related("member__user")
        .prefetch_related("answers__criterion", "answers__option")
        .order_by("member__role", "member_id")
    )


@dataclass
class CriterionResult:
    code: str
    name: str
    max_points: Decimal
    agreed_option: str | None
    agreed_text: str
    agreed_points: Decimal
    mean_points: Decimal
    comments: list[tuple[str, str]]  # (member, comment)
    outcome: str = engine.SCORED  # the engine's outcome for the agreed option (not_applicable: no story)


@dataclass
class DossierResult:
    result: CouncilResult
    criteria: list[CriterionResult]
    advice: Advice | None
    comments: list[tuple[str, str]]  # overall comments (member, comment)
    sheet: SheetDef | None = None
    explanation: StarExplanation | None = None  # band from the mean, then each minimum that capped the star
    agreed_score: engine.ScoreResult | None = None

    def explanation_lines(self, language: str | None = None) -> list[str]:
        """Why the star is what it is, in `language` (default: the active one)."""
        if self.explanation is None:
            return []
        return explanation_messages(self.explanation, sheet=self.sheet, language=language)

    def applicability_lines(self, language: str | None = None) -> list[str]:
        """Agreed options that count 0 because the criterion applies only when there is a story."""
        return applicability_messages(self.agreed_score, language=language) if self.agreed_score else []


def _scorer_name(sheet: ScoreSheet) -> str:
    """Who scored a council member's sheet (member_sheets returns only those, each with its member)."""
    assert sheet.member is not None, "a council sheet has its member"
    return sheet.member.user.display_name


def dossier_result(dossier: Dossier) -> DossierResult | None:
    """The council's last result per criterion, with the members' comments and the next-star advice."""
    result = dossier.results.select_related("round").order_by("-id").first()
    if result is None or dossier.product_set_id is None:
        return None
    sheet = scoring.sheet_of(dossier)
    sheets = member_sheets(dossier, round_id=result.round_id)
    per_member = [(s, scoring.answers_of(s), scoring.comments_of(s)) for s in sheets]
    agreed = result.agreed_answers
    rows = []
    for code in sheet.leaf_codes:
        if code not in agreed and not any(code in answers for _s, answers, _c in per_member):
            continue
        option_code = agreed.get(code)
        option = sheet.criteria[code].option(option_code) if option_code else None
        points = [
            sheet.index.options[code][chosen].points if (chosen := answers.get(code)) else Decimal(0)
            for _s, answers, _c in per_member
            if code in answers
        ]
        mean = (
            (sum(points, Decimal(0)) / len(points)).quantize(Decimal("0.01"), ROUND_HALF_UP) if points else Decimal(0)
        )
        rows.append(
            CriterionResult(
                code=code,
                name=sheet.criterion_name(code),
                max_points=sheet.criteria[code].max_points,
                agreed_option=option_code,
                agreed_text=option.text if option else "",
                agreed_points=option.points if option else Decimal(0),
                mean_points=mean,
                comments=[(_scorer_name(s), c[code]) for s, _a, c in per_member if c.get(code)],
            )
        )
    agreed_score = engine.score(sheet, answers=agreed)
    classification = engine.classify(
        total=result.total, answers=agreed_score.effective_options(), sheet=sheet, disqualified=result.disqualified
    )
    for row in rows:  # what each agreed option counts for (0 when not applicable or knocked out)
        row.outcome = agreed_score.criteria[row.code].outcome
        row.agreed_points = agreed_score.criteria[row.code].points
    return DossierResult(
        result=result,
        criteria=rows,
        advice=advise(result=agreed_score, classification=classification),
        comments=[(_scorer_name(s), s.comment) for s in sheets if s.comment],
        sheet=sheet,
        explanation=explain(result=agreed_score, classification=classification),
        agreed_score=agreed_score,
    )


@dataclass(frozen=True)
class CommuneSummary:
    """The commune's pre-evaluation of a dossier (its four local criteria)."""

    answers: dict[str, str | None]
    total: Decimal | None
    comment: str


def registration_value(key: str, value: object) -> str:
    """A registration form's value as a person reads it: the producer type's label, not its code."""
    if key == "producer_type":
        return str(dict(Producer._meta.get_field("producer_type").flatchoices).get(value, value))
    return str(value)


@dataclass(frozen=True)
class DossierDetail:
    """Everything one dossier's page and its API detail show, built once for one user.

    The page renders it and the API serialises it; what the user may do or see (`can_*`, `may_*`, `result`)
    is decided here, by the named checks of `ocop.evaluations.policy`.
    """

    dossier: Dossier
    registration: dict[str, object]
    registration_rows: list[tuple[str, str]]  # (label, value) of the filled-in fields, in the form's order
    self_sheet: ScoreSheet | None
    self_answers: dict[str, str | None]
    self_knockouts: list[str]
    self_score: engine.ScoreResult | None  # the self-assessment as the engine scores it (not-applicable notices)
    commune_sheet: ScoreSheet | None
    commune: CommuneSummary | None
    local_criteria: list[tuple[str, object]]  # (code, criterion) of the four local criteria the commune scores
    requirements: list[Requirement]
    evidence: list[EvidenceFile]
    versions: list[DossierVersion]
    timeline: list[AuditEvent]
    decision: Decision | None  # the decision row, if one was recorded
    recorders: list[User]  # who records the decision (the council's secretary), while the dossier is closed
    can_edit: bool
    can_check: bool
    is_scorer: bool
    is_chair: bool
    may_decide: bool
    result: DossierResult | None  # the council's result, only when the user may see it
    seat_roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def missing(self) -> list[Requirement]:
        return [r for r in self.requirements if r.missing]

    @property
    def decision_shown(self) -> Decision | None:
        """The decision as the page shows it: once the dossier is decided."""
        return self.decision if self.dossier.status == S.DECIDED else None


def dossier_detail(*, user: User, pk: int) -> DossierDetail:
    """One dossier as `user` may see it (404 outside their scope): its sheets, evidence, history, result, and
    what they may do with it."""
    dossier = dossier_get(user=user, pk=pk)
    self_sheet = dossier.sheets.filter(kind=SheetKind.SELF).first()
    commune_sheet = dossier.sheets.filter(kind=SheetKind.COMMUNE).first()
    self_answers = scoring.answers_of(self_sheet)
    sheet = scoring.sheet_of(dossier) if dossier.product_set_id else None
    requirements = evidence.check(dossier=dossier, sheet=sheet, answers=self_answers) if sheet else []
    self_score = None
    if sheet is not None and self_sheet is not None:
        self_score = assess(sheet=sheet, answers=self_answers, knockouts=self_sheet.knockouts).result
    local = scoring.local_criteria(sheet) if sheet else {}
    seat_roles = (
        frozenset(
            CouncilMember.objects.filter(council__round_id=dossier.round_id, user=user).values_list("role", flat=True)
        )
        if dossier.round_id
        else frozenset()
    )
    result = dossier_result(dossier) if policy.may_see_result(user, dossier) else None
    from ocop.evaluations.services.common import REGISTRATION_LABELS

    return DossierDetail(
        dossier=dossier,
        registration=dossier.registration,
        registration_rows=[
            (str(label), registration_value(key, dossier.registration[key]))
            for key, label in REGISTRATION_LABELS.items()
            if dossier.registration.get(key)
        ],
        self_sheet=self_sheet,
        self_answers=self_answers,
        self_knockouts=list(self_sheet.knockouts) if self_sheet else [],
        self_score=self_score,
        commune_sheet=commune_sheet,
        commune=(
            CommuneSummary(
                answers=scoring.answers_of(commune_sheet), total=commune_sheet.total, comment=commune_sheet.comment
            )
            if commune_sheet
            else None
        ),
        local_criteria=[(code, sheet.criteria[code]) for code in local.values()] if sheet else [],
        requirements=requirements,
        evidence=list(dossier.evidence.all()),
        versions=list(dossier.versions.order_by("number")),
        timeline=list(dossier_timeline(dossier)),
        decision=Decision.objects.filter(dossier=dossier).select_related("criteria_version", "product_set").first(),
        recorders=policy.decision_recorders(dossier) if dossier.status == S.CLOSED else [],
        can_edit=is_producer(user) and dossier.status in (S.DRAFT, S.RETURNED),
        can_check=may_check_dossier(user) and dossier.status in (S.SUBMITTED, S.ACCEPTED),
        is_scorer=dossier.status == S.ASSIGNED and bool(seat_roles & {CouncilRole.CHAIR, CouncilRole.MEMBER}),
        is_chair=dossier.status == S.ASSIGNED and CouncilRole.CHAIR in seat_roles,
        may_decide=dossier.status == S.CLOSED and policy.may_record_decision(user, dossier),
        result=result,
        seat_roles=seat_roles,
    )


def dossier_timeline(dossier: Dossier) -> QuerySet[AuditEvent]:
    """The dossier's own audit events, oldest first (score sheets are audited on the sheets)."""
    return AuditEvent.objects.filter(target_type=target_type_of(dossier), target_id=str(dossier.pk)).order_by(
        "occurred_at", "id"
    )


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def status_counts(*, user: User | AnonymousUser) -> dict[str, int]:
    rows = dossiers_visible(user).filter(is_historical=False).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


# --- Work queues of the dashboard (core.queues): what waits for whom ------------------------------------


def dossiers_waiting(*, user: User | AnonymousUser, status: str) -> QuerySet[Dossier]:
    """The user's dossiers in one status, oldest change first (the one waiting longest comes first)."""
    return dossiers_visible(user).filter(is_historical=False, status=status).order_by("updated_at", "id")


def sheets_to_score(*, user: User | AnonymousUser) -> QuerySet[Assignment]:
    """The user's assignments of the current round whose dossier is being scored and whose sheet is not
    submitted yet (none, or a draft)."""
    if not isinstance(user, User):
        return Assignment.objects.none()
    submitted = ScoreSheet.objects.filter(
        dossier_id=OuterRef("dossier_id"),
        member_id=OuterRef("member_id"),
        round_id=OuterRef("round_id"),
        status=ScoreSheet.Status.SUBMITTED,
    )
    return (
        Assignment.objects.filter(member__user=user, round_id=F("dossier__round_id"), dossier__status=S.ASSIGNED)
        .exclude(Exists(submitted))
        .select_related("dossier__product", "dossier__producer", "round")
        .order_by("round__year", "dossier__product__name_vi", "id")
    )


def decisions_to_record(*, user: User | AnonymousUser) -> QuerySet[Dossier]:
    """Closed dossiers whose decision the user records (policy.may_record_decision): those of the rounds
    where the user is the council's secretary; an administrator, every closed dossier."""
    dossiers = dossiers_visible(user).filter(is_historical=False, status=S.CLOSED)
    if not isinstance(user, User):
        return dossiers.none()
    if not is_admin(user):
        secretary = CouncilMember.objects.filter(
            council__round_id=OuterRef("round_id"), role=CouncilRole.SECRETARY, user_id=user.pk
        )
        dossiers = dossiers.filter(Exists(secretary))
    return dossiers.order_by("updated_at", "id")


def dossiers_to_close(*, user: User | AnonymousUser) -> QuerySet[Dossier]:
    """Dossiers being scored whose every assigned member has submitted a sheet (submitting needs a complete
    one), so that scoring can be closed (policy.may_close): those of the rounds where the user chairs the
    council; an administrator, all of them. A closed dossier leaves the list."""
    if not isinstance(user, User):
        return Dossier.objects.none()
    assignments = Assignment.objects.filter(dossier_id=OuterRef("pk"), round_id=OuterRef("round_id"))
    submitted = ScoreSheet.objects.filter(
        dossier_id=OuterRef("dossier_id"),
        member_id=OuterRef("member_id"),
        round_id=OuterRef("round_id"),
        status=ScoreSheet.Status.SUBMITTED,
    )
    dossiers = (
        dossiers_visible(user)
        .filter(is_historical=False, status=S.ASSIGNED, round__isnull=False)
        .filter(Exists(assignments))
        .exclude(Exists(assignments.exclude(Exists(submitted))))
    )
    if not is_admin(user):
        chair = CouncilMember.objects.filter(
            council__round_id=OuterRef("round_id"), role=CouncilRole.CHAIR, user_id=user.pk
        )
        dossiers = dossiers.filter(Exists(chair))
    return dossiers.order_by("updated_at", "id")


@dataclass(frozen=True)
class DossierNextStep:
    """A producer's dossier on the dashboard: where it stands, what comes next, how to reach the next star."""

    dossier: Dossier
    next_step: str
    advice: list[str]


def _next_step(dossier: Dossier) -> str:
    steps: dict[str, str] = {
        S.DRAFT: _("Hoàn thành tự đánh giá, minh chứng rồi nộp hồ sơ."),
        S.SUBMITTED: _("Chờ xã kiểm tra hồ sơ."),
        S.RETURNED: _("Bổ sung theo ý kiến của xã rồi nộp lại."),
        S.ACCEPTED: _("Chờ xã chuyển hồ sơ lên tỉnh."),
        S.FORWARDED: _("Chờ tỉnh đưa hồ sơ vào đợt đánh giá."),
        S.ASSIGNED: _("Hội đồng đang chấm điểm."),
        S.CLOSED: _("Chờ quyết định công nhận."),
        S.FORWARDED_CENTRAL: _("Chờ Trung ương xét hạng 5 sao."),
        S.DECIDED: _("Xem kết quả và giấy chứng nhận."),
    }
    return steps.get(dossier.status, "")


PRODUCER_DOSSIERS_SHOWN = 20


def producer_dossiers(*, user: User | AnonymousUser) -> list[DossierNextStep]:
    """The producer's latest dossiers, each with its next step and the next-star advice of its
    self-assessment (criteria.advisor), in a fixed number of queries: the self-assessment sheets and their
    answers are loaded for all dossiers at once, the criteria sheets come from the process cache."""
    answers = ScoreAnswer.objects.select_related("criterion", "option")
    self_sheets = ScoreSheet.objects.filter(kind=SheetKind.SELF).prefetch_related(Prefetch("answers", answers))
    dossiers = (
        dossiers_visible(user)
        .filter(is_historical=False)
        .prefetch_related(Prefetch("sheets", self_sheets, to_attr="self_sheets"))
        .order_by("-updated_at", "-id")[:PRODUCER_DOSSIERS_SHOWN]
    )
    rows = []
    for dossier in dossiers:
        advice: list[str] = []
        if dossier.product_set_id is not None and dossier.self_sheets:
            stored = dossier.self_sheets[0]
            chosen = {a.criterion.code: (a.option.code if a.option else None) for a in stored.answers.all()}
            if chosen:
                sheet = scoring.sheet_of(dossier)
                assessment = assess(sheet=sheet, answers=chosen, knockouts=stored.knockouts)
                advice = advice_messages(assessment.advice)
        rows.append(DossierNextStep(dossier=dossier, next_step=_next_step(dossier), advice=advice))
    return rows
