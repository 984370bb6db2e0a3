"""Score sheets in the database ↔ answers the criteria engine works on; the council's agreed options."""

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from ocop.core.text import fold_vietnamese
from ocop.criteria import selectors as criteria_selectors
from ocop.criteria.errors import SheetError
from ocop.criteria.models import Criterion, Option
from ocop.criteria.sheets import SheetDef
from ocop.evaluations.models import Dossier, ScoreAnswer, ScoreSheet

# The four criteria the commune pre-evaluates since 1 July 2025 (QĐ 1489), found in each product set's
# sheet by words of the criterion's title (compared without diacritics). Data, not code: one row each.
LOCAL_CRITERIA: tuple[tuple[str, str], ...] = (
    ("local_materials", r"nguon nguyen lieu|nguon goc san pham"),
    ("local_labour", r"lao dong"),
    ("idea_origin", r"nguon goc y tuong"),
    ("local_identity", r"ban sac dia phuong"),
)


def sheet_of(dossier: Dossier) -> SheetDef:
    if dossier.product_set_id is None:
        raise SheetError("dossier without product set")
    return criteria_selectors.sheet_get(product_set=dossier.product_set)


def answers_of(sheet_row: ScoreSheet | None) -> dict[str, str | None]:
    """{criterion code: option code or None} of a stored sheet (its answers prefetched or not)."""
    if sheet_row is None or sheet_row.pk is None:
        return {}
    return {a.criterion.code: (a.option.code if a.option_id else None) for a in _answers(sheet_row)}


def comments_of(sheet_row: ScoreSheet | None) -> dict[str, str]:
    if sheet_row is None or sheet_row.pk is None:
        return {}
    return {a.criterion.code: a.comment for a in _answers(sheet_row) if a.comment}


def _answers(sheet_row: ScoreSheet) -> Iterable[ScoreAnswer]:
    return sheet_row.answers.select_related("criterion", "option").all()


def answers_store(
    *,
    sheet_row: ScoreSheet,
    product_set_id: int,
    answers: Mapping[str, str | None],
    comments: Mapping[str, str] | None = None,
) -> None:
    """Replace the sheet's answers (two queries to resolve codes, one delete, one bulk insert)."""
    comments = comments or {}
    criteria = {c.code: c.pk for c in Criterion.objects.filter(product_set_id=product_set_id, code__in=list(answers))}
    option_codes = [code for code in answers.values() if code]
    options = {
        (o.criterion_id, o.code): o.pk
        for o in Option.objects.filter(criterion__product_set_id=product_set_id, code__in=option_codes)
    }
    rows = []
    for code, option_code in answers.items():
        criterion_id = criteria.get(code)
        if criterion_id is None:
            raise SheetError(f"unknown criterion {code}", field=code)
        option_id = options.get((criterion_id, option_code)) if option_code else None
        if option_code and option_id is None:
            raise SheetError(f"unknown option {option_code}", field=code)
        rows.append(
            ScoreAnswer(sheet=sheet_row, criterion_id=criterion_id, option_id=option_id, comment=comments.get(code, ""))
        )
    sheet_row.answers.all().delete()
    ScoreAnswer.objects.bulk_create(rows)


def local_criteria(sheet: SheetDef) -> dict[str, str]:
    """{key: criterion code} of the four local criteria that this sheet has (answerable ones)."""
    found: dict[str, str] = {}
    for key, pattern in LOCAL_CRITERIA:
        regex = re.compile(pattern)
        for code in sheet.leaf_codes:
            criterion = sheet.criteria[code]
            if regex.search(fold_vietnamese(criterion.display_title.split("\n", 1)[0])):
                found[key] = code
                break
    return found


def agreed_answers(sheet: SheetDef, member_answers: Sequence[Mapping[str, str | None]]) -> dict[str, str | None]:
    """Per criterion, the members' median option by points (the lower median on a tie: conservative).

    In a choose-one section, the case most members scored (the first in sheet order on a tie).
    """
    index = sheet.index
    agreed: dict[str, str | None] = {}
    for section in sheet.sections.values():
        leaves = index.section_leaves[section.code]
        if section.choose_one:
            votes: dict[str, int] = {}
            for answers in member_answers:
                for top in section.criterion_codes:
                    if any(leaf in answers for leaf in index.leaves[top]):
                        votes[top] = votes.get(top, 0) + 1
            case = max(
                section.criterion_codes, key=lambda top: (votes.get(top, 0), -section.criterion_codes.index(top))
            )
            leaves = index.leaves[case]
        for code in leaves:
            chosen = [answers.get(code) for answers in member_answers if code in answers]
            if not chosen:
                continue
            by_points = sorted(chosen, key=lambda o: (index.options[code][o].points if o else Decimal(-1), o or ""))
            agreed[code] = median_low_item(by_points)
    return agreed


def median_low_item(items: list):
    return items[(len(items) - 1) // 2]


def median_total(totals: list[Decimal]) -> Decimal:
    """The median of the members' totals (the mean of the two middle ones for an even count)."""
    ordered = sorted(totals)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
