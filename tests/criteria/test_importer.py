"""The importer finds every known problem with file and line, applies recorded corrections, and refuses the rest."""

from decimal import Decimal

import pytest

from ocop.criteria.corrections import Correction
from ocop.criteria.importer import sheet_import, versions_read
from tests.criteria.conftest import import_results

QD148 = next(v for v in versions_read() if v.code == "QD148")
SPEC = {"number": 99, "file": "99-test.csv", "name_vi": "Bộ thử", "group": 1}


def found(number: int) -> set[tuple[int, str, str, str]]:
    """(line, field, code, resolution) of every problem the importer reported for a shipped set."""
    return {(p["line"], p["field"], p["code"], p["resolution"]) for p in import_results()[number].problem_records()}


def test_every_shipped_set_is_loaded_with_a_status():
    # Given the 26 shipped sheets and the corrections file, when they are imported,
    # then each has exactly the status the docs record.
    statuses = {n: r.status for n, r in import_results().items()}
    assert statuses == {
        **dict.fromkeys(range(1, 27), "verified"),
        3: "corrected",
        17: "corrected",
        18: "corrected",
        7: "unverified",
        11: "unverified",
        12: "unverified",
        13: "unverified",
    }


def test_letter_l_score_in_set_17_is_found_and_corrected():
    assert (20, "score", "unreadable_number", "corrected") in found(17)
    result = import_results()[17]
    assert [(c.line, c.old, c.new) for c in result.applied] == [(20, "l", "1")]
    assert result.sheet.criteria["1.4"].options[1].points == Decimal(1)


def test_letter_t_score_in_set_18_is_found_and_corrected():
    assert (11, "score", "unreadable_number", "corrected") in found(18)
    assert import_results()[18].sheet.criteria["1.2"].options[1].points == Decimal(1)


def test_empty_maxima_and_titles_in_set_03():
    problems = found(3)
    for line in (125, 130, 146, 157):
        assert (line, "score", "empty_score", "corrected") in problems
    for line in (125, 130, 146):
        assert (line, "title", "empty_title", "noted") in problems
    sheet = import_results()[3].sheet
    # The corrected maxima: section 7 → 2, 8 → 5, 10 → 5, 12 → 3; a label-only title shows the section's name.
    assert [sheet.criteria[c].max_points for c in ("7.1", "8.1", "10.1", "12.1")] == [2, 5, 5, 3]
    assert sheet.criteria["8.1"].display_title == "TÍNH ĐỘC ĐÁO"


def test_set_07_criterion_maximum_above_best_option_stays_unverified():
    assert (119, "score", "criterion_max_not_best", "unverified") in found(7)
    assert import_results()[7].sheet.max_total == Decimal(99)


@pytest.mark.parametrize(
    ("number", "line", "total", "reachable"), [(11, 104, 32, 97), (12, 104, 32, 97), (13, 99, 33, 98)]
)
def test_part_c_of_sets_11_to_13_does_not_add_up(number, line, total, reachable):
    result = import_results()[number]
    [problem] = [p for p in result.remaining if p.code == "sum_sections"]
    assert (problem.file, problem.line) == (result.file, line)
    assert f"cộng được {total}" in problem.message
    assert result.status == "unverified"
    assert result.sheet.max_total == Decimal(reachable)


def test_part_title_typo_is_a_warning_not_a_change():
    assert (64, "title", "part_title", "noted") in found(2)
    assert import_results()[2].sheet.parts[1].title == "Khả năng tiếp thị"


def test_choose_one_sections_of_set_26_add_up_per_case():
    sheet = import_results()[26].sheet
    assert [s for s, d in sheet.sections.items() if d.choose_one] == ["8", "9", "15"]
    assert found(26) == {(2, "title", "part_title", "noted")}


CSV_OK = """title,description,level,stars,score
Phần A SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 Điểm),,0,,40
1. MỤC,,1,,40
a) Tiêu chí,,2,,40
□ Thấp,,3,,0
□ Cao****,,3,4,40
Phần B KHẢ NĂNG TIẾP THỊ (25 Điểm),,0,,25
2. MỤC B,,1,,25
□ Một,,3,,25
Phần C CHẤT LƯỢNG SẢN PHẨM (35 Điểm),,0,,35
3. MỤC C,,1,,35
a) X,,2,,35
□ Y,,3,,35
"""


def run(text: str, corrections=(), unverified: str = ""):
    return sheet_import(
        version=QD148, set_spec=SPEC, text=text, corrections=list(corrections), unverified_reason=unverified
    )


def test_a_clean_synthetic_sheet_is_verified():
    result = run(CSV_OK)
    assert (result.status, result.found, result.sheet.max_total) == ("verified", [], Decimal(100))
    assert result.sheet.criteria["2.1"].title == "MỤC B"  # a section holding options is its own criterion


def test_every_kind_of_problem_is_reported_with_file_and_line():
    text = """title,description,level,stars,score
□ Mồ côi,,3,,1
Phần A SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 Điểm),,0,,40
1. MỤC,,1,,30
,,2,,x
□ Thấp,,3,,0
a) Tiêu chí,,2,,5
□ Thấp,,3,,1
□ Cao*****,,3,4,3
Phần B KHẢ NĂNG TIẾP THỊ (25 Điểm),,0,,25
2. MỤC B,,1,,25
a) Không có phương án,,2,,25
Phần C CHẤT LƯỢNG SẢN PHẨM (30 Điểm),,0,,35
3. MỤC C,,1,,35
a) X,,2,,35
□ Y,,3,,35
"""
    # (A sum over an unreadable number is not checked: the unreadable number is the problem reported.)
    problems = {(p.file, p.line, p.field, p.code) for p in run(text).found}
    assert problems == {
        ("99-test.csv", 2, "level", "orphan_option"),
        ("99-test.csv", 5, "title", "empty_title"),
        ("99-test.csv", 5, "score", "unreadable_number"),
        ("99-test.csv", 3, "score", "sum_sections"),
        ("99-test.csv", 7, "score", "criterion_max_not_best"),
        ("99-test.csv", 9, "stars", "star_mismatch"),
        ("99-test.csv", 12, "level", "no_options"),
        ("99-test.csv", 13, "score", "part_title_points"),
    }
    assert run(text).status == "refused"


def test_a_correction_is_applied_and_recorded():
    text = CSV_OK.replace("□ Cao****,,3,4,40", "□ Cao****,,3,4,4O")
    correction = Correction("99-test.csv", 6, "score", "4O", "40", "chữ O thay số 0", "tiêu chí tối đa 40")
    result = run(text, [correction])
    assert result.status == "corrected"
    assert result.applied == [correction]
    assert [(p["line"], p["code"], p["resolution"]) for p in result.problem_records()] == [
        (6, "unreadable_number", "corrected")
    ]


def test_a_stale_correction_is_refused_not_applied():
    correction = Correction("99-test.csv", 6, "score", "4O", "40", "why", "evidence")
    result = run(CSV_OK, [correction])
    assert result.status == "refused"
    assert [p.code for p in result.remaining] == ["stale_correction"]


def test_a_set_that_does_not_add_up_is_refused_unless_marked_unverified():
    text = CSV_OK.replace("3. MỤC C,,1,,35", "3. MỤC C,,1,,33").replace("a) X,,2,,35", "a) X,,2,,33")
    text = text.replace("□ Y,,3,,35", "□ Y,,3,,33")
    assert run(text).status == "refused"
    accepted = run(text, unverified="thiếu 2 điểm")
    assert (accepted.status, accepted.sheet.max_total) == ("unverified", Decimal(98))


def test_an_unreadable_number_is_refused_even_when_marked_unverified():
    text = CSV_OK.replace("□ Thấp,,3,,0", "□ Thấp,,3,,o")
    assert run(text, unverified="no").status == "refused"


def test_choose_one_sections_and_story_only_criteria_are_listed_as_readings_with_file_and_line():
    readings = import_results()[26].readings
    assert [(r.file, r.line, r.code, r.kind) for r in readings] == [
        ("26-dich-vu-du-lich-cong-dong-du-lich-sinh-thai-va-diem-du-lich.csv", 96, "8", "choose_one"),
        ("26-dich-vu-du-lich-cong-dong-du-lich-sinh-thai-va-diem-du-lich.csv", 105, "9", "choose_one"),
        ("26-dich-vu-du-lich-cong-dong-du-lich-sinh-thai-va-diem-du-lich.csv", 132, "15", "choose_one"),
    ]
    assert readings[0].message == (
        "Mục 8. CHẤT LƯỢNG VỀ ĐIỀU KIỆN KINH DOANH DỊCH VỤ ghi “Lựa chọn một trong hai trường hợp sau”: được chấm "
        "theo đúng một trường hợp, điểm của mục là điểm của trường hợp được chọn; các trường hợp: "
        "8.1 “Trường hợp 1: Cộng đồng dịch vụ du lịch” (dòng 97); 8.2 “Trường hợp 2: Điểm dịch vụ du lịch” (dòng 101)."
    )
    story = import_results()[1].readings
    assert [(r.line, r.code, r.kind) for r in story] == [(92, "5.2", "only_if_story"), (98, "5.3", "only_if_story")]


@pytest.mark.django_db
def test_the_load_command_prints_the_readings(criteria_db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("ocop_criteria_load", stdout=out)
    lines = out.getvalue().splitlines()
    assert (
        "    26-dich-vu-du-lich-cong-dong-du-lich-sinh-thai-va-diem-du-lich.csv:132 [15] cách đọc: Mục 15. TIỆN NGHI "
        "ghi “Lựa chọn một trong hai trường hợp sau”: được chấm theo đúng một trường hợp, điểm của mục là điểm của "
        "trường hợp được chọn; các trường hợp: 15.1 “Trường hợp 1: Cộng đồng dịch vụ du lịch” (dòng 133); "
        "15.2 “Trường hợp 2: Điểm dịch vụ du lịch” (dòng 136)."
    ) in lines
    assert any(line.startswith("    01-rau-cu-qua-hat-tuoi.csv:92 [5.2] cách đọc: Tiêu chí 5. b)") for line in lines)
