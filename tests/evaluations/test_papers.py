"""The papers offices print: score sheets, council minutes, the round's result list, the draft decision.

Given a round of Quảng Ninh with a council (chair, two members, a secretary) and two tea products: the first
scored ★4 by the chair and member 2 and far lower by member 3 (an outlier the council discusses), the second
scored low by everyone (★2, not recognised). The PDFs are read back as text (pypdf, as the certificates'
tests do) and the workbooks with openpyxl.
"""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ocop.evaluations import services
from ocop.evaluations.models import CouncilMember, Dossier, EvaluationRound
from ocop.evaluations.papers import content, documents
from tests.criteria.helpers import best_answers
from tests.evaluations.conftest import star4_answers
from tests.evaluations.test_services import scored_dossier
from tests.factories import ProductFactory, province

pypdf = pytest.importorskip("pypdf", reason="pypdf is needed to read the PDFs back (requirements-dev.txt)")

pytestmark = pytest.mark.django_db

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
REASON = "Thành viên 3 chấm thấp phần tiếp thị; hội đồng đã thảo luận và giữ điểm trung bình."


def text_of(content_bytes: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(content_bytes)).pages)


def flat(text: str) -> str:
    """The text with runs of spaces and line breaks as one space (justified lines spread their words)."""
    return " ".join(text.split())


def comma(value) -> str:
    """87.666 → "87,67": two decimals, Vietnamese comma."""
    return f"{Decimal(value):.2f}".replace(".", ",")


def whole(value) -> str:
    """Points as a sheet prints them: 5.00 → "5", 0.50 → "0,5"."""
    return f"{Decimal(value):.2f}".rstrip("0").rstrip(".").replace(".", ",")


def today_vi() -> str:
    day = timezone.localdate()
    return f"Quảng Ninh, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def low_answers(sheet):
    """Member 3's sheet: the ★4 options but zero in marketing (4.x and 5.x): more than 15 points lower."""
    codes = [code for code in sheet.leaf_codes if code.split(".")[0] in ("4", "5")]
    answers = star4_answers(sheet)
    for code in codes:
        lowest = min(sheet.criteria[code].options, key=lambda option: option.points)
        answers[code] = lowest.code
    return answers


@pytest.fixture
def seats(round_with_council):
    return {seat.user_id: seat for seat in CouncilMember.objects.filter(council__round=round_with_council)}


@pytest.fixture
def scored(people, tea, sheet, round_with_council):
    """The first product, its three sheets submitted, not yet closed."""
    return scored_dossier(
        people,
        tea,
        sheet,
        round_with_council,
        {"chair": star4_answers(sheet), "member2": star4_answers(sheet), "member3": low_answers(sheet)},
    )


@pytest.fixture
def closed(people, scored):
    result = services.dossier_close(actor=people["chair"], dossier=scored, outlier_reason=REASON)
    assert result.outliers != []
    return Dossier.objects.get(pk=scored.pk)


@pytest.fixture
def second(people, world, tea_set, sheet, round_with_council, closed):
    """A second product of the round, closed at ★2: in the result list, not in the decision's annex."""
    product = ProductFactory(producer=world["qn"], name_vi="Trà túi lọc thử nghiệm", product_set=tea_set)
    low = {
        code: min(sheet.criteria[code].options, key=lambda option: option.points).code for code in best_answers(sheet)
    }
    dossier = scored_dossier(
        people, product, sheet, round_with_council, dict.fromkeys(("chair", "member2", "member3"), low)
    )
    services.dossier_close(actor=people["chair"], dossier=dossier)
    return Dossier.objects.get(pk=dossier.pk)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---------------------------------------------------------------- score sheets


def test_a_member_prints_their_filled_sheet_with_every_criterion_and_their_points(people, scored, sheet, seats):
    response = logged_in(people["member2"]).get(reverse("evaluations:paper_sheet", args=[scored.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    for line in MOTTO:
        assert line in text
    assert "Số: 01/PC-HĐĐG" in text
    assert today_vi() in text  # the day the sheet was submitted
    assert "UBND TỈNH QUẢNG NINH" in text
    assert "PHIẾU CHẤM ĐIỂM, PHÂN HẠNG SẢN PHẨM OCOP" in text
    assert f"Người chấm: {people['member2'].display_name} – Thành viên" in text
    stored = seats[people["member2"].pk].sheets.get(dossier=scored)
    answered = {answer.criterion.code for answer in stored.answers.select_related("criterion")}
    assert len(answered) > 20
    for answer in stored.answers.select_related("criterion", "option"):
        code, option = answer.criterion.code, answer.option
        row = f"{code} {flat(sheet.criterion_name(code))} {flat(option.text)} {whole(sheet.criteria[code].max_points)}"
        assert f"{row} {whole(option.points)}" in flat(text)  # the criterion, the member's option, max and points
    assert f"Tổng điểm: {comma(stored.total)} / {sheet.max_total:.0f} điểm" in flat(text)
    assert f"Hạng sao theo phiếu: {stored.stars} sao" in text
    assert "1. c) Năng lực sản xuất để đáp ứng yêu cầu phân phối Có năng lực, quy mô sản xuất trung bình 3 2" in text


def test_the_blank_sheet_lists_every_criterion_with_its_options_and_leaves_the_points_and_date_empty(
    people, scored, sheet
):
    response = logged_in(people["member2"]).get(reverse("evaluations:paper_sheet", args=[scored.pk]) + "?blank=1")
    text = text_of(response.content)
    assert f"Quảng Ninh, ngày ….. tháng ….. năm {scored.round.year}" in text
    assert "Số: 01/PC-HĐĐG" in text
    for code in sheet.leaf_codes:
        assert f"{code} {flat(sheet.criterion_name(code))}" in flat(text)
    assert "○ Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 75% đến 100% (5 điểm)" in flat(text)
    assert f"Tổng điểm {sheet.max_total:.0f}" in text
    assert "Hạng sao theo phiếu: ……… sao" in text
    assert "Tổng điểm:" not in text


def test_a_member_never_prints_another_members_sheet(people, closed, seats):
    chair_seat = seats[people["chair"].pk]
    url = reverse("evaluations:paper_sheet", args=[closed.pk]) + f"?member={chair_seat.pk}"
    assert logged_in(people["member2"]).get(url).status_code == 404
    assert logged_in(people["secretary"]).get(url).status_code == 404
    assert logged_in(people["chair"]).get(url).status_code == 200  # their own, named


def test_the_office_prints_a_members_sheet_only_once_the_dossier_is_closed(people, scored, seats, closed):
    url = reverse("evaluations:paper_sheet", args=[scored.pk]) + f"?member={seats[people['member3'].pk].pk}"
    officer = logged_in(people["provincial_officer"])
    response = officer.get(url)
    assert response.status_code == 200
    assert f"Người chấm: {people['member3'].display_name}" in text_of(response.content)


def test_before_closing_the_office_gets_only_the_blank_sheet(people, scored, seats):
    officer = logged_in(people["provincial_officer"])
    member_url = reverse("evaluations:paper_sheet", args=[scored.pk]) + f"?member={seats[people['chair'].pk].pk}"
    assert officer.get(member_url).status_code == 404
    response = officer.get(reverse("evaluations:paper_sheet", args=[scored.pk]))
    assert response.status_code == 200
    assert "Người chấm: …………………………" in text_of(response.content)


@pytest.mark.parametrize("who, status", [("producer", 403), ("commune_officer", 403), ("outsider_member", 404)])
def test_who_is_not_on_the_council_or_in_the_office_cannot_print_sheets(people, scored, who, status):
    response = logged_in(people[who]).get(reverse("evaluations:paper_sheet", args=[scored.pk]))
    assert response.status_code == status


# ---------------------------------------------------------------- minutes


def test_the_minutes_hold_each_member_their_total_the_mean_the_outlier_and_its_reason_and_the_star(people, closed):
    response = logged_in(people["secretary"]).get(reverse("evaluations:paper_minutes", args=[closed.pk]))
    assert response.status_code == 200
    text = text_of(response.content)
    result = closed.results.get()
    for line in MOTTO:
        assert line in text
    assert "Số: 01/BB-HĐĐG" in text
    assert today_vi() in text
    assert "BIÊN BẢN" in text
    lines = flat(text)
    for row in result.member_totals:
        assert f"{row['user']} " in lines
        assert comma(row["total"]) in lines
    assert f"{people['secretary'].display_name} Thư ký không chấm" in lines
    assert f"Điểm trung bình: {comma(result.total)} / 100 điểm" in lines
    assert f"Trung vị các tổng điểm: {comma(result.median)}" in lines
    outlier = result.outliers[0]
    assert outlier["user"] == people["member3"].display_name
    assert f"{outlier['user']} {comma(outlier['total'])} {comma(outlier['difference'])}" in lines
    assert f"Ý kiến thảo luận của Hội đồng: {REASON}" in lines
    assert f"Hạng sao: {result.stars} sao" in lines
    assert f"Đạt {result.stars} sao; đề nghị công nhận sản phẩm đạt chuẩn OCOP {result.stars} sao." in lines
    assert "THƯ KÝ HỘI ĐỒNG" in text
    assert "CHỦ TỊCH HỘI ĐỒNG" in text


def test_minutes_wait_for_the_closing_and_are_not_the_producers(people, scored, closed):
    assert logged_in(people["producer"]).get(reverse("evaluations:paper_minutes", args=[closed.pk])).status_code == 403
    assert logged_in(people["member2"]).get(reverse("evaluations:paper_minutes", args=[closed.pk])).status_code == 200


def test_no_minutes_before_the_chair_closes(people, scored):
    response = logged_in(people["chair"]).get(reverse("evaluations:paper_minutes", args=[scored.pk]))
    assert response.status_code == 403


# ---------------------------------------------------------------- the round's result list and the decision


def test_the_result_list_has_every_closed_product_best_first(people, closed, second, round_with_council):
    response = logged_in(people["secretary"]).get(
        reverse("evaluations:round_results_pdf", args=[round_with_council.pk])
    )
    assert response.status_code == 200
    text = flat(text_of(response.content))
    assert "Số: 01/KQ-HĐĐG" in text
    assert today_vi() in text
    first, low = closed.results.get(), second.results.get()
    assert (
        f"1 Trà hoa vàng thử nghiệm Hợp tác xã Trà hoa vàng Thử nghiệm Xã Ba Chẽ "
        f"{comma(first.total)} {first.stars} Đề nghị công nhận"
    ) in text
    assert (
        f"2 Trà túi lọc thử nghiệm Hợp tác xã Trà hoa vàng Thử nghiệm Xã Ba Chẽ {comma(low.total)} {low.stars} Không đạt"
        in text
    )
    assert "Tổng số: 2 sản phẩm được chấm điểm; đề nghị công nhận 1 sản phẩm" in text


def test_the_result_list_workbook_holds_numbers_as_numbers(people, closed, second, round_with_council):
    response = logged_in(people["provincial_officer"]).get(
        reverse("evaluations:round_results_xlsx", args=[round_with_council.pk])
    )
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[4]] == [
        "STT", "Tên sản phẩm", "Chủ thể", "Xã, phường", "Tỉnh, thành phố", "Điểm trung bình", "Hạng sao", "Kết quả",
    ]  # fmt: skip
    assert sheet.freeze_panes == "A5"
    first = closed.results.get()
    row = [cell.value for cell in sheet[5]]
    assert row == [1, "Trà hoa vàng thử nghiệm", "Hợp tác xã Trà hoa vàng Thử nghiệm", "Xã Ba Chẽ", "Quảng Ninh",
                   float(first.total), first.stars, "Đề nghị công nhận"]  # fmt: skip
    assert sheet["F5"].data_type == "n"
    assert sheet["F5"].number_format == "#,##0.00"
    assert sheet["G5"].data_type == "n"
    assert sheet["A6"].value == 2
    assert sheet["H6"].value == "Không đạt"


def test_the_draft_decision_recognises_the_products_of_three_stars_and_more_in_its_annex(
    people, closed, second, round_with_council
):
    response = logged_in(people["provincial_officer"]).get(
        reverse("evaluations:round_decision_pdf", args=[round_with_council.pk])
    )
    reader = pypdf.PdfReader(BytesIO(response.content))
    decision, annex = flat(reader.pages[0].extract_text()), flat(reader.pages[-1].extract_text())
    for line in MOTTO:
        assert line in decision
    assert "DỰ THẢO" in decision
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" in decision
    assert "Số: /QĐ-UBND" in decision
    assert f"Quảng Ninh, ngày ….. tháng ….. năm {timezone.localdate().year}" in decision
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" in decision
    first = closed.results.get()
    assert f"Điều 1. Công nhận 1 sản phẩm đạt chuẩn OCOP (1 sản phẩm {first.stars} sao)" in decision
    assert "DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN OCOP" in annex
    assert (
        f"1 Trà hoa vàng thử nghiệm Hợp tác xã Trà hoa vàng Thử nghiệm Xã Ba Chẽ, Quảng Ninh "
        f"{comma(first.total)} {first.stars}"
    ) in annex
    assert "Trà túi lọc" not in annex


def test_the_annex_workbook_lists_only_the_recognised_products(people, closed, second, round_with_council):
    response = logged_in(people["secretary"]).get(
        reverse("evaluations:round_decision_xlsx", args=[round_with_council.pk])
    )
    sheet = load_workbook(BytesIO(response.content)).active
    first = closed.results.get()
    assert [cell.value for cell in sheet[5]] == [
        1, "Trà hoa vàng thử nghiệm", "Hợp tác xã Trà hoa vàng Thử nghiệm", "Xã Ba Chẽ", "Quảng Ninh",
        float(first.total), first.stars,
    ]  # fmt: skip
    assert sheet.max_row == 5


def test_round_papers_are_the_offices_and_the_chairs_and_secretarys(people, round_with_council):
    url = reverse("evaluations:round_results_pdf", args=[round_with_council.pk])
    assert logged_in(people["chair"]).get(url).status_code == 200
    assert logged_in(people["member2"]).get(url).status_code == 403
    assert logged_in(people["producer"]).get(url).status_code == 404


def test_the_place_is_the_rounds_province(tea_set):
    """A Lào Cai round's papers are dated in Lào Cai and headed by its people's committee."""
    round_ = EvaluationRound.objects.create(
        level="province",
        province=province(15),
        year=2026,
        number=2,
        name="Đợt 2 năm 2026",
        criteria_version=tea_set.version,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    day = datetime.date(2026, 11, 20)
    text = flat(text_of(documents.results_pdf(content.round_paper(round_, today=day))))
    assert "Lào Cai, ngày 20 tháng 11 năm 2026" in text
    assert "UBND TỈNH LÀO CAI" in text
    assert "Số: 02/KQ-HĐĐG" in text
    decision = flat(text_of(documents.decision_pdf(content.round_paper(round_, decision=True, today=day))))
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÀO CAI" in decision
    assert "Lào Cai, ngày ….. tháng ….. năm 2026" in decision


def test_the_central_councils_papers_are_dated_in_ha_noi_under_the_ministry(tea_set):
    round_ = EvaluationRound.objects.create(
        level="central",
        year=2026,
        number=1,
        name="Đợt trung ương 2026",
        criteria_version=tea_set.version,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    day = datetime.date(2026, 11, 20)
    results = flat(text_of(documents.results_pdf(content.round_paper(round_, today=day))))
    assert "Hà Nội, ngày 20 tháng 11 năm 2026" in results
    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in results
    decision = flat(text_of(documents.decision_pdf(content.round_paper(round_, decision=True, today=day))))
    assert "Số: /QĐ-BNNMT" in decision
    assert "BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in decision
    assert "KT. BỘ TRƯỞNG" in decision


def test_the_result_list_reads_the_same_number_of_rows_whatever_its_length(people, closed, second, round_with_council):
    def queries() -> list[str]:
        round_ = EvaluationRound.objects.select_related("province", "criteria_version").get(pk=round_with_council.pk)
        with CaptureQueriesContext(connection) as captured:
            content.round_paper(round_)
        return [query["sql"] for query in captured.captured_queries]

    two = queries()
    second.results.all().delete()
    assert len(queries()) == len(two) == 3  # the council, its seats, the results with their products


# ---------------------------------------------------------------- links on the pages


def test_the_pages_link_the_papers_each_role_may_print(people, closed, seats, round_with_council):
    page = logged_in(people["member2"]).get(reverse("evaluations:dossier", args=[closed.pk])).content.decode()
    papers = page.split('<section class="card" id="papers">')[1].split("</section>")[0]
    sheet_url = reverse("evaluations:paper_sheet", args=[closed.pk])
    assert f'href="{sheet_url}">Phiếu chấm của tôi (PDF)</a>' in papers
    assert f'href="{reverse("evaluations:paper_minutes", args=[closed.pk])}">Biên bản họp hội đồng (PDF)' in papers
    assert "?member=" not in papers  # never another member's sheet

    officer = logged_in(people["provincial_officer"])
    page = officer.get(reverse("evaluations:dossier", args=[closed.pk])).content.decode()
    papers = page.split('<section class="card" id="papers">')[1].split("</section>")[0]
    for user in ("chair", "member2", "member3"):
        assert f"{sheet_url}?member={seats[people[user].pk].pk}" in papers

    round_page = officer.get(reverse("evaluations:round", args=[round_with_council.pk])).content.decode()
    assert reverse("evaluations:round_results_xlsx", args=[round_with_council.pk]) in round_page
    assert reverse("evaluations:round_decision_pdf", args=[round_with_council.pk]) in round_page

    member_round = logged_in(people["member2"]).get(reverse("evaluations:round", args=[round_with_council.pk]))
    assert 'id="papers"' not in member_round.content.decode()
    producer_page = logged_in(people["producer"]).get(reverse("evaluations:dossier", args=[closed.pk]))
    assert 'id="papers"' not in producer_page.content.decode()


def test_the_links_are_translated_and_the_papers_stay_vietnamese(people, closed, round_with_council):
    english = logged_in(people["provincial_officer"])
    english.post(reverse("set_language"), {"language": "en"})
    page = english.get(reverse("evaluations:round", args=[round_with_council.pk])).content.decode()
    assert "Result list (Excel)" in page
    assert "Draft recognition decision (PDF)" in page
    response = english.get(reverse("evaluations:round_results_pdf", args=[round_with_council.pk]))
    assert "DANH SÁCH KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP" in flat(text_of(response.content))
