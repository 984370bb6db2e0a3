"""The scoring engine: pure functions over a `SheetDef`. Decimal arithmetic only, never float.

- `score(sheet, answers=…, knockouts=…)`: one answer per answerable criterion (an option code, or
  `None` for "none of these applies", 0 points) → points per criterion, section, part and total.
- `classify(total=…, answers=…, sheet=…)`: the star by band AND mandatory minimums.
- `council_total(member_totals)`: the mean of the members' totals, rounded to two decimals,
  half up (ROUND_HALF_UP: 84.125 → 84.13, 84.124999 → 84.12). The star follows from that
  rounded mean and from the options the council agreed on.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from ocop.criteria.errors import SheetError
from ocop.criteria.sheets import SheetDef

ZERO = Decimal(0)
CENT = Decimal("0.01")

# Criterion outcomes
SCORED = "scored"
NONE_APPLIES = "none"
KNOCKED_OUT = "knocked_out"  # a knock-out stopped the block it belongs to
NOT_APPLICABLE = "not_applicable"  # depends on a criterion that scored zero (no story)
NOT_CHOSEN = "not_chosen"  # the other case of a choose-one section


class CriterionScore(NamedTuple):  # tuples: cheap to build 35 times per sheet
    code: str
    points: Decimal
    max_points: Decimal
    option_code: str | None
    outcome: str


class NotApplicable(NamedTuple):
    """An answered criterion that the sheet's rule makes not applicable: it counts 0, not its option's points."""

    criterion_code: str
    requires_code: str  # the criterion that must score above zero (the story, 5.a)
    option_code: str | None  # set: only a scored (answered) criterion becomes not applicable
    option_points: Decimal  # what the option would have earned


class BlockScore(NamedTuple):
    code: str
    points: Decimal
    max_points: Decimal


@dataclass(frozen=True, slots=True)
class ScoreResult:
    sheet: SheetDef
    total: Decimal
    criteria: dict[str, CriterionScore]
    sections: dict[str, BlockScore]
    parts: dict[str, BlockScore]
    knockouts: tuple[str, ...]  # codes of the knock-outs that applied
    disqualified: bool
    # Answered criteria that count 0 because the criterion they depend on scored zero (no story).
    not_applicable: tuple[NotApplicable, ...] = ()

    def effective_options(self) -> dict[str, str | None]:
        """Per answerable criterion, the option that counts (None when it scored nothing)."""
        return {
            code: (c.option_code if c.outcome == SCORED else None)
            for code, c in self.criteria.items()
            if self.sheet.criteria[code].options
        }


class MandatoryGap(NamedTuple):
    """One mandatory minimum not met: reach `option_code` (or better) in `criterion_code`."""

    criterion_code: str
    mark_stars: int  # the star level the sheet marks this minimum for
    option_code: str | None  # None: a criterion-level mark, any option above zero
    required_points: Decimal
    current_points: Decimal


@dataclass(frozen=True, slots=True)
class Classification:
    stars: int  # 0 when disqualified by a knock-out
    band_stars: int
    certified: bool
    total: Decimal
    disqualified: bool
    missing: dict[int, tuple[MandatoryGap, ...]] = field(default_factory=dict)  # per higher star
    points_needed: dict[int, Decimal] = field(default_factory=dict)  # per higher star


def _reject(message: str, criterion: str | None = None) -> SheetError:
    return SheetError(message, field=criterion)


def answers_from_pairs(*, sheet: SheetDef, pairs: Iterable[tuple[str, str | None]]) -> dict[str, str | None]:
    """Check a list of (criterion, option or None) pairs: known criteria, one answer each, own options."""
    answers: dict[str, str | None] = {}
    for criterion_code, option_code in pairs:
        criterion = sheet.criteria.get(criterion_code)
        if criterion is None or not criterion.options:
            raise _reject(
                _("Tiêu chí “%(code)s” không có trong phiếu chấm bộ %(set)s (%(version)s).")
                % {"code": criterion_code, "set": sheet.set_code, "version": sheet.version_code},
                criterion_code,
            )
        if criterion_code in answers:
            raise _reject(
                _("Tiêu chí %s có hai câu trả lời; mỗi tiêu chí chỉ chọn một phương án.")
                % sheet.criterion_name(criterion_code),
                criterion_code,
            )
        if option_code is not None and criterion.option(option_code) is None:
            raise _reject(
                _("Phương án “%(option)s” không thuộc tiêu chí %(criterion)s.")
                % {"option": option_code, "criterion": sheet.criterion_name(criterion_code)},
                criterion_code,
            )
        answers[criterion_code] = option_code
    return answers


def _check_complete(sheet: SheetDef, answers: Mapping[str, str | None]) -> None:
    index = sheet.index
    for section in sheet.sections.values():
        leaves = index.section_leaves[section.code]
        if section.choose_one:
            cases = {index.top_of[code] for code in leaves if code in answers}
            if not cases:
                raise _reject(
                    _("Mục %(code)s. %(title)s chưa được trả lời: chọn một trường hợp.")
                    % {"code": section.code, "title": section.title},
                    section.criterion_codes[0],
                )
            if len(cases) > 1:
                raise _reject(
                    _("Mục %(code)s. %(title)s chỉ được chấm theo một trường hợp.")
                    % {"code": section.code, "title": section.title},
                    sorted(cases, key=section.criterion_codes.index)[1],
                )
            for code in index.leaves[cases.pop()]:
                if code not in answers:
                    raise _unanswered(sheet, code)
            continue
        for code in leaves:
            if code not in answers:
                raise _unanswered(sheet, code)


def _unanswered(sheet: SheetDef, code: str) -> SheetError:
    return _reject(
        _("Tiêu chí %s chưa được trả lời (chọn một phương án hoặc “không phương án nào phù hợp”).")
        % sheet.criterion_name(code),
        code,
    )


def _blocked(sheet: SheetDef, knockouts: Iterable[str]) -> tuple[set[str], set[str], bool, tuple[str, ...]]:
    """Criteria and sections stopped by the applied knock-outs, and whether the product is out."""
    by_code = {k.code: k for k in sheet.knockouts}
    criteria: set[str] = set()
    sections: set[str] = set()
    disqualified = False
    applied = []
    for code in knockouts:
        knockout = by_code.get(code)
        if knockout is None:
            raise _reject(
                _("Điều kiện loại trừ “%(code)s” không có trong phiếu chấm bộ %(set)s.")
                % {"code": code, "set": sheet.set_code},
                code,
            )
        applied.append(code)
        if knockout.scope == "product":
            disqualified = True
        elif knockout.scope == "section" and knockout.section_code:
            sections.add(knockout.section_code)
        elif knockout.criterion_code:
            criteria.add(knockout.criterion_code)
    return criteria, sections, disqualified, tuple(applied)


def score(
    sheet: SheetDef,
    *,
    answers: Mapping[str, str | None],
    knockouts: Iterable[str] = (),
    version_code: str | None = None,
    set_code: str | None = None,
) -> ScoreResult:
    """Points per criterion, section, part and in total. Raises SheetError naming the criterion.

    `answers` maps each answerable criterion's code to an option code or None ("none applies").
    In a choose-one section, answer the criteria of exactly one case and leave the others out.
    `version_code`/`set_code`, when given, must be the sheet's: a sheet for another set is refused.
    """
    if version_code is not None and version_code.upper() != sheet.version_code.upper():
        raise _reject(
            _("Phiếu chấm thuộc phiên bản %(given)s, không phải %(expected)s.")
            % {"given": version_code, "expected": sheet.version_code}
        )
    if set_code is not None and set_code.lstrip("0") != sheet.set_code.lstrip("0"):
        raise _reject(
            _("Phiếu chấm thuộc bộ %(given)s, không phải bộ %(expected)s.")
            % {"given": set_code, "expected": sheet.set_code}
        )
    index = sheet.index
    for code, option_code in answers.items():
        options = index.options.get(code)
        if not options:
            raise _reject(
                _("Tiêu chí “%(code)s” không có trong phiếu chấm bộ %(set)s (%(version)s).")
                % {"code": code, "set": sheet.set_code, "version": sheet.version_code},
                code,
            )
        if option_code is not None and option_code not in options:
            raise _reject(
                _("Phương án “%(option)s” không thuộc tiêu chí %(criterion)s.")
                % {"option": option_code, "criterion": sheet.criterion_name(code)},
                code,
            )
    _check_complete(sheet, answers)
    blocked_criteria, blocked_sections, disqualified, applied = _blocked(sheet, knockouts)

    results: dict[str, CriterionScore] = {}
    any_blocked = bool(blocked_sections or blocked_criteria)
    criteria = sheet.criteria
    for code in sheet.leaf_codes:
        criterion = criteria[code]
        if code not in answers:
            results[code] = CriterionScore(code, ZERO, criterion.max_points, None, NOT_CHOSEN)
            continue
        option_code = answers[code]
        if option_code:
            points, outcome = index.options[code][option_code].points, SCORED
        else:
            points, outcome = ZERO, NONE_APPLIES
        if any_blocked and (
            criterion.section_code in blocked_sections
            or code in blocked_criteria
            or index.top_of[code] in blocked_criteria
        ):
            points, outcome = ZERO, KNOCKED_OUT
        results[code] = CriterionScore(code, points, criterion.max_points, option_code, outcome)
    # Criteria that count only when the story criterion scored above zero: said, never silently zeroed.
    not_applicable = []
    for code, requires in index.dependants:
        if results[code].outcome == SCORED and results[requires].points == ZERO:
            previous = results[code]
            results[code] = CriterionScore(code, ZERO, previous.max_points, previous.option_code, NOT_APPLICABLE)
            not_applicable.append(NotApplicable(code, requires, previous.option_code, previous.points))
    # Parent criteria (with sub-criteria) add up their children.
    for code in index.parents_bottom_up:
        children = [results[c] for c in index.children.get(code, ())]
        chosen = [c for c in children if c.outcome != NOT_CHOSEN]
        results[code] = CriterionScore(
            code,
            sum((c.points for c in children), ZERO),
            sheet.criteria[code].max_points,
            None,
            SCORED if chosen else NOT_CHOSEN,
        )
    ordered = {code: results[code] for code in criteria} if index.parents_bottom_up else results
    sections = {
        code: BlockScore(code, sum((ordered[c].points for c in s.criterion_codes), ZERO), s.max_points)
        for code, s in sheet.sections.items()
    }
    parts = {
        p.code: BlockScore(p.code, sum((sections[c].points for c in p.section_codes), ZERO), p.max_points)
        for p in sheet.parts
    }
    total = sum((p.points for p in parts.values()), ZERO)
    return ScoreResult(sheet, total, ordered, sections, parts, applied, disqualified, tuple(not_applicable))


def star_bands_of(stored: Iterable[Mapping[str, int | float | str]]) -> tuple[tuple[int, Decimal], ...]:
    """A criteria version's stored bands ({"stars", "min_total"}) as (stars, min_total), highest first."""
    return tuple(sorted(((int(b["stars"]), Decimal(str(b["min_total"]))) for b in stored), reverse=True))


def stars_for_total(*, total: Decimal, star_bands: tuple[tuple[int, Decimal], ...]) -> int:
    """The one star-from-total rule: the highest band whose minimum `total` reaches; 0 below every band.

    `star_bands` is (stars, min_total), highest first, as `star_bands_of` and `SheetDef.star_bands` give.
    """
    for stars, minimum in star_bands:
        if total >= minimum:
            return stars
    return 0


def band_stars(*, total: Decimal, sheet: SheetDef) -> int:
    return stars_for_total(total=total, star_bands=sheet.star_bands)


def _points_of(sheet: SheetDef, code: str, answers: Mapping[str, str | None]) -> Decimal:
    index = sheet.index
    total = ZERO
    for leaf in index.leaves[code]:
        option_code = answers.get(leaf)
        if option_code:
            option = index.options[leaf].get(option_code)
            if option is not None:
                total += option.points
    return total


def _gaps(sheet: SheetDef, stars: int, points: dict[str, Decimal]) -> list[MandatoryGap]:
    return [
        MandatoryGap(r.criterion_code, r.stars, r.option_code, r.required_points, points[r.criterion_code])
        for r in sheet.index.requirements.get(stars, ())
        if points[r.criterion_code] < r.required_points
    ]


def _required_points(sheet: SheetDef, answers: Mapping[str, str | None]) -> dict[str, Decimal]:
    index = sheet.index
    points = {}
    for code in index.required_codes:
        if code in index.options:  # an answerable criterion: its option's points
            option = index.options[code].get(answers.get(code) or "")
            points[code] = option.points if option is not None else ZERO
        else:
            points[code] = _points_of(sheet, code, answers)
    return points


def mandatory_gaps(*, stars: int, answers: Mapping[str, str | None], sheet: SheetDef) -> list[MandatoryGap]:
    """Every minimum marked for `stars` or below that the answers do not reach.

    An option marked ★N must be reached (or a higher-scoring option of the same criterion) for ★N
    and every star above; a criterion marked ★N must score above zero for ★N and above.
    """
    return _gaps(sheet, stars, _required_points(sheet, answers))


def classify(
    *, total: Decimal, answers: Mapping[str, str | None], sheet: SheetDef, disqualified: bool = False
) -> Classification:
    """The highest star whose band and every mandatory minimum (marked for it or below) are met.

    `answers` maps criteria to the options that count (use `ScoreResult.effective_options()`, so
    that a knocked-out block reaches no minimum). For every star above the result it lists the
    minimums still missing and the points still needed.
    """
    band = band_stars(total=total, sheet=sheet)
    points = _required_points(sheet, answers)
    top = sheet.star_bands[0][0]
    stars = 0
    if not disqualified:
        # A minimum marked ★m and not reached rules out ★m and every star above it.
        lowest_failed = min(
            (r.stars for r in sheet.index.marks if points[r.criterion_code] < r.required_points),
            default=top + 1,
        )
        stars = min(band, lowest_failed - 1)
    minimum_for = dict(sheet.star_bands)
    return Classification(
        stars=stars,
        band_stars=band,
        certified=stars >= sheet.certified_min_stars,
        total=total,
        disqualified=disqualified,
        missing={level: tuple(_gaps(sheet, level, points)) for level in range(stars + 1, top + 1)},
        points_needed={level: max(ZERO, minimum_for.get(level, ZERO) - total) for level in range(stars + 1, top + 1)},
    )


def score_and_classify(
    sheet: SheetDef, *, answers: Mapping[str, str | None], knockouts: Iterable[str] = ()
) -> tuple[ScoreResult, Classification]:
    result = score(sheet, answers=answers, knockouts=knockouts)
    return result, classify(
        total=result.total, answers=result.effective_options(), sheet=sheet, disqualified=result.disqualified
    )


def council_total(member_totals: Sequence[Decimal]) -> Decimal:
    """The product's total: the mean of the members' totals, rounded to 0.01, half up."""
    if not member_totals:
        raise SheetError(_("Hội đồng chưa có thành viên nào chấm điểm."))
    values = [Decimal(value) for value in member_totals]
    if any(not value.is_finite() or value < ZERO for value in values):
        raise SheetError(_("Tổng điểm của thành viên phải là số không âm."))
    return (sum(values, ZERO) / Decimal(len(values))).quantize(CENT, rounding=ROUND_HALF_UP)


def council_classify(
    *, member_totals: Sequence[Decimal], agreed_answers: Mapping[str, str | None], sheet: SheetDef
) -> Classification:
    """The council's result: the rounded mean of the members' totals and the options agreed on."""
    return classify(total=council_total(member_totals), answers=agreed_answers, sheet=sheet)


def answers_fill_none(*, sheet: SheetDef, answers: Mapping[str, str | None]) -> tuple[dict[str, str | None], list[str]]:
    """For a sheet being filled in: unanswered criteria counted as "none applies", and which they are.

    In a choose-one section with no case chosen yet, the first case is assumed.
    """
    filled = dict(answers)
    missing = []
    index = sheet.index
    for section in sheet.sections.values():
        leaves = index.section_leaves[section.code]
        if section.choose_one:
            chosen = {index.top_of[c] for c in leaves if c in answers}
            case = sorted(chosen, key=section.criterion_codes.index)[0] if chosen else section.criterion_codes[0]
            leaves = index.leaves[case]
        for code in leaves:
            if code not in filled:
                filled[code] = None
                missing.append(code)
    return filled, missing
