"""The scoring engine: pure functions over a `SheetDef`. Decimal arithmetic only, never float.

- `score(sheet, answers=…, knockouts=…)`: one answer per answerable criterion (an option code, or
  `None` for "none of these applies", 0 points) → points per criterion, section, part and total.
- `classify(total=…, answers=…, sheet=…)`: the star by band AND mandatory minimums.
- `council_total(member_totals)`: the mean of the members' totals, rounded to two decimals,
  half up (ROUND_HALF_UP: 84.125 → 84.13, 84.124999 → 84.12). The star follows from that
  rounded mean and from the options the council agreed on.
"""

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import NamedTuple

from django.utils.translation import gettext as _

from ocop.criteria.errors import SheetError
from ocop.criteria.outcomes import (
    KNOCKED_OUT,
    NONE_APPLIES,
    NOT_APPLICABLE,
    NOT_CHOSEN,
    SCORED,
    CriterionScore,
    MandatoryGap,
)
from ocop.criteria.sheets import UNANSWERED, ZERO, SheetDef, Standing, standing_at

__all__ = [
    "KNOCKED_OUT",
    "NONE_APPLIES",
    "NOT_APPLICABLE",
    "NOT_CHOSEN",
    "SCORED",
    "ZERO",
    "CriterionScore",
    "MandatoryGap",
]

CENT = Decimal("0.01")
_new = tuple.__new__  # builds a BlockScore without the Python-level __new__ of a named tuple (14 per sheet)
_POINTS = itemgetter(1)  # CriterionScore.points and BlockScore.points, read in C
_OPTION = itemgetter(3)  # CriterionScore.option_code
_GAPS = attrgetter("gaps")
_LOWEST_FAILED = attrgetter("lowest_failed")


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
        leaf_codes = self.sheet.leaf_codes
        effective = dict(zip(leaf_codes, map(_OPTION, map(self.criteria.__getitem__, leaf_codes)), strict=True))
        for code, c in self.criteria.items() if self.knockouts or self.not_applicable else ():
            if c.outcome != SCORED and code in effective:  # knocked out or not applicable: counts nothing
                effective[code] = None
        return effective


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
    """Refuse a sheet with unanswered criteria, naming every one of them (not only the first), in the sheet's order;
    a choose-one section answered under two cases is refused on its own."""
    index = sheet.index
    problems: list[tuple[str, str]] = []  # (criterion code, message), one per unanswered criterion or section
    for section in sheet.sections.values():
        leaves = index.section_leaves[section.code]
        if section.choose_one:
            cases = {index.top_of[code] for code in leaves if code in answers}
            if not cases:
                problems.append(
                    (
                        section.criterion_codes[0],
                        _("Mục %(code)s. %(title)s chưa được trả lời: chọn một trường hợp.")
                        % {"code": section.code, "title": section.title},
                    )
                )
                continue
            if len(cases) > 1:
                raise _reject(
                    _("Mục %(code)s. %(title)s chỉ được chấm theo một trường hợp.")
                    % {"code": section.code, "title": section.title},
                    sorted(cases, key=section.criterion_codes.index)[1],
                )
            leaves = index.leaves[cases.pop()]
        problems.extend((code, _unanswered(sheet, code).message) for code in leaves if code not in answers)
    if len(problems) == 1:
        raise _reject(problems[0][1], problems[0][0])
    if problems:
        error = _reject(
            _("Phiếu chấm còn %(count)s tiêu chí chưa được trả lời: %(names)s.")
            % {
                "count": len(problems),
                "names": "; ".join(sheet.criterion_name(code) for code, _message in problems),
            },
            problems[0][0],
        )
        error.field_errors = tuple(problems)
        raise error


def _unanswered(sheet: SheetDef, code: str) -> SheetError:
    return _reject(
        _("Tiêu chí %s chưa được trả lời (chọn một phương án hoặc “không phương án nào phù hợp”).")
        % sheet.criterion_name(code),
        code,
    )


def _blocked(
    sheet: SheetDef, knockouts: Iterable[str]
) -> tuple[AbstractSet[str], AbstractSet[str], bool, tuple[str, ...]]:
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
    results = _answered(sheet, answers)
    blocked_criteria, blocked_sections, disqualified, applied = (
        _blocked(sheet, knockouts) if knockouts else _NONE_BLOCKED
    )
    if blocked_sections or blocked_criteria:
        for code, result in results.items():
            criterion = sheet.criteria[code]
            if result.outcome != NOT_CHOSEN and (
                criterion.section_code in blocked_sections
                or code in blocked_criteria
                or index.top_of[code] in blocked_criteria
            ):
                results[code] = CriterionScore(code, ZERO, result.max_points, result.option_code, KNOCKED_OUT)
    # Criteria that count only when the story criterion scored above zero: said, never silently zeroed.
    not_applicable = []
    for code, requires in index.dependants:
        if results[code].outcome == SCORED and results[requires].points == ZERO:
            previous = results[code]
            results[code] = CriterionScore(code, ZERO, previous.max_points, previous.option_code, NOT_APPLICABLE)
            not_applicable.append(NotApplicable(code, requires, previous.option_code, previous.points))
    # A section's points are its answerable criteria's, added up (exact Decimal sums, in any grouping).
    points = list(map(_POINTS, map(results.__getitem__, index.section_leaf_order)))
    sections = {
        code: _new(BlockScore, (code, sum(points[start:stop], ZERO), max_points))
        for code, start, stop, max_points in index.section_spans
    }
    section_at = sections.__getitem__
    parts = {
        p.code: _new(BlockScore, (p.code, sum(map(_POINTS, map(section_at, p.section_codes)), ZERO), p.max_points))
        for p in sheet.parts
    }
    total = sum(map(_POINTS, parts.values()), ZERO)
    if index.parents_bottom_up:
        results = _with_parents(sheet, results)
    return ScoreResult(sheet, total, results, sections, parts, applied, disqualified, tuple(not_applicable))


def _answered(sheet: SheetDef, answers: Mapping[str, str | None]) -> dict[str, CriterionScore]:
    """Each answerable criterion's result as answered, from the sheet's prebuilt ones (looked up in C: map,
    zip), once the answers are checked: the sheet's own criteria and options, every one answered."""
    index = sheet.index
    tables = index.answer_results
    leaf_codes = sheet.leaf_codes
    try:
        answered = map(answers.get, leaf_codes, repeat(UNANSWERED))
        results = dict(zip(leaf_codes, map(dict.__getitem__, tables.values(), answered), strict=True))
    except KeyError:  # an option that is not the criterion's own
        raise _answer_error(sheet, answers) from None
    if not tables.keys() >= answers.keys():
        raise _answer_error(sheet, answers)  # a criterion the sheet does not have
    if index.answer_needed or len(answers) != len(results):
        _check_complete(sheet, answers)
    return results


def _with_parents(sheet: SheetDef, results: dict[str, CriterionScore]) -> dict[str, CriterionScore]:
    """Every criterion in the sheet's order, the parents (with sub-criteria) adding up their children."""
    index = sheet.index
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
    return {code: results[code] for code in sheet.criteria}


_NONE_BLOCKED: tuple[AbstractSet[str], AbstractSet[str], bool, tuple[str, ...]] = (frozenset(), frozenset(), False, ())


def _answer_error(sheet: SheetDef, answers: Mapping[str, str | None]) -> SheetError:
    """The first answer, in the answers' order, that the sheet refuses: an unknown criterion or a foreign option."""
    tables = sheet.index.answer_results
    code, option_code = next((c, o) for c, o in answers.items() if o not in tables.get(c, {}))
    if code not in tables:
        return _reject(
            _("Tiêu chí “%(code)s” không có trong phiếu chấm bộ %(set)s (%(version)s).")
            % {"code": code, "set": sheet.set_code, "version": sheet.version_code},
            code,
        )
    return _reject(
        _("Phương án “%(option)s” không thuộc tiêu chí %(criterion)s.")
        % {"option": option_code, "criterion": sheet.criterion_name(code)},
        code,
    )


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


def _standings(sheet: SheetDef, answers: Mapping[str, str | None]) -> list[Standing]:
    """Where each criterion that carries a minimum stands with these answers, in the sheet's order."""
    index = sheet.index
    standings = list(map(dict.__getitem__, index.standings, map(answers.get, index.required_codes)))
    for position, code in index.parent_standings:  # a criterion with sub-criteria: the sum of their answers
        standings[position] = standing_at(index.marks, index.requirements, code, _points_of(sheet, code, answers))
    return standings


def _gaps(standings: list[Standing], stars: int) -> tuple[MandatoryGap, ...]:
    gaps: tuple[MandatoryGap, ...] = sum(map(itemgetter(stars), map(_GAPS, standings)), ())
    return gaps


def mandatory_gaps(*, stars: int, answers: Mapping[str, str | None], sheet: SheetDef) -> list[MandatoryGap]:
    """Every minimum marked for `stars` or below that the answers do not reach.

    An option marked ★N must be reached (or a higher-scoring option of the same criterion) for ★N
    and every star above; a criterion marked ★N must score above zero for ★N and above.
    """
    if stars not in sheet.index.requirements:
        return []
    return list(_gaps(_standings(sheet, answers), stars))


def classify(
    *, total: Decimal, answers: Mapping[str, str | None], sheet: SheetDef, disqualified: bool = False
) -> Classification:
    """The highest star whose band and every mandatory minimum (marked for it or below) are met.

    `answers` maps criteria to the options that count (use `ScoreResult.effective_options()`, so
    that a knocked-out block reaches no minimum). For every star above the result it lists the
    minimums still missing and the points still needed.
    """
    band = band_stars(total=total, sheet=sheet)
    missed = list(filter(_LOWEST_FAILED, _standings(sheet, answers)))  # the criteria with a minimum not reached
    top = sheet.star_bands[0][0]
    stars = 0
    if not disqualified:
        # A minimum marked ★m and not reached rules out ★m and every star above it.
        lowest_failed = min(map(_LOWEST_FAILED, missed), default=top + 1)
        stars = min(band, lowest_failed - 1)
    minimum_for = sheet.index.minimum_for
    above = range(stars + 1, top + 1)
    return Classification(
        stars=stars,
        band_stars=band,
        certified=stars >= sheet.certified_min_stars,
        total=total,
        disqualified=disqualified,
        missing={level: _gaps(missed, level) for level in above},
        points_needed={level: max(ZERO, minimum_for.get(level, ZERO) - total) for level in above},
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
