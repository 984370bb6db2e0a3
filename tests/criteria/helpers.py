"""Build answers by points, so that worked examples read like the paper sheet."""

from ocop.criteria.sheets import SheetDef


def option_with(sheet: SheetDef, code: str, points: int | None) -> str | None:
    """The option of `code` worth `points` (None: "none applies")."""
    if points is None:
        return None
    matches = [o.code for o in sheet.criteria[code].options if o.points == points]
    assert len(matches) == 1, f"{code} has no single option worth {points}: {sheet.criteria[code].options}"
    return matches[0]


def best_answers(sheet: SheetDef, *, cases: dict[str, str] | None = None) -> dict[str, str | None]:
    """Every criterion at its best option; in choose-one sections, the given case (default: the first)."""
    cases = cases or {}
    answers = {}
    for section in sheet.sections.values():
        tops = section.criterion_codes
        if section.choose_one:
            tops = (cases.get(section.code, tops[0]),)
        for top in tops:
            for leaf in sheet.index.leaves[top]:
                answers[leaf] = max(sheet.criteria[leaf].options, key=lambda o: o.points).code
    return answers


def answers_by_points(sheet: SheetDef, points: dict[str, int | None], **kwargs) -> dict[str, str | None]:
    """Best options everywhere except the criteria listed with their points."""
    answers = best_answers(sheet, **kwargs)
    for code, value in points.items():
        answers[code] = option_with(sheet, code, value)
    return answers
