"""Why a star is what it is: the band from the total, then each mandatory minimum that capped it."""

from decimal import Decimal

from ocop.criteria.engine import NOT_APPLICABLE, SCORED, NotApplicable, score_and_classify
from ocop.criteria.explanation import applicability_messages, explain, explanation_messages
from tests.criteria.helpers import answers_by_points, best_answers
from tests.criteria.test_engine import SET01_75, sheet

D = Decimal
OWN_STORY = "Có câu chuyện riêng, gắn với nguồn gốc xuất xứ"
SPECIAL_STORY = "Có câu chuyện sản phẩm đặc sắc, mang sắc thái truyền thống, văn hóa và trí tuệ/bản sắc địa phương"


def explained(number, points, **kwargs):
    s = sheet(number)
    result, classification = score_and_classify(s, answers=answers_by_points(s, points), **kwargs)
    return s, result, explain(result=result, classification=classification)


def test_no_story_answers_are_reported_not_silently_zeroed():
    # Set 01, every best option but 5.1 "Không có câu chuyện" (0): 5.2 and 5.3 apply only when there is a story.
    _s, result, _explanation = explained(1, {"5.1": 0})
    assert result.not_applicable == (
        NotApplicable("5.2", "5.1", "5.2-4", D(5)),
        NotApplicable("5.3", "5.1", "5.3-3", D(2)),
    )
    assert applicability_messages(result, language="vi")[0] == (
        "Tiêu chí 5. b) Trí tuệ/bản sắc địa phương (mã 5.2) chỉ áp dụng khi có câu chuyện: "
        "5. a) Câu chuyện về sản phẩm (mã 5.1) được 0 điểm nên phương án đã chọn "
        f"“{SPECIAL_STORY}” (5 điểm) không được tính."
    )
    assert applicability_messages(result, language="en")[1] == (
        "Criterion 5. c) Cấu trúc câu chuyện (code 5.3) applies only when there is a story: "
        "5. a) Câu chuyện về sản phẩm (code 5.1) scored 0, so the chosen option "
        "“Ngắn gọn, súc tích và có các thông điệp đặc sắc về sản phẩm/văn hóa/trí tuệ/bản sắc địa phương” "
        "(2 points) does not count."
    )


def test_a_story_answer_with_a_story_is_not_reported():
    _s, result, _explanation = explained(1, {})
    assert result.not_applicable == ()
    # "None applies" on a story-only criterion is no answer to warn about either.
    _s, result, _explanation = explained(1, {"5.1": 0, "5.2": None, "5.3": None})
    assert result.not_applicable == ()


def test_88_points_and_two_stars_say_which_minimum_capped_them():
    s, _result, explanation = explained(1, {"5.1": 0})
    assert (explanation.total, explanation.band_stars, explanation.band_min, explanation.band_next) == (
        D(88),
        4,
        D(70),
        D(90),
    )
    assert (explanation.stars, explanation.certified, explanation.disqualified) == (2, False, False)
    assert [
        (c.stars, c.criterion_code, c.required_option_code, c.chosen_option_code, c.counted_points, c.outcome)
        for c in explanation.caps
    ] == [(3, "5.2", "5.2-3", "5.2-4", D(0), NOT_APPLICABLE), (4, "5.2", "5.2-4", "5.2-4", D(0), NOT_APPLICABLE)]
    assert explanation.caps[0].required_option_text == OWN_STORY
    assert explanation.caps[0].requires_code == "5.1"
    assert explanation_messages(explanation, sheet=s, language="vi") == [
        "Tổng điểm 88 thuộc khung 4 sao (từ 70 đến dưới 90 điểm).",
        f"Hạng 3 sao bắt buộc tiêu chí 5. b) Trí tuệ/bản sắc địa phương (mã 5.2) đạt tối thiểu “{OWN_STORY}” "
        f"(3 điểm): đã chọn “{SPECIAL_STORY}” nhưng không được tính vì tiêu chí này chỉ áp dụng khi có câu chuyện "
        "(5. a) Câu chuyện về sản phẩm (mã 5.1) được 0 điểm).",
        f"Hạng 4 sao bắt buộc tiêu chí 5. b) Trí tuệ/bản sắc địa phương (mã 5.2) đạt tối thiểu “{SPECIAL_STORY}” "
        f"(5 điểm): đã chọn “{SPECIAL_STORY}” nhưng không được tính vì tiêu chí này chỉ áp dụng khi có câu chuyện "
        "(5. a) Câu chuyện về sản phẩm (mã 5.1) được 0 điểm).",
        "Vì chưa đạt tiêu chí bắt buộc của hạng 3 sao, sản phẩm chỉ được 2 sao.",
        "Không đủ điều kiện công nhận sản phẩm OCOP (cần từ 3 sao).",
    ]
    english = explanation_messages(explanation, sheet=s, language="en")
    assert english[0] == "A total of 88 points falls in the 4-star band (from 70 to under 90 points)."
    assert english[1].startswith(
        f"3 stars require criterion 5. b) Trí tuệ/bản sắc địa phương (code 5.2) to reach at least “{OWN_STORY}” "
        f"(3 points): “{SPECIAL_STORY}” was chosen but does not count"
    )
    assert english[-2:] == [
        "Because a mandatory minimum of 3 stars is not met, the product gets only 2 stars.",
        "Not eligible for recognition as an OCOP product (3 stars or more needed).",
    ]


def test_a_scored_option_below_the_minimum_names_the_option_chosen():
    # SET01_75: 75 points, band ★4, but 2.1 sits at 3 points and ★4 needs 2.1-4 (4 points) → ★3.
    s, _result, explanation = explained(1, SET01_75)
    assert [(c.stars, c.criterion_code, c.required_option_code, c.chosen_option_code, c.outcome) for c in explanation.caps] == [
        (4, "2.1", "2.1-4", "2.1-3", SCORED)
    ]  # fmt: skip
    lines = explanation_messages(explanation, sheet=s, language="vi")
    assert lines[1].startswith("Hạng 4 sao bắt buộc tiêu chí 2. a) Nguồn gốc ý tưởng sản phẩm (mã 2.1) đạt tối thiểu “")
    assert lines[1].endswith(f"(4 điểm): đã chọn “{s.criteria['2.1'].options[2].text}” (3 điểm).")
    assert lines[-2:] == [
        "Vì chưa đạt tiêu chí bắt buộc của hạng 4 sao, sản phẩm chỉ được 3 sao.",
        "Đủ điều kiện công nhận sản phẩm OCOP (từ 3 sao).",
    ]


def test_a_star_at_its_band_has_no_cap():
    s = sheet(1)
    result, classification = score_and_classify(s, answers=best_answers(s))
    explanation = explain(result=result, classification=classification)
    assert (explanation.stars, explanation.caps, explanation.band_next) == (5, (), None)
    assert explanation_messages(explanation, sheet=s, language="vi") == [
        "Tổng điểm 100 thuộc khung 5 sao (từ 90 điểm).",
        "Đạt mọi tiêu chí bắt buộc của hạng này: sản phẩm được 5 sao.",
        "Đủ điều kiện công nhận sản phẩm OCOP (từ 3 sao).",
    ]


def test_a_disqualified_product_says_so_and_lists_no_cap():
    s = sheet(21)  # "Nếu sản phẩm vi phạm sở hữu trí tuệ, sẽ bị loại bỏ"
    result, classification = score_and_classify(s, answers=best_answers(s), knockouts=["disqualifying-6.2"])
    explanation = explain(result=result, classification=classification)
    assert (explanation.stars, explanation.disqualified, explanation.caps) == (0, True, ())
    assert explanation_messages(explanation, sheet=s, language="vi") == [
        "Tổng điểm 100 thuộc khung 5 sao (từ 90 điểm).",
        "Sản phẩm bị loại theo điều kiện loại trừ của phiếu chấm, không được xếp hạng.",
    ]
