"""Worked examples computed by hand from the printed sheets, every rejection, knock-outs, aggregation."""

from decimal import Decimal

import pytest

from ocop.criteria.engine import (
    KNOCKED_OUT,
    NOT_APPLICABLE,
    NOT_CHOSEN,
    answers_from_pairs,
    classify,
    council_classify,
    council_total,
    score,
    score_and_classify,
)
from ocop.criteria.errors import SheetError
from tests.criteria.conftest import parsed_sheets
from tests.criteria.helpers import answers_by_points, best_answers

D = Decimal

# Set 01 (Rau, củ, quả, hạt tươi), a product that is good but not outstanding.
#   Part A  1.1 5 | 1.2 2 | 1.3 2 | 1.4 2 | 1.5 3 | 1.6 1          section 1 = 15
#           2.1 3 (★4 needs 4) | 2.2 2 | 2.3 3                      section 2 =  8
#           3.1 3 | 3.2 0 | 3.3 3 | 3.4 2 | 3.5 1 | 3.6 2           section 3 = 11   → A = 34
#   Part B  4.1 3 | 4.2 3 | 4.3 2                                   section 4 =  8
#           5.1 3 | 5.2 5 | 5.3 1                                   section 5 =  9   → B = 17
#   Part C  6.1 2 | 6.2 3 | 6.3 2 | 6.4 2                           section 6 =  9
#           7.1 1 | 8.1 3 | 9.1 2 + 9.2 2 | 10.1 3 | 11.1 1 | 12.1 3   1+3+4+3+1+3 = 15 → C = 24
#   Total 34 + 17 + 24 = 75: band ★4 (70–89), but option 2.1-4 ("đặc sản … chỉ dẫn địa lý ****") is
#   mandatory for ★4 and 2.1 sits at 3 points → ★3 (its minimums 5.2 ≥ 3, 9.1 ≥ 2, 10.1 ≥ 2 are met).
SET01_75 = {
    "1.2": 2, "1.3": 2, "1.4": 2, "2.1": 3, "2.2": 2, "3.2": 0,
    "4.1": 3, "4.2": 3, "4.3": 2, "5.1": 3, "5.3": 1,
    "6.2": 3, "6.3": 2, "6.4": 2, "7.1": 1, "8.1": 3, "9.2": 2, "10.1": 3, "11.1": 1,
}  # fmt: skip

# Set 01, a strong product: every best option (100) except
#   11.1 at 1 (−1; option 11.1-2 "hướng dẫn chi tiết *****" is mandatory for ★5), 3.2 at 0 (−1),
#   4.2 at 3 (−1), 4.3 at 2 (−2), 6.3 at 1 (−2), 12.1 at 2 (−1) → 100 − 8 = 92: band ★5, minimum
#   missing → ★4.
SET01_92 = {"11.1": 1, "3.2": 0, "4.2": 3, "4.3": 2, "6.3": 1, "12.1": 2}


def sheet(number):
    return parsed_sheets()[number]


def test_set_01_at_75_points_stays_three_stars_for_a_missing_four_star_minimum():
    s = sheet(1)
    result, stars = score_and_classify(s, answers=answers_by_points(s, SET01_75))
    assert result.total == D(75)
    assert {code: block.points for code, block in result.parts.items()} == {"A": 34, "B": 17, "C": 24}
    assert (stars.band_stars, stars.stars, stars.certified) == (4, 3, True)
    assert [(g.criterion_code, g.option_code, g.required_points, g.current_points) for g in stars.missing[4]] == [
        ("2.1", "2.1-4", D(4), D(3))
    ]
    # For ★5 every ★5 minimum is missing too, and the ★4 one: listed in sheet order.
    assert [g.criterion_code for g in stars.missing[5]] == [
        "1.2", "1.3", "1.4", "2.1", "2.2", "4.1", "5.3", "10.1", "11.1"
    ]  # fmt: skip
    assert stars.points_needed == {4: D(0), 5: D(15)}


def test_set_01_at_92_points_is_four_stars_for_a_missing_five_star_minimum():
    s = sheet(1)
    result, stars = score_and_classify(s, answers=answers_by_points(s, SET01_92))
    assert result.total == D(92)
    assert (stars.band_stars, stars.stars) == (5, 4)
    assert [(g.criterion_code, g.option_code, g.mark_stars) for g in stars.missing[5]] == [("11.1", "11.1-2", 5)]


def test_set_17_corrected_option_counts_one_point_and_blocks_four_and_five_stars():
    # Set 17 (Đồ uống không cồn khác): every best option except 1.4 "Liên kết chuỗi" at the corrected
    # option "50% đến dưới 75%" = 1 point (printed as the letter l). 100 − (3 − 1) = 98: band ★5, but
    # 1.4 needs 2 (★4) and 3 (★5) → ★3, a 98-point product that is only three stars.
    s = sheet(17)
    result, stars = score_and_classify(s, answers=answers_by_points(s, {"1.4": 1}))
    assert result.total == D(98)
    assert (stars.band_stars, stars.stars) == (5, 3)
    assert [g.criterion_code for g in stars.missing[4]] == ["1.4"]


def test_set_11_sub_criteria_add_up_and_the_unverified_maximum_is_97():
    # Set 11 (Chè): 6.1 "Ngoại hình" = 6.1.1 tạp chất (2) + 6.1.2 hình dạng (2); 6.2 "Nước pha" = 3 × 3.
    # With 6.1.1 at 1 and 6.2.3 at 0: section 6 = (1 + 2) + (3 + 3 + 0) = 9; total = 97 − 1 − 3 = 93.
    # 6.1.1's ★4 option is 2 points: ★4 fails, and so does ★5 (minimums are cumulative) → ★3.
    s = sheet(11)
    result, stars = score_and_classify(s, answers=answers_by_points(s, {"6.1.1": 1, "6.2.3": 0}))
    assert result.criteria["6.1"].points == D(3)
    assert result.sections["6"].points == D(9)
    assert result.total == D(93)
    assert (stars.band_stars, stars.stars) == (5, 3)
    assert [g.criterion_code for g in stars.missing[4]] == ["6.1.1"]
    assert score_and_classify(s, answers=best_answers(s))[0].total == D(97)


def test_set_26_choose_one_sections_score_the_chosen_case():
    # Set 26 (du lịch cộng đồng): sections 8, 9 and 15 say "Lựa chọn một trong hai trường hợp".
    # Case 2 ("Điểm dịch vụ du lịch") for all three with its middle options: 8.2 = 2, 9.2 = 1, 15.2 = 1;
    # everything else best: 100 − (3 − 2) − (2 − 1) − (3 − 1) = 96, ★5 (set 26 marks no minimum).
    s = sheet(26)
    cases = {"8": "8.2", "9": "9.2", "15": "15.2"}
    answers = answers_by_points(s, {"8.2": 2, "9.2": 1, "15.2": 1}, cases=cases)
    result, stars = score_and_classify(s, answers=answers)
    assert result.total == D(96)
    assert result.criteria["8.1"].outcome == NOT_CHOSEN
    assert (result.sections["8"].points, result.sections["9"].points, result.sections["15"].points) == (2, 1, 1)
    assert stars.stars == 5


def test_set_03_corrected_criterion_maximum_is_used():
    # Set 03: 7.1 "Dinh dưỡng" had an empty maximum, corrected to 2; with it at 1 and all else best: 99.
    s = sheet(3)
    result = score(s, answers=answers_by_points(s, {"7.1": 1}))
    assert (result.total, result.criteria["7.1"].max_points) == (D(99), D(2))


def test_none_applies_scores_zero_for_a_criterion_without_a_zero_option():
    s = sheet(1)
    result = score(s, answers=answers_by_points(s, {"3.6": None}))  # no registered trademark: no box ticked
    assert (result.criteria["3.6"].points, result.criteria["3.6"].outcome, result.total) == (D(0), "none", D(98))
    # 3.6 is marked ★4 on the criterion row: it must score above zero for ★4 and ★5.
    stars = classify(total=result.total, answers=result.effective_options(), sheet=s)
    assert (stars.stars, [g.criterion_code for g in stars.missing[4]]) == (3, ["3.6"])


# Rejections: each names the criterion.


def test_unanswered_criterion_is_rejected_by_name():
    s = sheet(1)
    answers = best_answers(s)
    del answers["1.2"]
    with pytest.raises(SheetError) as error:
        score(s, answers=answers)
    assert error.value.field == "1.2"
    assert "1. b) Gia tăng giá trị" in error.value.message


def test_every_unanswered_criterion_is_named_not_only_the_first():
    # Given a sheet of set 01 with three criteria left blank, in three sections
    s = sheet(1)
    answers = best_answers(s)
    for code in ("6.3", "1.2", "4.2"):
        del answers[code]
    # When it is scored, then the one refusal names all three, in the sheet's order
    with pytest.raises(SheetError) as error:
        score(s, answers=answers)
    assert [code for code, _message in error.value.field_errors] == ["1.2", "4.2", "6.3"]
    assert error.value.field == "1.2"
    assert error.value.message.startswith("Phiếu chấm còn 3 tiêu chí chưa được trả lời: 1. b) Gia tăng giá trị; ")
    assert s.criterion_name("4.2") in error.value.message
    assert s.criterion_name("6.3") in error.value.message


def test_option_of_another_criterion_is_rejected():
    s = sheet(1)
    with pytest.raises(SheetError) as error:
        score(s, answers={**best_answers(s), "1.1": "1.2-1"})
    assert (error.value.field, error.value.message) == (
        "1.1",
        "Phương án “1.2-1” không thuộc tiêu chí 1. a) Nguồn gốc sản phẩm.",
    )


def test_two_options_for_one_criterion_are_rejected():
    s = sheet(1)
    with pytest.raises(SheetError) as error:
        answers_from_pairs(sheet=s, pairs=[("1.1", "1.1-1"), ("1.1", "1.1-3")])
    assert error.value.field == "1.1"
    assert "hai câu trả lời" in error.value.message


def test_unknown_criterion_is_rejected():
    s = sheet(1)
    with pytest.raises(SheetError) as error:
        score(s, answers={**best_answers(s), "99.1": None})
    assert error.value.field == "99.1"


def test_sheet_for_another_set_or_version_is_rejected():
    s = sheet(1)
    with pytest.raises(SheetError, match="bộ 02"):
        score(s, answers=best_answers(s), set_code="02")
    with pytest.raises(SheetError, match="QD1048"):
        score(s, answers=best_answers(s), version_code="QD1048")
    # Answers of set 01 on set 14's sheet: 3.6 exists, but its options do not belong.
    with pytest.raises(SheetError):
        score(sheet(14), answers=best_answers(s))


def test_two_cases_of_a_choose_one_section_are_rejected():
    s = sheet(26)
    answers = best_answers(s)
    answers["8.2"] = "8.2-3"
    with pytest.raises(SheetError, match="một trường hợp") as error:
        score(s, answers=answers)
    assert error.value.field == "8.2"


def test_unknown_knockout_is_rejected():
    s = sheet(1)
    with pytest.raises(SheetError):
        score(s, answers=best_answers(s), knockouts=["made-up"])


# Knock-outs.


def test_food_safety_knockout_stops_quality_assurance_and_its_minimum():
    # Set 01 all best (100) without a valid food-safety certificate: section 10 (5 points) is not
    # scored → 95, and 10.1's ★3 minimum (2 points) is not reached → band ★5 but only ★2.
    s = sheet(1)
    result, stars = score_and_classify(s, answers=best_answers(s), knockouts=["food_safety_certificate-10"])
    assert (result.total, result.criteria["10.1"].outcome, result.knockouts) == (
        D(95),
        KNOCKED_OUT,
        ("food_safety_certificate-10",),
    )
    assert (stars.band_stars, stars.stars) == (5, 2)


def test_hazardous_impurity_stops_sensory_scoring():
    s = sheet(1)
    result = score(s, answers=best_answers(s), knockouts=["hazardous_impurity-6.1"])
    assert (result.sections["6"].points, result.total) == (D(0), D(87))


def test_common_product_is_not_scored_on_idea_origin():
    s = sheet(1)
    result = score(s, answers=best_answers(s), knockouts=["common_product-2.1"])
    assert (result.criteria["2.1"].points, result.criteria["2.2"].points, result.total) == (D(0), D(3), D(96))


def test_disqualifying_knockout_leaves_no_star():
    s = sheet(21)  # "Nếu sản phẩm vi phạm sở hữu trí tuệ, sẽ bị loại bỏ"
    result, stars = score_and_classify(s, answers=best_answers(s), knockouts=["disqualifying-6.2"])
    assert (result.total, stars.stars, stars.disqualified, stars.certified) == (D(100), 0, True, False)


def test_story_criteria_do_not_count_without_a_story():
    # Set 01: 5.2 and 5.3 are "Chỉ áp dụng khi có câu chuyện"; with 5.1 "Không có câu chuyện" (0)
    # they count nothing: 100 − 5 − 5 − 2 = 88, and 5.2's ★3 minimum is missing → ★2.
    s = sheet(1)
    result, stars = score_and_classify(s, answers=answers_by_points(s, {"5.1": 0}))
    assert (result.criteria["5.2"].outcome, result.criteria["5.3"].outcome) == (NOT_APPLICABLE, NOT_APPLICABLE)
    assert (result.total, stars.stars) == (D(88), 2)


# Bands and council aggregation.


@pytest.mark.parametrize(
    ("total", "band"),
    [("0", 1), ("29.99", 1), ("30", 2), ("49.99", 2), ("50", 3), ("69.99", 3), ("70", 4), ("89.99", 4), ("90", 5)],
)
def test_star_bands_edges(total, band):
    s = sheet(26)  # no minimums: the star is the band
    assert classify(total=D(total), answers=best_answers(s), sheet=s).stars == band


@pytest.mark.parametrize(
    ("totals", "mean"),
    [
        (["84", "84.25"], "84.13"),  # 84.125 → half up → 84.13
        (["90", "89.99", "89.99"], "89.99"),  # 89.993… → 89.99
        (["89.995", "89.995"], "90.00"),  # exactly half → up
        (["70", "69", "69"], "69.33"),
        (["75.5"], "75.50"),
    ],
)
def test_council_total_is_the_mean_rounded_half_up_to_two_decimals(totals, mean):
    assert council_total([D(t) for t in totals]) == D(mean)


def test_council_star_follows_the_rounded_mean_and_the_agreed_options():
    # Members 89.99 and 90 → mean 89.995 → 90.00 → band ★5; agreed options all best → ★5.
    s = sheet(1)
    result = council_classify(member_totals=[D("89.99"), D("90")], agreed_answers=best_answers(s), sheet=s)
    assert (result.total, result.stars) == (D("90.00"), 5)


def test_council_without_members_is_refused():
    with pytest.raises(SheetError):
        council_total([])
