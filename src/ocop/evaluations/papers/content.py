"""What each paper shows, read in a few queries (none per row) and held in plain dataclasses.

Numbers: a paper of a dossier carries the dossier's order in its round ("01/BB-HĐĐG" for the minutes of
the round's first dossier), the result list the round's number; the decision's number is left blank, as
on every draft, for the office's register to fill in when it is signed. Place: the province of the round,
else of the producer ("Hà Nội" for the central council).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone, translation

from ocop.certificates.services.issue import CENTRAL_AUTHORITY_NAME, people_committee, unit_short_name
from ocop.criteria.sheets import SheetDef
from ocop.evaluations import scoring
from ocop.evaluations.models import (
    Council,
    CouncilMember,
    CouncilResult,
    CouncilRole,
    Dossier,
    EvaluationRound,
    Level,
    ScoreSheet,
)
from ocop.evaluations.papers.layout import Letterhead
from ocop.geo.models import Province

CENTRAL_PLACE = "Hà Nội"
ROLE_LABELS = {
    CouncilRole.CHAIR: "Chủ tịch Hội đồng",
    CouncilRole.MEMBER: "Thành viên",
    CouncilRole.SECRETARY: "Thư ký",
}


# ---------------------------------------------------------------- the letterheads


def _province(round_: EvaluationRound, dossier: Dossier | None = None) -> Province | None:
    if round_.province_id:
        return round_.province
    return dossier.producer.commune.province if dossier is not None and round_.level != Level.CENTRAL else None


def place_of(round_: EvaluationRound, dossier: Dossier | None = None) -> str:
    province = _province(round_, dossier)
    return unit_short_name(province) if province is not None else CENTRAL_PLACE


def council_issuer(round_: EvaluationRound, council: Council | None) -> tuple[str, str]:
    """(superior, issuer) of the council's papers: the people's committee above the council."""
    if round_.level == Level.CENTRAL or round_.province_id is None:
        superior = CENTRAL_AUTHORITY_NAME
        fallback = "Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp quốc gia"
    else:
        superior = people_committee(round_.province).replace("Ủy ban nhân dân", "UBND", 1)
        fallback = f"Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh {unit_short_name(round_.province)}"
    return superior, (council.name if council and council.name else fallback)


def dossier_sequence(dossier: Dossier, round_: EvaluationRound) -> int:
    """The dossier's place among the round's dossiers, in the order they were opened (its papers' number)."""
    in_round = Q(round=round_) | Q(assignments__round=round_) | Q(results__round=round_)
    return Dossier.objects.filter(in_round, pk__lte=dossier.pk).distinct().count()


def _council_letterhead(round_, council, *, dossier: Dossier | None, number: str, day: date | None) -> Letterhead:
    superior, issuer = council_issuer(round_, council)
    return Letterhead(
        superior=superior,
        issuer=issuer,
        number=number,
        place=place_of(round_, dossier),
        day=day,
        year=day.year if day else round_.year,
    )


def _local_day(moment) -> date | None:
    return timezone.localtime(moment).date() if moment else None


# ---------------------------------------------------------------- the member's score sheet


@dataclass(frozen=True)
class SheetLine:
    """A row of a score sheet: a part or section heading (`level` "part"/"section") or a criterion."""

    level: str
    code: str
    name: str
    max_points: Decimal | None
    options: tuple[tuple[str, Decimal], ...] = ()  # (text, points), printed on the blank sheet
    chosen: str = ""  # the option chosen on a filled sheet ("Không phương án nào phù hợp" for none)
    points: Decimal | None = None
    comment: str = ""


@dataclass(frozen=True)
class SheetPaper:
    head: Letterhead
    round: EvaluationRound
    dossier: Dossier
    set_name: str
    version_document: str
    member_name: str
    member_role: str
    lines: tuple[SheetLine, ...]
    blank: bool
    submitted: bool
    total: Decimal | None
    stars: int | None
    max_total: Decimal
    knockouts: tuple[str, ...]
    comment: str


NONE_CHOSEN = "Không phương án nào phù hợp"


def _sheet_lines(sheet: SheetDef, answers: dict[str, str | None] | None, comments: dict[str, str]) -> list[SheetLine]:
    """Parts, sections and criteria in sheet order. A filled sheet lists, in a choose-one section, the case
    the member scored; a blank one every case."""
    lines: list[SheetLine] = []
    for part in sheet.parts:
        lines.append(SheetLine("part", part.code, f"Phần {part.code}. {part.title}", part.max_points))
        for section_code in part.section_codes:
            section = sheet.sections[section_code]
            leaves = sheet.index.section_leaves[section.code]
            if answers is not None and section.choose_one:
                leaves = tuple(code for code in leaves if code in answers) or leaves
            note = " (chấm theo một trong các trường hợp)" if section.choose_one and answers is None else ""
            lines.append(
                SheetLine("section", section.code, f"{section.code}. {section.title}{note}", section.max_points)
            )
            for code in leaves:
                criterion = sheet.criteria[code]
                options = tuple((option.text, option.points) for option in criterion.options)
                if answers is None:
                    lines.append(
                        SheetLine("criterion", code, sheet.criterion_name(code), criterion.max_points, options)
                    )
                    continue
                chosen_code = answers.get(code)
                option = criterion.option(chosen_code) if chosen_code else None
                lines.append(
                    SheetLine(
                        "criterion",
                        code,
                        sheet.criterion_name(code),
                        criterion.max_points,
                        chosen=option.text if option else (NONE_CHOSEN if code in answers else ""),
                        points=option.points if option else (Decimal(0) if code in answers else None),
                        comment=comments.get(code, ""),
                    )
                )
    return lines


def sheet_paper(*, dossier: Dossier, member: CouncilMember | None, stored: ScoreSheet | None) -> SheetPaper:
    """A member's sheet for `dossier` in its round: filled from `stored`, blank when there is none (with the
    member's name when `member` is given, else a line to write it on)."""
    round_ = dossier.round
    assert round_ is not None, "a council sheet belongs to a round"
    sheet = scoring.sheet_of(dossier)
    council = Council.objects.filter(round=round_).first()
    blank = stored is None
    answers = None if blank else scoring.answers_of(stored)
    comments = {} if blank else scoring.comments_of(stored)
    knockout_notes = {k.code: k.note for k in sheet.knockouts}
    sequence = dossier_sequence(dossier, round_)
    submitted = stored is not None and stored.status == ScoreSheet.Status.SUBMITTED
    return SheetPaper(
        head=_council_letterhead(
            round_,
            council,
            dossier=dossier,
            number=f"Số: {sequence:02d}/PC-HĐĐG",
            day=_local_day(stored.submitted_at) if submitted and stored else None,
        ),
        round=round_,
        dossier=dossier,
        set_name=f"Bộ sản phẩm {sheet.set_number:02d} – {sheet.set_name}",
        version_document=dossier.criteria_version.legal_document,
        member_name=member.user.display_name if member else "",
        member_role=str(ROLE_LABELS.get(member.role, "")) if member else "",
        lines=tuple(_sheet_lines(sheet, answers, comments)),
        blank=blank,
        submitted=submitted,
        total=stored.total if stored else None,
        stars=stored.stars if stored else None,
        max_total=sheet.max_total,
        knockouts=tuple(knockout_notes.get(code, code) for code in (stored.knockouts if stored else [])),
        comment=stored.comment if stored else "",
    )


# ---------------------------------------------------------------- the council's minutes


@dataclass(frozen=True)
class MinutesMember:
    name: str
    role: str
    total: Decimal | None  # None: present, does not score (the secretary)


@dataclass(frozen=True)
class Outlier:
    name: str
    total: Decimal
    difference: Decimal


@dataclass(frozen=True)
class MinutesPaper:
    head: Letterhead
    round: EvaluationRound
    council_name: str
    dossier: Dossier
    result: CouncilResult
    set_name: str
    version_document: str
    members: tuple[MinutesMember, ...]
    outliers: tuple[Outlier, ...]
    explanation: tuple[str, ...]
    chair: str
    secretary: str
    outcome: str


def _outcome(result: CouncilResult, certified_min_stars: int) -> str:
    if result.disqualified:
        return "Sản phẩm bị loại do vi phạm điều kiện loại trừ."
    if result.forwarded:
        return f"Đạt {result.stars} sao; đề nghị chuyển hồ sơ lên cấp trên đánh giá, công nhận."
    if result.stars >= certified_min_stars:
        return f"Đạt {result.stars} sao; đề nghị công nhận sản phẩm đạt chuẩn OCOP {result.stars} sao."
    return f"Đạt {result.stars} sao; chưa đủ điều kiện công nhận sản phẩm OCOP (từ {certified_min_stars} sao)."


def minutes_paper(*, dossier: Dossier, result: CouncilResult) -> MinutesPaper:
    """The minutes of the council's closing of `dossier` in `result`'s round."""
    from ocop.evaluations.selectors import dossier_result

    round_ = result.round
    council = Council.objects.filter(round=round_).first()
    seats = list(CouncilMember.objects.filter(council__round=round_).select_related("user").order_by("role", "id"))
    totals = {row["member_id"]: Decimal(row["total"]) for row in result.member_totals}
    members = [
        MinutesMember(seat.user.display_name, ROLE_LABELS[seat.role], totals.get(seat.pk))
        for seat in sorted(seats, key=lambda s: (list(ROLE_LABELS).index(s.role), s.pk))
        if seat.pk in totals or seat.role == CouncilRole.SECRETARY
    ]
    seated = {seat.pk for seat in seats}
    members += [  # a member who scored and has left the council since
        MinutesMember(row["user"], ROLE_LABELS[CouncilRole.MEMBER], Decimal(row["total"]))
        for row in result.member_totals
        if row["member_id"] not in seated
    ]
    found = dossier_result(dossier)
    explanation = found.explanation_lines(language="vi") if found and found.result.pk == result.pk else []
    sheet = scoring.sheet_of(dossier)
    chair = next((s.user.display_name for s in seats if s.role == CouncilRole.CHAIR), "")
    secretary = next((s.user.display_name for s in seats if s.role == CouncilRole.SECRETARY), "")
    return MinutesPaper(
        head=_council_letterhead(
            round_,
            council,
            dossier=dossier,
            number=f"Số: {dossier_sequence(dossier, round_):02d}/BB-HĐĐG",
            day=_local_day(result.created_at),
        ),
        round=round_,
        council_name=council.name if council else "",
        dossier=dossier,
        result=result,
        set_name=f"Bộ sản phẩm {sheet.set_number:02d} – {sheet.set_name}",
        version_document=dossier.criteria_version.legal_document,
        members=tuple(members),
        outliers=tuple(
            Outlier(row["user"], Decimal(row["total"]), Decimal(row["difference"])) for row in result.outliers
        ),
        explanation=tuple(explanation),
        chair=chair,
        secretary=secretary,
        outcome=_outcome(result, dossier.criteria_version.certified_min_stars),
    )


# ---------------------------------------------------------------- the round's result list and draft decision


@dataclass(frozen=True)
class ResultRow:
    product: str
    producer: str
    commune: str
    province: str
    total: Decimal
    stars: int
    outcome: str  # "Đề nghị công nhận", "Chuyển cấp trên", "Không đạt", "Bị loại"
    recognised: bool  # goes in the decision's annex


@dataclass(frozen=True)
class RoundPaper:
    head: Letterhead
    round: EvaluationRound
    council_name: str
    version_document: str
    rows: tuple[ResultRow, ...]
    chair: str
    secretary: str

    @property
    def recognised(self) -> tuple[ResultRow, ...]:
        return tuple(row for row in self.rows if row.recognised)


def _row_outcome(result: CouncilResult, certified_min_stars: int) -> tuple[str, bool]:
    if result.disqualified:
        return "Bị loại", False
    if result.forwarded:
        return "Chuyển cấp trên xét", False
    if result.stars >= certified_min_stars:
        return "Đề nghị công nhận", True
    return "Không đạt", False


def round_results(round_: EvaluationRound) -> list[ResultRow]:
    """The round's council results, best first: one query."""
    results = (
        CouncilResult.objects.filter(round=round_)
        .select_related("dossier__product", "dossier__producer__commune__province", "dossier__criteria_version")
        .order_by("-stars", "-total", "dossier__product__name_vi", "id")
    )
    rows = []
    for result in results:
        dossier = result.dossier
        outcome, recognised = _row_outcome(result, dossier.criteria_version.certified_min_stars)
        commune = dossier.producer.commune
        rows.append(
            ResultRow(
                product=dossier.product.name_vi,
                producer=dossier.producer.legal_name,
                commune=commune.name,
                province=commune.province.name,
                total=result.total,
                stars=result.stars,
                outcome=outcome,
                recognised=recognised,
            )
        )
    return rows


def round_paper(round_: EvaluationRound, *, decision: bool = False, today: date | None = None) -> RoundPaper:
    """The round's result list (the council's paper, dated `today`), or with `decision` the head of the
    people's committee's draft decision (number and day left blank)."""
    council = Council.objects.filter(round=round_).first()
    seats = list(CouncilMember.objects.filter(council__round=round_).select_related("user"))
    day = today or timezone.localdate()
    if decision:
        central = round_.level == Level.CENTRAL or round_.province_id is None
        head = Letterhead(
            superior="",
            # "ỦY BAN NHÂN DÂN" over "TỈNH QUẢNG NINH", as the committee's documents set it
            issuer=CENTRAL_AUTHORITY_NAME
            if central
            else people_committee(round_.province).replace(" dân ", " dân\n", 1),
            number="Số:          /QĐ-BNNMT" if central else "Số:          /QĐ-UBND",
            place=place_of(round_),
            day=None,
            year=day.year,
            draft=True,
        )
    else:
        head = _council_letterhead(round_, council, dossier=None, number=f"Số: {round_.number:02d}/KQ-HĐĐG", day=day)
    with translation.override("vi"):
        return RoundPaper(
            head=head,
            round=round_,
            council_name=council.name if council else "",
            version_document=round_.criteria_version.legal_document,
            rows=tuple(round_results(round_)),
            chair=next((s.user.display_name for s in seats if s.role == CouncilRole.CHAIR), ""),
            secretary=next((s.user.display_name for s in seats if s.role == CouncilRole.SECRETARY), ""),
        )


def sheet_paper_for(*, user, dossier: Dossier, member_id: str | None, blank: bool) -> SheetPaper:
    """The sheet `user` asks for: theirs (filled, or blank before they score, or blank on request); with
    `member_id`, that member's (404 when the policy does not let `user` print it, as for a sheet out of scope);
    without a seat, the blank sheet for the offices (403 for anyone else)."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from ocop.evaluations import policy

    if dossier.round_id is None:
        raise Http404
    if member_id is not None:
        if not member_id.isdigit():
            raise Http404
        member = (
            CouncilMember.objects.filter(pk=int(member_id), council__round_id=dossier.round_id)
            .select_related("user")
            .first()
        )
        if member is None or not member.scores or not policy.may_print_member_sheet(user, dossier, member):
            raise Http404
    else:
        member = policy.council_seat(user, dossier.round_id)
        if member is not None and not member.scores:
            member = None  # the secretary does not score: the blank sheet, as for the offices
        if member is None and not policy.may_print_blank_sheet(user, dossier):
            raise PermissionDenied
    stored = None
    if member is not None and not blank:
        stored = (
            ScoreSheet.objects.filter(dossier=dossier, round_id=dossier.round_id, member=member)
            .prefetch_related("answers__criterion", "answers__option")
            .first()
        )
        if stored is None and member_id is not None:
            raise Http404  # no sheet of that member to print
    return sheet_paper(dossier=dossier, member=member, stored=stored)
