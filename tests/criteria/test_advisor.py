"""The next-star advisor: mandatory gaps first, then the fewest criteria, each by the smallest step."""

from decimal import Decimal

from ocop.criteria.advisor import MANDATORY, POINTS, advice_messages, advise
from ocop.criteria.engine import score_and_classify
from tests.criteria.conftest import parsed_sheets
from tests.criteria.helpers import answers_by_points, best_answers
from tests.criteria.test_engine import SET01_75, SET01_92

D = Decimal


def advice_for(number, points, knockouts=()):
    sheet = parsed_sheets()[number]
    result, classification = score_and_classify(sheet, answers=answers_by_points(sheet, points), knockouts=knockouts)
    return advise(result=result, classification=classification)


def test_the_75_point_product_needs_only_its_missing_minimum_for_four_stars():
    advice = advice_for(1, SET01_75)
    assert (advice.target_stars, advice.reachable, advice.points_needed) == (4, True, D(0))
    assert [(s.kind, s.criterion_code, s.to_option_code, s.gain, s.mandatory_for) for s in advice.steps] == [
        (MANDATORY, "2.1", "2.1-4", D(1), 4)
    ]


def test_the_92_point_product_needs_its_five_star_minimum():
    advice = advice_for(1, SET01_92)
    assert [(s.criterion_code, s.to_option_code, s.gain) for s in advice.steps] == [("11.1", "11.1-2", D(1))]


def test_points_short_of_the_band_take_the_fewest_criteria_each_by_the_smallest_step():
    # Set 26 (no minimums), every best option except 1.2 "Cơ chế quản lý" (max 6) at 2 and 2.1
    # (max 5) at 1, 2.3 (max 5) at 1, 4.1 (max 5) at 1: 100 − 4 − 4 − 4 − 4 = 84 → ★4, ★5 needs 6 more.
    # Largest rooms are 4 each (1.2, 2.1, 2.3, 4.1): two criteria are enough (1.2 and 2.1, in sheet
    # order). Each step is lowered as far as the others still allow: 1.2 only to 4 (+2), since 2.1 can
    # bring at most 4; then 2.1 to its best, 5 (+4). 84 + 6 = 90.
    sheet = parsed_sheets()[26]
    points = {"1.2": 2, "2.1": 1, "2.3": 1, "4.1": 1}
    assert sorted(o.points for o in sheet.criteria["2.1"].options) == [1, 3, 5]
    advice = advice_for(26, points)
    assert (advice.target_stars, advice.reachable) == (5, True)
    assert [(s.kind, s.criterion_code, s.from_points, s.to_points, s.gain) for s in advice.steps] == [
        (POINTS, "1.2", D(2), D(4), D(2)),
        (POINTS, "2.1", D(1), D(5), D(4)),
    ]
    assert advice.total_gain == D(6)


def test_a_knocked_out_block_is_not_proposed_and_the_advice_says_so():
    # Set 01 all best without a food-safety certificate: 95 points but ★2 (10.1's ★3 minimum is
    # knocked out). The advisor cannot reach ★3 by raising criteria: lift the knock-out first.
    advice = advice_for(1, {}, knockouts=["food_safety_certificate-10"])
    assert (advice.target_stars, advice.reachable, advice.knockouts) == (3, False, ("food_safety_certificate-10",))
    assert advice.steps == ()


def test_five_stars_needs_no_advice():
    sheet = parsed_sheets()[1]
    result, classification = score_and_classify(sheet, answers=best_answers(sheet))
    advice = advise(result=result, classification=classification)
    assert (advice.target_stars, advice.steps) == (None, ())
    assert advice_messages(advice, language="vi") == ["Sản phẩm đã đạt hạng cao nhất (5 sao)."]
    assert advice_messages(advice, language="en") == ["The product already has the highest rating (5 stars)."]


def test_messages_in_vietnamese_and_english():
    advice = advice_for(1, SET01_75)
    assert advice_messages(advice, language="vi") == [
        "Để đạt 4 sao, cần 1 thay đổi (thêm 1 điểm):",
        "Bắt buộc cho hạng 4 sao: ở tiêu chí 2. a) Nguồn gốc ý tưởng sản phẩm, cần đạt “Sản phẩm là đặc sản, "
        "truyền thống, chỉ sản xuất trên địa bàn của huyện, có chất lượng đặc sắc, thương mại gắn với chỉ dẫn "
        "nguồn gốc địa lý” (thêm 1 điểm).",
    ]
    english = advice_messages(advice, language="en")
    assert english[0] == "To reach 4 stars: 1 change(s), 1 more point(s):"
    assert english[1].startswith("Required for 4 stars: in criterion 2. a) Nguồn gốc ý tưởng sản phẩm, reach “")


def test_a_minimum_held_back_by_no_story_is_reached_by_telling_the_story():
    # Set 01 at 88 points and ★2: 5.2's ★3 option was chosen but counts 0 without a story (5.1 = 0).
    # Before: "cannot reach 3 stars". Now: raise 5.1 to its lowest option above zero and 5.2, 5.3 count again.
    sheet = parsed_sheets()[1]
    answers = answers_by_points(sheet, {"5.1": 0})
    advice = advice_for(1, {"5.1": 0})
    assert (advice.target_stars, advice.reachable) == (3, True)
    assert [(s.kind, s.criterion_code, s.to_option_code, s.gain, s.mandatory_for, s.restores) for s in advice.steps] == [
        (MANDATORY, "5.1", "5.1-2", D(8), 3, ("5.2", "5.3"))
    ]  # fmt: skip
    assert advice_messages(advice, language="vi") == [
        "Để đạt 3 sao, cần 1 thay đổi (thêm 8 điểm):",
        "Bắt buộc cho hạng 3 sao: ở tiêu chí 5. a) Câu chuyện về sản phẩm, cần đạt “Có tài liệu giới thiệu về sản "
        "phẩm” để các tiêu chí chỉ áp dụng khi có câu chuyện (5.2, 5.3) được tính (thêm 8 điểm).",
    ]
    assert advice_messages(advice, language="en")[1].startswith("Required for 3 stars: in criterion 5. a)")
    # Following the advice gives what it promised.
    result, stars = score_and_classify(sheet, answers={**answers, "5.1": "5.1-2"})
    assert (result.total, stars.stars) == (D(96), 5)
