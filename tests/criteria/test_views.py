"""The public self-assessment pages."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("criteria_db")]


def test_index_lists_every_set_by_group(client):
    response = client.get(reverse("criteria:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tự đánh giá sản phẩm OCOP" in html
    assert html.count('href="/criteria/QD148/') == 26
    assert "Dược liệu và sản phẩm từ dược liệu" in html
    assert html.count("chưa kiểm chứng") == 4


def test_sheet_page_has_radios_grouped_by_part_and_section_and_htmx(client):
    response = client.get(reverse("criteria:sheet", args=["QD148", "rau-cu-qua-hat-tuoi"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'hx-post="/criteria/QD148/rau-cu-qua-hat-tuoi/result/"' in html
    assert 'hx-trigger="change"' in html
    assert html.count('type="radio" name="c-1.1"') == 4  # 3 options + "none applies"
    assert "Phần A: Sản phẩm và sức mạnh của cộng đồng" in html
    assert "TỔ CHỨC SẢN XUẤT" in html
    assert 'value="food_safety_certificate-10"' in html


def test_result_partial_updates_total_star_and_advice(client):
    url = reverse("criteria:sheet_result", args=["QD148", "rau-cu-qua-hat-tuoi"])
    response = client.post(url, {"c-1.1": "1.1-3", "c-2.1": "2.1-4"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<strong id="total">9</strong> / 100' in html
    assert '<strong id="stars">1 sao</strong>' in html
    assert "Còn 30 tiêu chí chưa trả lời" in html
    assert "Để đạt 2 sao" in html


def test_result_partial_ignores_forged_values(client):
    url = reverse("criteria:sheet_result", args=["QD148", "rau-cu-qua-hat-tuoi"])
    response = client.post(url, {"c-1.1": "9.9-9", "knockout": "nonsense"})
    assert response.status_code == 200
    assert '<strong id="total">0</strong>' in response.content.decode()


def test_unverified_set_shows_a_warning_and_english_labels(client):
    client.post(reverse("set_language"), {"language": "en"})
    response = client.get(reverse("criteria:sheet", args=["QD148", "che-tuoi-che-che-bien"]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert 'class="msg msg-warning" role="note"' in html  # the unverified set's warning
    assert "Fresh and processed tea" in html
    assert "Ngoại hình" in html  # the sheet's content stays Vietnamese


def test_unknown_set_is_404(client):
    assert client.get(reverse("criteria:sheet", args=["QD148", "khong-co"])).status_code == 404


def test_sheet_warns_per_criterion_when_a_story_answer_does_not_count(client):
    # 5.1 "Không có câu chuyện" (0 points) with 5.2 answered: the live result and the criterion itself say so.
    form = {"c-5.1": "5.1-1", "c-5.2": "5.2-3"}
    result = client.post(reverse("criteria:sheet_result", args=["QD148", "rau-cu-qua-hat-tuoi"]), form)
    html = result.content.decode()
    assert '<div id="not-applicable"' in html
    assert (
        '<p data-criterion="5.2">Tiêu chí 5. b) Trí tuệ/bản sắc địa phương (mã 5.2) chỉ áp dụng khi có câu chuyện: '
        "5. a) Câu chuyện về sản phẩm (mã 5.1) được 0 điểm nên phương án đã chọn "
        "“Có câu chuyện riêng, gắn với nguồn gốc xuất xứ” (3 điểm) không được tính.</p>"
    ) in html
    assert 'data-criterion="5.3"' not in html  # unanswered: nothing to warn about
    page = client.post(reverse("criteria:sheet", args=["QD148", "rau-cu-qua-hat-tuoi"]), form).content.decode()
    fieldset = next(f for f in page.split("<fieldset")[1:] if 'name="c-5.2"' in f)
    assert '<p class="msg msg-warning not-applicable" role="status">Tiêu chí 5. b)' in fieldset
    assert page.count('not-applicable" role') == 1


def test_result_partial_explains_the_star_in_english(client):
    client.post(reverse("set_language"), {"language": "en"})
    url = reverse("criteria:sheet_result", args=["QD148", "rau-cu-qua-hat-tuoi"])
    html = client.post(url, {"c-1.1": "1.1-3", "c-2.1": "2.1-4"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    explanation = html.split('<ul id="star-explanation">')[1].split("</ul>")[0]
    assert "<li>A total of 9 points falls in the 1-star band (from 0 to under 30 points).</li>" in explanation
    assert "<li>Not eligible for recognition as an OCOP product (3 stars or more needed).</li>" in explanation
    assert "Why this star rating" in html


def test_the_criteria_version_is_named_in_the_chosen_language(client):
    """The version's name comes from versions.toml in both languages; English pages show the English one."""
    vietnamese = client.get(reverse("criteria:index")).content.decode()
    assert "(Bộ tiêu chí OCOP theo Quyết định 148/QĐ-TTg (từ 2023))" in vietnamese
    client.post(reverse("set_language"), {"language": "en"})
    english = client.get(reverse("criteria:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "(OCOP criteria of Decision 148/QĐ-TTg (from 2023))" in english
    assert "Bộ tiêu chí OCOP theo Quyết định 148" not in english
