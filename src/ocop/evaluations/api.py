"""The evaluation workflow over JSON: thin handlers around selectors and services."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from ocop.accounts.models import User
from ocop.accounts.policy import LOGGED_IN, get_visible_or_404, is_producer, may_open_round, permission
from ocop.core.fields import Int, IsoDate, Year, one_of
from ocop.core.pagination import paginated
from ocop.criteria.advisor import advice_messages
from ocop.criteria.api import ExplanationOut, NotApplicableOut, explanation_out, not_applicable_out
from ocop.criteria.assessment import assess
from ocop.criteria.models import CriteriaVersion
from ocop.evaluations import historical, policy, selectors, services
from ocop.evaluations.models import (
    Council,
    CouncilMember,
    Dossier,
    DossierStatus,
    EvaluationRound,
    EvidenceFile,
    HistoricalImport,
    ScoreSheet,
)
from ocop.evaluations.notifications import notification_mark_read
from ocop.evaluations.scoring import answers_of, comments_of, sheet_of
from ocop.products.models import Product

router = Router(tags=["evaluations"])


# ---------------------------------------------------------------- schemas


class SheetAnswerIn(Schema):
    criterion: str
    option: str | None = None
    comment: str = ""


class SheetIn(Schema):
    answers: list[SheetAnswerIn]
    knockouts: list[str] = []


class MemberScoreIn(SheetIn):
    comment: str = ""
    submit: bool = False


class CommuneIn(Schema):
    answers: list[SheetAnswerIn]
    comment: str = ""


class DossierCreateIn(Schema):
    product_id: Int
    kind: str = "first"


class RegistrationIn(Schema):
    changes: dict[str, str]


class ReasonIn(Schema):
    reason: str


class DossierOut(Schema):
    id: Int
    product_id: Int
    product_name: str
    producer_id: Int
    producer_name: str
    kind: str
    status: str
    status_label: str
    criteria_version: str
    product_set: str | None
    round_id: Int | None
    self_total: Decimal | None
    self_stars: Int | None
    total: Decimal | None
    stars: Int | None
    submitted_at: datetime.datetime | None
    updated_at: datetime.datetime

    @staticmethod
    def resolve_product_name(obj) -> str:
        return obj.product.name_vi

    @staticmethod
    def resolve_producer_name(obj) -> str:
        return obj.producer.legal_name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_criteria_version(obj) -> str:
        return obj.criteria_version.code

    @staticmethod
    def resolve_product_set(obj) -> str | None:
        return obj.product_set.code if obj.product_set_id else None


class DossierVersionOut(Schema):
    number: Int
    submitted_at: datetime.datetime
    returned_at: datetime.datetime | None
    return_reason: str


class EvidenceOut(Schema):
    id: Int
    kind: str
    name: str
    size: Int
    content_type: str
    url: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.original_name

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.file.url


class EvidenceRequirementOut(Schema):
    key: str
    label: str
    kinds: list[str]
    criteria: list[str]
    satisfied_by: str
    missing: bool


class DecisionOut(Schema):
    id: Int
    dossier_id: Int
    product_id: Int
    stars: Int
    total: Decimal
    criteria_version: str
    product_set: str | None
    authority: str
    recognised: bool
    number: str
    decided_on: datetime.date
    signer_name: str
    signer_title: str
    is_historical: bool

    @staticmethod
    def resolve_criteria_version(obj) -> str:
        return obj.criteria_version.code

    @staticmethod
    def resolve_product_set(obj) -> str | None:
        return obj.product_set.code if obj.product_set_id else None


class CommuneSheetOut(Schema):
    answers: dict[str, str | None]
    total: Decimal | None
    comment: str


class DossierDetailOut(DossierOut):
    registration: dict
    self_answers: dict[str, str | None]
    self_knockouts: list[str]
    versions: list[DossierVersionOut]
    evidence: list[EvidenceOut]
    requirements: list[EvidenceRequirementOut]
    commune: CommuneSheetOut | None
    decision: DecisionOut | None
    self_not_applicable: list[NotApplicableOut]


class RoundIn(Schema):
    year: Year
    number: Int
    name: str
    criteria_version: str
    opens_on: IsoDate
    closes_on: IsoDate
    level: str = "province"


class RoundOut(Schema):
    id: Int
    level: str
    province_id: Int | None
    year: Int
    number: Int
    name: str
    criteria_version: str
    opens_on: datetime.date
    closes_on: datetime.date
    status: str

    @staticmethod
    def resolve_criteria_version(obj) -> str:
        return obj.criteria_version.code


class CouncilIn(Schema):
    name: str = ""
    chair_id: Int
    member_ids: list[Int]
    secretary_id: Int


class SeatOut(Schema):
    id: Int
    user_id: Int
    username: str
    name: str
    role: str

    @staticmethod
    def resolve_username(obj) -> str:
        return obj.user.username

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.user.display_name


class CouncilOut(Schema):
    id: Int
    name: str
    members: list[SeatOut]

    @staticmethod
    def resolve_members(obj):
        return list(obj.members.select_related("user").order_by("role", "id"))


class ConflictIn(Schema):
    member_id: Int
    product_id: Int
    reason: str


class AssignIn(Schema):
    dossier_id: Int
    member_ids: list[Int] | None = None


class ProgressRowOut(Schema):
    dossier_id: Int
    product: str
    status: str
    assigned: list[str]
    pending: list[str]
    ready_to_close: bool


class PendingMemberOut(Schema):
    member_id: Int
    name: str
    owed: Int


class ProgressOut(Schema):
    by_status: dict[str, Int]
    dossiers: list[ProgressRowOut]
    pending_members: list[PendingMemberOut]
    ready_to_close: list[Int]


class AssignmentOut(Schema):
    dossier_id: Int
    product: str
    product_set: str
    round: str
    dossier_status: str
    sheet_status: str | None
    total: Decimal | None


class ScoreSheetOut(Schema):
    member_id: Int
    member: str
    role: str
    status: str
    total: Decimal | None
    stars: Int | None
    comment: str
    knockouts: list[str]
    answers: dict[str, str | None]
    comments: dict[str, str]
    submitted_at: datetime.datetime | None
    not_applicable: list[NotApplicableOut]


class ScoresOut(Schema):
    visible: bool
    mine: ScoreSheetOut | None
    others: list[ScoreSheetOut]
    submitted: list[str]
    pending: list[str]


class CloseIn(Schema):
    outlier_reason: str = ""


class CriterionResultOut(Schema):
    code: str
    name: str
    max_points: Decimal
    agreed_option: str | None
    agreed_text: str
    agreed_points: Decimal
    mean_points: Decimal
    comments: list[list[str]]
    outcome: str


class ResultOut(Schema):
    total: Decimal
    stars: Int
    band_stars: Int
    median: Decimal
    member_totals: list[dict]
    outliers: list[dict]
    outlier_reason: str
    forwarded: bool
    disqualified: bool
    criteria: list[CriterionResultOut]
    advice: list[str]
    comments: list[list[str]]
    explanation: ExplanationOut
    not_applicable: list[NotApplicableOut]
    decision_recorders: list[str]
    may_record_decision: bool


class DecisionIn(Schema):
    number: str
    decided_on: IsoDate
    signer_name: str
    signer_title: str = ""


class AuditEventOut(Schema):
    occurred_at: datetime.datetime
    actor: str
    action: str
    before: dict | None
    after: dict | None

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor_label


class NotificationOut(Schema):
    id: Int
    message_vi: str
    message_en: str
    link: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class UnreadOut(Schema):
    unread: Int


class ReadIn(Schema):
    ids: list[Int] | None = None


# ---------------------------------------------------------------- helpers


def _pairs(answers: list[SheetAnswerIn]) -> dict[str, str | None]:
    result: dict[str, str | None] = {}
    for answer in answers:
        if answer.criterion in result:
            from ocop.criteria.errors import SheetError

            raise SheetError(f"{answer.criterion}: two answers", field=answer.criterion)
        result[answer.criterion] = answer.option or None
    return result


def _dossier(request, dossier_id: int) -> Dossier:
    return selectors.dossier_get(user=request.auth, pk=dossier_id)


def _detail(user, dossier: Dossier) -> "_DetailOut":
    """The selector's DossierDetail of `dossier` (read afresh, as `user` sees it), for DossierDetailOut."""
    return _DetailOut(selectors.dossier_detail(user=user, pk=dossier.pk))


class _DetailOut:
    """What DossierDetailOut reads: the detail's API names, then the dossier's own fields."""

    def __init__(self, detail: selectors.DossierDetail):
        self.detail = detail
        self.requirements = [
            {
                "key": r.key,
                "label": r.label,
                "kinds": list(r.kinds),
                "criteria": r.criteria,
                "satisfied_by": r.satisfied_by,
                "missing": r.missing,
            }
            for r in detail.requirements
        ]
        self.self_not_applicable = not_applicable_out(detail.self_score) if detail.self_score else []
        for name in ("registration", "self_answers", "self_knockouts", "versions", "evidence", "commune", "decision"):
            setattr(self, name, getattr(detail, name))

    def __getattr__(self, name):
        return getattr(self.detail.dossier, name)


def _not_applicable(dossier: Dossier, sheet_row: ScoreSheet | None) -> list[dict]:
    """The sheet's answered criteria that count 0 because there is no story (the engine's notices)."""
    if sheet_row is None or dossier.product_set_id is None:
        return []
    assessment = assess(sheet=sheet_of(dossier), answers=answers_of(sheet_row), knockouts=sheet_row.knockouts)
    return not_applicable_out(assessment.result)


def _sheet_out(sheet: ScoreSheet, dossier: Dossier) -> dict:
    return {
        "member_id": sheet.member_id,
        "member": sheet.member.user.display_name,
        "role": sheet.member.role,
        "status": sheet.status,
        "total": sheet.total,
        "stars": sheet.stars,
        "comment": sheet.comment,
        "knockouts": list(sheet.knockouts),
        "answers": answers_of(sheet),
        "comments": comments_of(sheet),
        "submitted_at": sheet.submitted_at,
        "not_applicable": _not_applicable(dossier, sheet),
    }


# ---------------------------------------------------------------- dossiers


@router.get("/dossiers", response=list[DossierOut], summary="Hồ sơ đánh giá / Dossiers")
@paginated
@permission(LOGGED_IN)
def list_dossiers(request, status: one_of(*DossierStatus.values) = "", round_id: int | None = None, q: str = ""):
    return selectors.dossier_list(user=request.auth, status=status, round_id=round_id, query=q)


@router.post("/dossiers", response={201: DossierDetailOut}, summary="Lập hồ sơ / Open a dossier")
@permission(LOGGED_IN)
def create_dossier(request, payload: DossierCreateIn):
    product = get_visible_or_404(
        request.auth, Product.objects.select_related("producer", "product_set"), pk=payload.product_id
    )
    dossier = services.dossier_create(actor=request.auth, product=product, kind=payload.kind)
    return Status(201, _detail(request.auth, dossier))


@router.get("/dossiers/{dossier_id}", response=DossierDetailOut, summary="Một hồ sơ / One dossier")
@permission(LOGGED_IN)
def get_dossier(request, dossier_id: int):
    return _detail(request.auth, _dossier(request, dossier_id))


@router.patch("/dossiers/{dossier_id}/registration", response=DossierDetailOut, summary="Phiếu đăng ký / Registration")
@permission(LOGGED_IN)
def patch_registration(request, dossier_id: int, payload: RegistrationIn):
    dossier = services.dossier_registration_update(
        actor=request.auth, dossier=_dossier(request, dossier_id), changes=payload.changes
    )
    return _detail(request.auth, dossier)


@router.put(
    "/dossiers/{dossier_id}/self-assessment", response=DossierDetailOut, summary="Tự đánh giá / Self-assessment"
)
@permission(LOGGED_IN)
def put_self_assessment(request, dossier_id: int, payload: SheetIn):
    dossier = services.self_assessment_save(
        actor=request.auth,
        dossier=_dossier(request, dossier_id),
        answers=_pairs(payload.answers),
        knockouts=payload.knockouts,
    )
    return _detail(request.auth, dossier)


@router.post("/dossiers/{dossier_id}/evidence", response={201: EvidenceOut}, summary="Tải minh chứng / Upload evidence")
@permission(LOGGED_IN)
def upload_evidence(request, dossier_id: int, kind: Form[str], file: File[UploadedFile]):
    item = services.evidence_add(actor=request.auth, dossier=_dossier(request, dossier_id), upload=file, kind=kind)
    return Status(201, item)


@router.delete("/dossiers/{dossier_id}/evidence/{evidence_id}", response={204: None}, summary="Xoá minh chứng")
@permission(LOGGED_IN)
def delete_evidence(request, dossier_id: int, evidence_id: int):
    dossier = _dossier(request, dossier_id)
    item = get_object_or_404(EvidenceFile, pk=evidence_id, dossier=dossier)
    services.evidence_remove(actor=request.auth, item=item)
    return Status(204, None)


@router.post("/dossiers/{dossier_id}/submit", response=DossierDetailOut, summary="Nộp hồ sơ / Submit")
@permission(LOGGED_IN)
def submit(request, dossier_id: int):
    return _detail(request.auth, services.dossier_submit(actor=request.auth, dossier=_dossier(request, dossier_id)))


@router.post("/dossiers/{dossier_id}/return", response=DossierDetailOut, summary="Trả lại / Return to producer")
@permission(LOGGED_IN)
def return_dossier(request, dossier_id: int, payload: ReasonIn):
    return _detail(
        request.auth,
        services.dossier_return(actor=request.auth, dossier=_dossier(request, dossier_id), reason=payload.reason),
    )


@router.post("/dossiers/{dossier_id}/accept", response=DossierDetailOut, summary="Tiếp nhận / Accept")
@permission(LOGGED_IN)
def accept(request, dossier_id: int):
    return _detail(request.auth, services.dossier_accept(actor=request.auth, dossier=_dossier(request, dossier_id)))


@router.put("/dossiers/{dossier_id}/commune-assessment", response=DossierDetailOut, summary="Đánh giá sơ bộ của xã")
@permission(LOGGED_IN)
def put_commune_assessment(request, dossier_id: int, payload: CommuneIn):
    dossier = _dossier(request, dossier_id)
    services.commune_assessment_save(
        actor=request.auth, dossier=dossier, answers=_pairs(payload.answers), comment=payload.comment
    )
    return _detail(request.auth, dossier)


@router.post("/dossiers/{dossier_id}/forward", response=DossierDetailOut, summary="Chuyển lên tỉnh / Forward")
@permission(LOGGED_IN)
def forward(request, dossier_id: int):
    return _detail(request.auth, services.dossier_forward(actor=request.auth, dossier=_dossier(request, dossier_id)))


@router.put("/dossiers/{dossier_id}/score", response=ScoreSheetOut, summary="Phiếu chấm của tôi / My score sheet")
@permission(LOGGED_IN)
def put_score(request, dossier_id: int, payload: MemberScoreIn):
    sheet = services.score_save(
        actor=request.auth,
        dossier=_dossier(request, dossier_id),
        answers=_pairs(payload.answers),
        knockouts=payload.knockouts,
        comment=payload.comment,
        criterion_comments={a.criterion: a.comment for a in payload.answers if a.comment},
        submit=payload.submit,
    )
    return _sheet_out(sheet, sheet.dossier)


@router.get("/dossiers/{dossier_id}/scores", response=ScoresOut, summary="Điểm của hội đồng / Council scores")
@permission(LOGGED_IN)
def get_scores(request, dossier_id: int):
    dossier = _dossier(request, dossier_id)
    if is_producer(request.auth) and dossier.status != DossierStatus.DECIDED:
        raise PermissionDenied
    sheets = selectors.member_sheets(dossier) if dossier.round_id else []
    if not sheets and dossier.results.exists():
        sheets = selectors.member_sheets(dossier, round_id=dossier.results.order_by("-id").first().round_id)
    can_see = policy.may_see_scores(request.auth, dossier)
    mine = next((s for s in sheets if s.member.user_id == request.auth.pk), None)
    progress = selectors.round_progress(dossier.round).dossiers if dossier.round_id else []
    row = next((r for r in progress if r.dossier.pk == dossier.pk), None)
    return {
        "visible": can_see,
        "mine": _sheet_out(mine, dossier) if mine else None,
        "others": [_sheet_out(s, dossier) for s in sheets if s is not mine] if can_see else [],
        "submitted": [m.user.display_name for m in row.submitted] if row else [],
        "pending": [m.user.display_name for m in row.pending] if row else [],
    }


@router.post("/dossiers/{dossier_id}/close", response=ResultOut, summary="Chốt điểm / Close scoring")
@permission(LOGGED_IN)
def close(request, dossier_id: int, payload: CloseIn):
    dossier = _dossier(request, dossier_id)
    services.dossier_close(actor=request.auth, dossier=dossier, outlier_reason=payload.outlier_reason)
    return _result(dossier, request.auth)


def _result(dossier: Dossier, user) -> dict:
    dossier.refresh_from_db()
    found = selectors.dossier_result(dossier)
    if found is None:
        from django.http import Http404

        raise Http404
    r = found.result
    return {
        "total": r.total,
        "stars": r.stars,
        "band_stars": r.band_stars,
        "median": r.median,
        "member_totals": r.member_totals,
        "outliers": r.outliers,
        "outlier_reason": r.outlier_reason,
        "forwarded": r.forwarded,
        "disqualified": r.disqualified,
        "criteria": [{**c.__dict__, "comments": [list(pair) for pair in c.comments]} for c in found.criteria],
        "advice": advice_messages(found.advice) if found.advice else [],
        "comments": [list(pair) for pair in found.comments],
        "explanation": explanation_out(found.explanation, sheet=found.sheet),
        "not_applicable": not_applicable_out(found.agreed_score),
        "decision_recorders": [person.display_name for person in policy.decision_recorders(dossier)],
        "may_record_decision": dossier.status == "closed" and policy.may_record_decision(user, dossier),
    }


@router.get("/dossiers/{dossier_id}/result", response=ResultOut, summary="Kết quả / Result per criterion")
@permission(LOGGED_IN)
def get_result(request, dossier_id: int):
    dossier = _dossier(request, dossier_id)
    if not policy.may_see_result(request.auth, dossier):
        raise PermissionDenied
    return _result(dossier, request.auth)


@router.post("/dossiers/{dossier_id}/decision", response={201: DecisionOut}, summary="Ghi quyết định / Record decision")
@permission(LOGGED_IN)
def record_decision(request, dossier_id: int, payload: DecisionIn):
    decision = services.decision_record(
        actor=request.auth,
        dossier=_dossier(request, dossier_id),
        number=payload.number,
        decided_on=payload.decided_on,
        signer_name=payload.signer_name,
        signer_title=payload.signer_title,
    )
    return Status(201, decision)


@router.get("/dossiers/{dossier_id}/history", response=list[AuditEventOut], summary="Lịch sử / Audit history")
@paginated
@permission(LOGGED_IN)
def history(request, dossier_id: int):
    return list(selectors.dossier_timeline(_dossier(request, dossier_id)))


# ---------------------------------------------------------------- rounds and councils


@router.get("/rounds", response=list[RoundOut], summary="Đợt đánh giá / Rounds")
@paginated
@permission(LOGGED_IN)
def list_rounds(request):
    return list(selectors.rounds_visible(request.auth))


@router.post("/rounds", response={201: RoundOut}, summary="Mở đợt đánh giá / Open a round")
@permission(LOGGED_IN)
def open_round(request, payload: RoundIn):
    version = get_object_or_404(CriteriaVersion, code__iexact=payload.criteria_version)
    round_ = services.round_open(
        actor=request.auth,
        year=payload.year,
        number=payload.number,
        name=payload.name,
        criteria_version=version,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        level=payload.level,
    )
    return Status(201, round_)


@router.get("/rounds/{round_id}", response=RoundOut, summary="Một đợt / One round")
@permission(LOGGED_IN)
def get_round(request, round_id: int):
    return selectors.round_get(user=request.auth, pk=round_id)


def _users(ids: list[int]) -> list[User]:
    found = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        from django.http import Http404

        raise Http404
    return [found[i] for i in ids]


@router.put("/rounds/{round_id}/council", response=CouncilOut, summary="Thành lập hội đồng / Form the council")
@permission(LOGGED_IN)
def form_council(request, round_id: int, payload: CouncilIn):
    round_ = selectors.round_get(user=request.auth, pk=round_id)
    chair, secretary = _users([payload.chair_id, payload.secretary_id])
    return services.council_form(
        actor=request.auth,
        round_=round_,
        name=payload.name,
        chair=chair,
        members=_users(payload.member_ids),
        secretary=secretary,
    )


@router.get("/rounds/{round_id}/council", response=CouncilOut, summary="Hội đồng / Council")
@permission(LOGGED_IN)
def get_council(request, round_id: int):
    round_ = selectors.round_get(user=request.auth, pk=round_id)
    return get_object_or_404(Council, round=round_)


@router.post("/rounds/{round_id}/conflicts", response={201: dict}, summary="Khai báo xung đột lợi ích / Conflict")
@permission(LOGGED_IN)
def declare_conflict(request, round_id: int, payload: ConflictIn):
    round_ = selectors.round_get(user=request.auth, pk=round_id)
    member = get_object_or_404(
        CouncilMember.objects.select_related("council__round", "user"), pk=payload.member_id, council__round=round_
    )
    product = get_object_or_404(Product, pk=payload.product_id)
    conflict = services.conflict_declare(actor=request.auth, member=member, product=product, reason=payload.reason)
    return Status(201, {"id": conflict.pk, "member_id": member.pk, "product_id": product.pk})


@router.post("/rounds/{round_id}/assign", response=DossierOut, summary="Phân công chấm / Assign a dossier")
@permission(LOGGED_IN)
def assign(request, round_id: int, payload: AssignIn):
    round_ = selectors.round_get(user=request.auth, pk=round_id)
    dossier = get_visible_or_404(request.auth, selectors.dossier_queryset(), pk=payload.dossier_id)
    members = None
    if payload.member_ids is not None:
        members = list(
            CouncilMember.objects.filter(pk__in=payload.member_ids, council__round=round_).select_related("user")
        )
    return services.dossier_assign(actor=request.auth, round_=round_, dossier=dossier, members=members)


@router.get("/rounds/{round_id}/progress", response=ProgressOut, summary="Tiến độ đợt / Round progress")
@permission(LOGGED_IN)
def progress(request, round_id: int):
    round_ = selectors.round_get(user=request.auth, pk=round_id)
    if not may_open_round(request.auth):
        raise PermissionDenied
    found = selectors.round_progress(round_)
    return {
        "by_status": {status: count for status, _label, count in found.by_status},
        "dossiers": [
            {
                "dossier_id": row.dossier.pk,
                "product": row.dossier.product.name_vi,
                "status": row.dossier.status,
                "assigned": [m.user.display_name for m in row.assigned],
                "pending": [m.user.display_name for m in row.pending],
                "ready_to_close": row.ready_to_close,
            }
            for row in found.dossiers
        ],
        "pending_members": [
            {"member_id": member.pk, "name": member.user.display_name, "owed": owed}
            for member, owed in found.pending_members
        ],
        "ready_to_close": [d.pk for d in found.ready_to_close],
    }


@router.get("/assignments", response=list[AssignmentOut], summary="Hồ sơ được giao chấm / My assignments")
@paginated
@permission(LOGGED_IN)
def assignments(request):
    return [
        {
            "dossier_id": a.dossier_id,
            "product": a.dossier.product.name_vi,
            "product_set": a.dossier.product_set.code,
            "round": a.round.name,
            "dossier_status": a.dossier.status,
            "sheet_status": sheet.status if sheet else None,
            "total": sheet.total if sheet else None,
        }
        for a, sheet in selectors.my_assignments(user=request.auth)
    ]


# ---------------------------------------------------------------- notifications


@router.get("/notifications", response=list[NotificationOut], summary="Thông báo / Notifications")
@paginated
@permission(LOGGED_IN)
def notifications(request):
    return selectors.notifications_for(user=request.auth)


@router.get("/notifications/unread-count", response=UnreadOut, summary="Số thông báo chưa đọc / Unread count")
@permission(LOGGED_IN)
def unread(request):
    return {"unread": selectors.unread_count(user=request.auth)}


@router.post("/notifications/read", response=UnreadOut, summary="Đánh dấu đã đọc / Mark read")
@permission(LOGGED_IN)
def mark_read(request, payload: ReadIn):
    notification_mark_read(user=request.auth, notification_ids=payload.ids)
    return {"unread": selectors.unread_count(user=request.auth)}


# ---------------------------------------------------------------- historical results


class HistoricalImportOut(Schema):
    id: Int
    original_name: str
    status: str
    rows: list[dict]
    problems: list[dict]
    applied_count: Int


@router.post(
    "/historical-imports", response={201: HistoricalImportOut}, summary="Nhập kết quả lịch sử / Import past results"
)
@permission(LOGGED_IN)
def historical_upload(request, file: File[UploadedFile]):
    return Status(201, historical.historical_import_create(actor=request.auth, upload=file))


@router.get("/historical-imports/{job_id}", response=HistoricalImportOut, summary="Xem trước / Preview")
@permission(LOGGED_IN)
def historical_get(request, job_id: int):
    return get_visible_or_404(request.auth, HistoricalImport.objects.all(), pk=job_id)


@router.post("/historical-imports/{job_id}/confirm", response=HistoricalImportOut, summary="Ghi kết quả / Apply")
@permission(LOGGED_IN)
def historical_confirm(request, job_id: int):
    job = get_visible_or_404(request.auth, HistoricalImport.objects.all(), pk=job_id)
    return historical.historical_import_confirm(actor=request.auth, job=job)


__all__ = ["EvaluationRound", "router"]
