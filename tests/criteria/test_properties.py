"""Properties of the engine over every shipped sheet, with hypothesis."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocop.criteria.engine import band_stars, score_and_classify
from tests.criteria.conftest import import_results, parsed_sheets
from tests.criteria.helpers import best_answers

SET_NUMBERS = sorted(parsed_sheets())
ADDING_UP = [n for n, r in import_results().items() if r.status in ("verified", "corrected")]


@st.composite
def filled_sheets(draw):
    """A set and a complete random answer (an option or "none" per criterion, one case per choose-one)."""
    sheet = parsed_sheets()[draw(st.sampled_from(SET_NUMBERS))]
    answers = {}
    for section in sheet.sections.values():
        tops = section.criterion_codes
        if section.choose_one:
            tops = (draw(st.sampled_from(tops)),)
        for top in tops:
            for leaf in sheet.index.leaves[top]:
                options = sheet.criteria[leaf].options
                answers[leaf] = draw(st.sampled_from([None, *[o.code for o in options]]))
    return sheet, answers


@settings(max_examples=300, deadline=None)
@given(filled_sheets())
def test_total_never_exceeds_the_maximum_and_star_never_exceeds_its_band(case):
    sheet, answers = case
    result, classification = score_and_classify(sheet, answers=answers)
    assert Decimal(0) <= result.total <= sheet.max_total <= Decimal(100)
    assert classification.stars <= classification.band_stars == band_stars(total=result.total, sheet=sheet)
    for code, part in result.parts.items():
        assert part.points <= part.max_points, code


@settings(max_examples=300, deadline=None)
@given(filled_sheets(), st.data())
def test_raising_one_option_never_lowers_the_total_or_the_star(case, data):
    sheet, answers = case
    raisable = [
        code
        for code, chosen in answers.items()
        if any(
            o.points > (sheet.index.options[code][chosen].points if chosen else Decimal(0))
            for o in sheet.criteria[code].options
        )
    ]
    if not raisable:
        return
    code = data.draw(st.sampled_from(raisable))
    current = sheet.index.options[code][answers[code]].points if answers[code] else Decimal(0)
    higher = data.draw(st.sampled_from([o.code for o in sheet.criteria[code].options if o.points > current]))
    before, before_stars = score_and_classify(sheet, answers=answers)
    after, after_stars = score_and_classify(sheet, answers={**answers, code: higher})
    assert after.total >= before.total
    assert after_stars.stars >= before_stars.stars


@pytest.mark.parametrize("number", ADDING_UP)
def test_every_best_option_is_100_points_and_five_stars_in_every_set_that_adds_up(number):
    sheet = parsed_sheets()[number]
    cases = {s.code: s.criterion_codes[-1] for s in sheet.sections.values() if s.choose_one}
    for chosen in ({}, cases):
        result, classification = score_and_classify(sheet, answers=best_answers(sheet, cases=chosen))
        assert (result.total, classification.stars) == (Decimal(100), 5)


def test_twenty_two_sets_add_up():
    assert len(ADDING_UP) == 22
