from hypothesis import given
from hypothesis import strategies as st

from ocop.core.text import fold_vietnamese
from ocop.imports.folding import fold

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " \t\u00a0\u0301-.,ﬁ１"))
def test_the_fast_fold_equals_fold_vietnamese(text):
    assert fold(text) == fold_vietnamese(text)


def test_examples():
    assert fold("Chả mực Hạ Long") == "cha muc ha long"
    assert fold("  ĐẶC   SẢN ") == "dac san"
