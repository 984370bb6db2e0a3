"""A fast path for `fold_vietnamese` on the hot loop of validation (tens of thousands of cells).

Precomposed Latin letters (all of Vietnamese) are mapped with one `str.translate`; when anything
non-ASCII is left (decomposed marks, other scripts, unusual spaces) the exact function runs, so the
result is always equal to `ocop.core.text.fold_vietnamese`.
"""

import re

from ocop.core.text import fold_vietnamese

_WHITESPACE = re.compile(r"\s+")
_TABLE = {
    code: fold_vietnamese(chr(code))
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]
    if fold_vietnamese(chr(code)).isascii() and fold_vietnamese(chr(code)) != chr(code)
}


def fold(text: str) -> str:
    if not text:
        return ""
    translated = text.translate(_TABLE)
    if translated.isascii():
        return _WHITESPACE.sub(" ", translated.lower()).strip()
    return fold_vietnamese(text)
