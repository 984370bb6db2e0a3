"""Vietnamese text folding for search and lookups.

`fold_vietnamese("Chả mực Hạ Long")` → `"cha muc ha long"`: lower case, tone and vowel marks
removed, `đ`/`Đ` → `d` (Unicode decomposition alone leaves `đ` untouched), runs of whitespace
collapsed to one space, ends trimmed.
"""

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold_vietnamese(text: str) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WHITESPACE.sub(" ", stripped.lower()).strip()
