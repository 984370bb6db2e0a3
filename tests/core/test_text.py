import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocop.core.text import fold_vietnamese


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Chả mực Hạ Long", "cha muc ha long"),
        ("Đặc sản", "dac san"),
        ("ĐẶC SẢN ĐÔNG TRIỀU", "dac san dong trieu"),
        ("Trà hoa vàng  Ba\tChẽ\n", "tra hoa vang ba che"),
        ("Phường Hải Hoà", "phuong hai hoa"),  # old-style tone placement
        ("Phường Hải Hòa", "phuong hai hoa"),  # new-style tone placement
        ("Nước mắm Cái Rồng", "nuoc mam cai rong"),
        ("Ngọc trai Hạ Long Akoya", "ngoc trai ha long akoya"),
        ("  ", ""),
        ("", ""),
    ],
)
def test_fold_vietnamese_examples(text, folded):
    assert fold_vietnamese(text) == folded


def test_fold_handles_decomposed_input():
    """Text pasted from some Mac or Word sources arrives decomposed (NFD): same result."""
    assert fold_vietnamese(unicodedata.normalize("NFD", "Chả mực Hạ Long")) == "cha muc ha long"


VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
vietnamese_text = st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " \t\n", max_size=60)


@given(vietnamese_text)
def test_folded_vietnamese_is_plain_ascii(text):
    assert fold_vietnamese(text).isascii()


@given(st.text(max_size=80))
def test_folding_is_idempotent(text):
    once = fold_vietnamese(text)
    assert fold_vietnamese(once) == once


@given(st.text(max_size=80))
def test_folded_text_has_no_marks_no_d_stroke_and_single_spaces(text):
    folded = fold_vietnamese(text)
    assert "đ" not in folded
    assert "Đ" not in folded
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert folded == folded.strip()
    assert "  " not in folded
    assert folded == folded.lower() or not folded.isascii()


@given(vietnamese_text)
def test_folding_keeps_word_count(text):
    assert len(fold_vietnamese(text).split()) == len(text.split())
