"""The data tables: who recognises which star, which evidence a claimed option needs, the upload checks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.core.errors import DomainError
from ocop.evaluations import authority, evidence, scoring
from ocop.evaluations.uploads import EVIDENCE_MAX_BYTES, check_evidence_upload
from tests.criteria.conftest import parsed_sheets

D = datetime.date


@pytest.mark.parametrize(
    ("version", "day", "level", "stars", "total", "expected"),
    [
        # QĐ 1489 (from 1 July 2025): the province recognises ★3–★4 and forwards ≥ 90; the centre ★5.
        ("QD148", D(2026, 3, 1), "province", 4, "81.33", ("recognise", "province")),
        ("QD148", D(2026, 3, 1), "province", 3, "55", ("recognise", "province")),
        ("QD148", D(2026, 3, 1), "province", 5, "92", ("forward", "central")),
        ("QD148", D(2026, 3, 1), "province", 2, "40", ("not_recognised", "province")),
        ("QD148", D(2026, 3, 1), "central", 5, "92", ("recognise", "central")),
        ("QD148", D(2026, 3, 1), "central", 4, "88", ("refer", "province")),
        # QĐ 148 before July 2025: the district recognised ★3, the province ★4.
        ("QD148", D(2024, 5, 1), "province", 4, "75", ("recognise", "province")),
        ("QD148", D(2024, 5, 1), "province", 3, "60", ("refer", "district")),
        ("QD148", D(2025, 6, 30), "district", 3, "60", ("recognise", "district")),
        ("QD148", D(2025, 6, 30), "district", 4, "75", ("forward", "province")),
        # QĐ 1048: the district scored and forwarded from 50 points; the province recognised ★3–★4.
        ("QD1048", D(2021, 9, 1), "district", 3, "55", ("forward", "province")),
        ("QD1048", D(2021, 9, 1), "province", 3, "55", ("recognise", "province")),
        ("QD1048", D(2021, 9, 1), "province", 5, "91", ("forward", "central")),
    ],
)
def test_authority_table(version, day, level, stars, total, expected):
    found = authority.outcome(version_code=version, on=day, level=level, stars=stars, total=Decimal(total))
    assert (found.action, found.level) == expected


def test_no_rule_outside_a_version_period_or_for_a_removed_level():
    with pytest.raises(DomainError, match="Không có quy định"):
        authority.period_for(version_code="QD1048", on=D(2024, 1, 1))
    with pytest.raises(DomainError, match="cấp này không đánh giá"):
        authority.outcome(version_code="QD148", on=D(2026, 1, 1), level="district", stars=3, total=Decimal(60))


def test_periods_of_one_version_do_not_overlap():
    for first in authority.periods():
        for second in authority.periods():
            if first is second or first.version != second.version:
                continue
            assert (first.ends is not None and first.ends < second.starts) or (
                second.ends is not None and second.ends < first.starts
            )


@pytest.mark.parametrize(
    ("set_number", "criterion", "option", "rules"),
    [
        (12, "9.1", "9.1-4", ["advanced_qms"]),  # ISO/GMP/HACCP
        (12, "9.1", "9.1-5", ["international_qms"]),
        (12, "9.1", "9.1-3", []),  # internal control plan: nothing to prove with a certificate
        (12, "3.6", "3.6-1", ["trademark"]),
        (12, "8.1", "8.1-3", ["quality_declaration"]),
        (12, "8.1", "8.1-1", []),  # "không có bản công bố", 0 points
        (12, "8.2", "8.2-3", ["test_report"]),
        (12, "1.4", "1.4-3", ["contract"]),
        (12, "1.5", "1.5-3", ["environment"]),
        (12, "2.2", "2.2-4", []),
    ],
)
def test_evidence_rules_on_the_tea_sheet(set_number, criterion, option, rules):
    sheet = parsed_sheets()[set_number]
    found = evidence.rules_for_option(sheet=sheet, criterion_code=criterion, option_code=option)
    assert [rule.key for rule in found] == rules


def test_vietgap_and_food_safety_rules_fire_somewhere_in_the_shipped_sheets():
    fired = set()
    for sheet in parsed_sheets().values():
        for code in sheet.leaf_codes:
            for option in sheet.criteria[code].options:
                fired |= {
                    r.key for r in evidence.rules_for_option(sheet=sheet, criterion_code=code, option_code=option.code)
                }
    assert fired == {rule.key for rule in evidence.EVIDENCE_RULES}


def test_every_qd148_sheet_has_the_four_local_criteria_except_tourism_two():
    missing = {
        number: sorted({key for key, _p in scoring.LOCAL_CRITERIA} - set(scoring.local_criteria(sheet)))
        for number, sheet in parsed_sheets().items()
    }
    # Set 26 (community tourism) has no raw-material or local-identity criterion.
    assert {number: keys for number, keys in missing.items() if keys} == {26: ["local_identity", "local_materials"]}


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.pdf", b"%PDF-1.7 ...", "application/pdf"),
        ("a.jpg", b"\xff\xd8\xff\xe0....", "image/jpeg"),
        ("a.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
    ],
)
def test_upload_types_by_content(name, content, expected):
    assert check_evidence_upload(upload=SimpleUploadedFile(name, content), kind="trademark") == expected


def test_upload_refusals():
    with pytest.raises(ValidationError, match="không phải PDF"):
        check_evidence_upload(upload=SimpleUploadedFile("a.pdf", b"<html>"), kind="trademark")
    big = SimpleUploadedFile("big.pdf", b"%PDF-")
    big.size = EVIDENCE_MAX_BYTES + 1
    with pytest.raises(ValidationError, match="vượt giới hạn 20 MB"):
        check_evidence_upload(upload=big, kind="trademark")
    with pytest.raises(ValidationError, match="Loại minh chứng"):
        check_evidence_upload(upload=SimpleUploadedFile("a.pdf", b"%PDF-"), kind="bogus")


def test_agreed_answers_take_the_lower_median_per_criterion():
    sheet = parsed_sheets()[12]
    members = [{"4.2": "4.2-4"}, {"4.2": "4.2-3"}, {"4.2": "4.2-1"}]
    assert scoring.agreed_answers(sheet, members)["4.2"] == "4.2-3"
    assert scoring.agreed_answers(sheet, members[:2])["4.2"] == "4.2-3"
    assert scoring.median_total([Decimal(80), Decimal(81)]) == Decimal("80.5")
