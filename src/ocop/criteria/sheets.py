"""A product set's scoring sheet as plain, immutable in-memory data: what the engine works on.

Built either from a parsed CSV (`sheet_from_parsed`, used by the importer and tests) or from the
database (`selectors.sheet_get`, cached). Codes are positional and stable for the same data:
section "6", criterion "6.2", sub-criterion "6.1.2", option "6.2-3".
"""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ocop.criteria.outcomes import NONE_APPLIES, NOT_CHOSEN, SCORED, CriterionScore, MandatoryGap
from ocop.criteria.parsing import CriterionNode, ParsedSheet

NONE = None  # the explicit "none of these applies" answer: 0 points
ZERO = Decimal(0)

_STORY_ONLY = re.compile(r"chỉ áp dụng khi có câu chuyện", re.I)
_HAZARD = re.compile(r"tạp chất", re.I)
_STOP = re.compile(r"không (xem xét|đánh giá)", re.I)
_FOOD_SAFETY = re.compile(r"chứng nhận đủ điều kiện ATTP", re.I)
_COMMON = re.compile(r"không đánh giá những sản phẩm có tính phổ biến", re.I)
_DISQUALIFY = re.compile(r"bị loại", re.I)


@dataclass(frozen=True, slots=True)
class OptionDef:
    code: str
    position: int
    text: str
    note: str
    points: Decimal
    mandatory_stars: int | None
    source_line: int


@dataclass(frozen=True, slots=True)
class CriterionDef:
    code: str
    label: str
    title: str
    display_title: str
    description: str
    section_code: str
    part_code: str
    parent_code: str | None
    max_points: Decimal
    mandatory_stars: int | None
    requires_code: str | None  # counts only when this criterion scored above zero
    options: tuple[OptionDef, ...]
    source_line: int

    @property
    def is_leaf(self) -> bool:
        return bool(self.options)

    def option(self, code: str) -> OptionDef | None:
        for option in self.options:
            if option.code == code:
                return option
        return None

    @property
    def best_points(self) -> Decimal:
        return max((o.points for o in self.options), default=Decimal(0))


@dataclass(frozen=True, slots=True)
class SectionDef:
    code: str
    title: str
    description: str
    part_code: str
    max_points: Decimal
    choose_one: bool
    criterion_codes: tuple[str, ...]  # top-level criteria, in order
    source_line: int


@dataclass(frozen=True, slots=True)
class PartDef:
    code: str
    title: str
    max_points: Decimal
    section_codes: tuple[str, ...]
    source_title: str = ""
    source_line: int = 0
    title_en: str = ""  # the version's English name of the part (`|localized:"title"` on a page)


@dataclass(frozen=True, slots=True)
class KnockoutDef:
    code: str
    kind: str
    scope: str  # criterion | section | product
    section_code: str | None
    criterion_code: str | None
    note: str
    source_line: int


@dataclass(frozen=True, slots=True)
class SheetDef:
    version_code: str
    set_code: str
    set_number: int
    set_name: str
    status: str
    max_total: Decimal
    star_bands: tuple[tuple[int, Decimal], ...]  # (stars, min_total), highest first
    certified_min_stars: int
    parts: tuple[PartDef, ...]
    sections: dict[str, SectionDef]
    criteria: dict[str, CriterionDef]  # every criterion, in sheet order
    knockouts: tuple[KnockoutDef, ...]
    leaf_codes: tuple[str, ...] = field(default=())  # the criteria an assessor answers, in order
    _index: "SheetIndex | None" = field(default=None, compare=False, repr=False)

    def criterion_name(self, code: str) -> str:
        """“5. a) Câu chuyện về sản phẩm”: section, label and the first line of the title."""
        criterion = self.criteria[code]
        label = f"{criterion.label}) " if criterion.label else ""
        title = criterion.display_title.split("\n", 1)[0].strip()
        if criterion.parent_code:
            return f"{self.criterion_name(criterion.parent_code)} – {title}"
        return f"{criterion.section_code}. {label}{title}".strip()

    @property
    def index(self) -> "SheetIndex":
        """Look-up tables derived once per sheet, so that scoring 10,000 sheets stays fast."""
        if self._index is None:
            object.__setattr__(self, "_index", SheetIndex.build(self))
        return self._index  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Requirement:
    """A mandatory minimum: `criterion_code` must reach `required_points` for `stars` and above."""

    criterion_code: str
    stars: int
    required_points: Decimal
    option_code: str | None  # None: a criterion-level mark (any option above zero)


class Unanswered:
    """The key of a criterion left out of the answers (the other case of a choose-one section): an object
    no answer can equal, hashed by identity (in C, unlike an enum member)."""

    __slots__ = ()


UNANSWERED = Unanswered()


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a criterion that carries minimums stands at some points: what the engine's `classify` reads."""

    points: Decimal
    lowest_failed: int  # the lowest star whose minimum in this criterion is not reached; 0: none
    gaps: tuple[tuple[MandatoryGap, ...], ...]  # by star level (0 to the highest): the minimums not reached


class StandingTable(dict[str | None, Standing]):
    """An answerable criterion's standing per option counted; any other answer counts as none (None)."""

    def __missing__(self, key: object) -> Standing:
        return self[None]


@dataclass(frozen=True, slots=True)
class SheetIndex:
    options: dict[str, dict[str, OptionDef]]  # criterion → option code → option
    children: dict[str, tuple[str, ...]]  # parent criterion → sub-criteria
    leaves: dict[str, tuple[str, ...]]  # any criterion → the answerable criteria under it (or itself)
    section_leaves: dict[str, tuple[str, ...]]
    top_of: dict[str, str]  # answerable criterion → its top-level criterion (the case, in choose-one)
    requirements: dict[int, tuple[Requirement, ...]]  # star level → every minimum for it (cumulative)
    required_codes: tuple[str, ...]  # the criteria that carry a minimum
    marks: tuple[Requirement, ...]  # every minimum as printed, one per star mark
    parents_bottom_up: tuple[str, ...]  # criteria with sub-criteria, deepest first
    dependants: tuple[tuple[str, str], ...]  # (criterion, the criterion it requires to score)
    # Built once, handed out for every sheet scored: answerable criterion → answer (an option code,
    # None for "none applies", UNANSWERED) → its result before knock-outs and dependencies.
    answer_results: dict[str, dict[str | Unanswered | None, CriterionScore]]
    # Per criterion of `required_codes`, in order: its standing per option counted (empty for a criterion
    # with sub-criteria, whose standing the engine works out from the sum of their answers).
    standings: tuple[StandingTable, ...]
    parent_standings: tuple[tuple[int, str], ...]  # (position in `standings`, criterion with sub-criteria)
    section_leaf_order: tuple[str, ...]  # the answerable criteria, section after section
    section_spans: tuple[tuple[str, int, int, Decimal], ...]  # (section, start, stop in that order, max points)
    minimum_for: dict[int, Decimal]  # star → the band's minimum total
    answer_needed: bool  # some section is choose-one: a full count of answers does not prove completeness

    @classmethod
    def build(cls, sheet: "SheetDef") -> "SheetIndex":
        children: dict[str, list[str]] = {}
        for code, criterion in sheet.criteria.items():
            if criterion.parent_code:
                children.setdefault(criterion.parent_code, []).append(code)

        def leaves_of(code: str) -> tuple[str, ...]:
            if sheet.criteria[code].options:
                return (code,)
            return tuple(leaf for child in children.get(code, []) for leaf in leaves_of(child))

        leaves = {code: leaves_of(code) for code in sheet.criteria}
        top_of = {}
        for section in sheet.sections.values():
            for top in section.criterion_codes:
                for leaf in leaves[top]:
                    top_of[leaf] = top
        marks: list[Requirement] = []
        for code, criterion in sheet.criteria.items():
            if criterion.mandatory_stars:
                marks.append(Requirement(code, criterion.mandatory_stars, Decimal("0.01"), None))
            for option in criterion.options:
                if option.mandatory_stars:
                    marks.append(Requirement(code, option.mandatory_stars, option.points, option.code))
        levels = sorted({stars for stars, _minimum in sheet.star_bands} | {r.stars for r in marks})
        requirements = {}
        for level in levels:
            binding: dict[tuple[str, bool], Requirement] = {}
            for requirement in marks:
                if requirement.stars > level:
                    continue
                kept = binding.get((requirement.criterion_code, requirement.option_code is None))
                if kept is None or (requirement.required_points, requirement.stars) > (
                    kept.required_points,
                    kept.stars,
                ):
                    binding[(requirement.criterion_code, requirement.option_code is None)] = requirement
            requirements[level] = tuple(binding.values())
        required_codes = tuple(dict.fromkeys(r.criterion_code for r in marks))
        options = {code: {o.code: o for o in c.options} for code, c in sheet.criteria.items() if c.options}
        section_leaves = {
            code: tuple(leaf for top in s.criterion_codes for leaf in leaves[top]) for code, s in sheet.sections.items()
        }
        spans, start = [], 0
        for code, section in sheet.sections.items():
            spans.append((code, start, start + len(section_leaves[code]), section.max_points))
            start += len(section_leaves[code])
        return cls(
            options=options,
            children={code: tuple(codes) for code, codes in children.items()},
            leaves=leaves,
            section_leaves=section_leaves,
            top_of=top_of,
            requirements=requirements,
            required_codes=required_codes,
            marks=tuple(marks),
            parents_bottom_up=tuple(code for code in reversed(sheet.criteria) if not sheet.criteria[code].options),
            dependants=tuple((code, c.requires_code) for code, c in sheet.criteria.items() if c.requires_code),
            answer_results={code: _answer_results(sheet.criteria[code]) for code in sheet.leaf_codes},
            standings=tuple(
                StandingTable(
                    (key, standing_at(marks, requirements, code, points))
                    for key, points in [*((o.code, o.points) for o in sheet.criteria[code].options), (None, ZERO)]
                )
                if code in options
                else StandingTable({None: standing_at(marks, requirements, code, ZERO)})  # replaced when scored
                for code in required_codes
            ),
            parent_standings=tuple(
                (position, code) for position, code in enumerate(required_codes) if code not in options
            ),
            section_leaf_order=tuple(leaf for codes in section_leaves.values() for leaf in codes),
            section_spans=tuple(spans),
            minimum_for=dict(sheet.star_bands),
            answer_needed=any(s.choose_one for s in sheet.sections.values()),
        )


def _answer_results(criterion: CriterionDef) -> dict[str | Unanswered | None, CriterionScore]:
    code, max_points = criterion.code, criterion.max_points
    results: dict[str | Unanswered | None, CriterionScore] = {
        o.code: CriterionScore(code, o.points, max_points, o.code, SCORED) for o in criterion.options
    }
    results[None] = CriterionScore(code, ZERO, max_points, None, NONE_APPLIES)
    results[UNANSWERED] = CriterionScore(code, ZERO, max_points, None, NOT_CHOSEN)
    return results


def standing_at(
    marks: tuple[Requirement, ...] | list[Requirement],
    requirements: dict[int, tuple[Requirement, ...]],
    code: str,
    points: Decimal,
) -> Standing:
    """The standing of criterion `code` at `points`: the marks it misses, and the gaps per star level."""
    gaps: list[tuple[MandatoryGap, ...]] = [()] * (max(requirements, default=0) + 1)
    for level, binding in requirements.items():
        gaps[level] = tuple(
            MandatoryGap(r.criterion_code, r.stars, r.option_code, r.required_points, points)
            for r in binding
            if r.criterion_code == code and points < r.required_points
        )
    lowest = min((r.stars for r in marks if r.criterion_code == code and points < r.required_points), default=0)
    return Standing(points, lowest, tuple(gaps))


def best_total(sheet: SheetDef) -> Decimal:
    """The highest total the sheet allows: every best option, one case per choose-one section."""
    total = Decimal(0)
    for section in sheet.sections.values():
        per_criterion = [_criterion_best(sheet, code) for code in section.criterion_codes]
        total += max(per_criterion, default=Decimal(0)) if section.choose_one else sum(per_criterion, Decimal(0))
    return total


def _criterion_best(sheet: SheetDef, code: str) -> Decimal:
    criterion = sheet.criteria[code]
    if criterion.options:
        return criterion.best_points
    return sum((_criterion_best(sheet, c.code) for c in sheet.criteria.values() if c.parent_code == code), Decimal(0))


def _knockout_for(text: str) -> tuple[str, str] | None:
    """(kind, scope) of a knock-out note printed in the sheet, or None."""
    if _COMMON.search(text):
        return "common_product", "criterion"
    if _HAZARD.search(text) and _STOP.search(text):
        return "hazardous_impurity", "section"
    if _FOOD_SAFETY.search(text) and _STOP.search(text):
        return "food_safety_certificate", "section"
    if _DISQUALIFY.search(text):
        return "disqualifying", "product"
    return None


def sheet_from_parsed(
    *,
    parsed: ParsedSheet,
    version_code: str,
    set_code: str,
    set_number: int,
    set_name: str,
    status: str,
    part_titles: dict[str, str],
    star_bands: tuple[tuple[int, Decimal], ...],
    certified_min_stars: int,
) -> SheetDef:
    """Turn a parsed (and corrected) tree into a sheet. Call only on a tree without structural errors."""
    parts: list[PartDef] = []
    sections: dict[str, SectionDef] = {}
    criteria: dict[str, CriterionDef] = {}
    knockouts: list[KnockoutDef] = []
    story_code: str | None = None

    def add_criterion(node: CriterionNode, *, code: str, section, part_code: str, parent: str | None) -> None:
        nonlocal story_code
        options = tuple(
            OptionDef(
                code=f"{code}-{index}",
                position=index,
                text=option.text,
                note=option.note,
                points=option.points or Decimal(0),
                mandatory_stars=option.stars,
                source_line=option.line,
            )
            for index, option in enumerate(node.options, start=1)
        )
        requires = None
        if _STORY_ONLY.search(node.description) and story_code and story_code != code:
            requires = story_code
        if story_code is None and "câu chuyện" in node.title.lower() and not node.is_sub:
            story_code = code
        criteria[code] = CriterionDef(
            code=code,
            label=node.label,
            title=node.title,
            display_title=node.title or section.title,
            description=node.description,
            section_code=section.number,
            part_code=part_code,
            parent_code=parent,
            max_points=node.max_points or Decimal(0),
            mandatory_stars=node.stars,
            requires_code=requires,
            options=options,
            source_line=node.line,
        )
        texts = [(node.description, node.line)] + [(o.note, o.line) for o in node.options if o.note]
        for text, line in texts:
            found = _knockout_for(text)
            if found:
                kind, scope = found
                knockouts.append(
                    KnockoutDef(
                        code=f"{kind}-{code}",
                        kind=kind,
                        scope=scope,
                        section_code=section.number if scope == "section" else None,
                        criterion_code=code if scope != "section" else None,
                        note=text,
                        source_line=line,
                    )
                )
        for index, sub in enumerate(node.subs, start=1):
            add_criterion(sub, code=f"{code}.{index}", section=section, part_code=part_code, parent=code)

    for part in parsed.parts:
        section_codes = []
        for section in part.sections:
            criterion_codes = []
            for index, node in enumerate(section.criteria, start=1):
                code = f"{section.number}.{index}"
                criterion_codes.append(code)
                add_criterion(node, code=code, section=section, part_code=part.code, parent=None)
            sections[section.number] = SectionDef(
                code=section.number,
                title=section.title,
                description=section.description,
                part_code=part.code,
                max_points=section.max_points or Decimal(0),
                choose_one=section.choose_one,
                criterion_codes=tuple(criterion_codes),
                source_line=section.line,
            )
            found = _knockout_for(section.description)
            if found:
                knockouts.append(
                    KnockoutDef(
                        code=f"{found[0]}-{section.number}",
                        kind=found[0],
                        scope="section",
                        section_code=section.number,
                        criterion_code=None,
                        note=section.description,
                        source_line=section.line,
                    )
                )
            section_codes.append(section.number)
        parts.append(
            PartDef(
                code=part.code,
                title=part_titles.get(part.code, part.source_title),
                max_points=part.max_points or Decimal(0),
                section_codes=tuple(section_codes),
                source_title=part.source_title,
                source_line=part.line,
            )
        )
    sheet = SheetDef(
        version_code=version_code,
        set_code=set_code,
        set_number=set_number,
        set_name=set_name,
        status=status,
        max_total=Decimal(0),
        star_bands=star_bands,
        certified_min_stars=certified_min_stars,
        parts=tuple(parts),
        sections=sections,
        criteria=criteria,
        knockouts=tuple(knockouts),
        leaf_codes=tuple(code for code, c in criteria.items() if c.options),
    )
    return replace(sheet, max_total=best_total(sheet))
