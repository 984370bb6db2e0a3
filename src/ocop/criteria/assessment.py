"""A self-assessment in progress: score what is answered, count the rest as "none applies"."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ocop.criteria.advisor import Advice, advise
from ocop.criteria.engine import Classification, ScoreResult, answers_fill_none, classify, score
from ocop.criteria.errors import SheetError
from ocop.criteria.explanation import StarExplanation, applicability_message, explain, explanation_messages
from ocop.criteria.sheets import SheetDef

NONE_VALUE = "none"


@dataclass(frozen=True, slots=True)
class Assessment:
    sheet: SheetDef
    answers: dict[str, str | None]
    unanswered: tuple[str, ...]
    cases: dict[str, str]  # choose-one section → the case (criterion code) being scored
    result: ScoreResult
    classification: Classification
    advice: Advice
    explanation: StarExplanation

    @property
    def complete(self) -> bool:
        return not self.unanswered

    def unanswered_rows(self) -> list[tuple[str, str]]:
        """(code, name) of every criterion still unanswered, in the sheet's order: what the sheet lists to fill in."""
        return [(code, self.sheet.criterion_name(code)) for code in self.unanswered]

    def explanation_lines(self) -> list[str]:
        """Why the star is what it is, in the active language (band, then each minimum that capped it)."""
        return explanation_messages(self.explanation, sheet=self.sheet)

    def applicability_warnings(self) -> dict[str, str]:
        """{criterion code: warning} for answered criteria that count 0 because there is no story."""
        return {n.criterion_code: applicability_message(self.sheet, n) for n in self.result.not_applicable}


def answers_from_form(*, sheet: SheetDef, data: Mapping[str, str]) -> tuple[dict[str, str | None], dict[str, str]]:
    """Answers from form fields `c-<criterion>` (an option code or "none") and `case-<section>`.

    Unknown option codes are ignored here (a form only offers the sheet's own options), so a stale
    or forged field never raises: that criterion simply counts as unanswered.
    """
    index = sheet.index
    cases = {}
    for section in sheet.sections.values():
        if section.choose_one:
            chosen = data.get(f"case-{section.code}")
            cases[section.code] = chosen if chosen in section.criterion_codes else section.criterion_codes[0]
    answers: dict[str, str | None] = {}
    for code in sheet.leaf_codes:
        section_code = sheet.criteria[code].section_code
        if section_code in cases and index.top_of[code] != cases[section_code]:
            continue
        value = data.get(f"c-{code}")
        if value == NONE_VALUE:
            answers[code] = None
        elif value and value in index.options[code]:
            answers[code] = value
    return answers, cases


def assess(*, sheet: SheetDef, answers: Mapping[str, str | None], knockouts: Iterable[str] = ()) -> Assessment:
    filled, unanswered = answers_fill_none(sheet=sheet, answers=answers)
    known = {k.code for k in sheet.knockouts}
    applied = [code for code in knockouts if code in known]
    result = score(sheet, answers=filled, knockouts=applied)
    classification = classify(
        total=result.total, answers=result.effective_options(), sheet=sheet, disqualified=result.disqualified
    )
    cases = {}
    for section in sheet.sections.values():
        if section.choose_one:
            chosen = [c for c in section.criterion_codes if any(leaf in filled for leaf in sheet.index.leaves[c])]
            cases[section.code] = chosen[0] if chosen else section.criterion_codes[0]
    return Assessment(
        sheet=sheet,
        answers=dict(answers),
        unanswered=tuple(unanswered),
        cases=cases,
        result=result,
        classification=classification,
        advice=advise(result=result, classification=classification),
        explanation=explain(result=result, classification=classification),
    )


__all__ = ["NONE_VALUE", "Assessment", "SheetError", "answers_from_form", "assess"]
