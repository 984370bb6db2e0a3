"""The TrueType subsetter of the PDFs: the glyphs kept are the original ones, the file is well formed."""

from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

import pytest

from ocop.certificates.codes import make_code
from ocop.certificates.pdf import FONT_DIR, stamps_pdf
from ocop.certificates.truetype import TrueTypeFace

ttLib = pytest.importorskip("fontTools.ttLib")
pypdf = pytest.importorskip("pypdf", reason="pypdf is needed to read the PDFs back (requirements-dev.txt)")

TEXT = "Ắệ Ưa"


def _full():
    return ttLib.TTFont(FONT_DIR / "DejaVuSerif.ttf")


def _subset(text: str):
    full = _full()
    cmap = full.getBestCmap()
    characters = {ord(character): full.getGlyphID(cmap[ord(character)]) for character in set(text)}
    face = TrueTypeFace.read((FONT_DIR / "DejaVuSerif.ttf").read_bytes())
    program, new_index = face.subset(characters.values(), characters)
    return full, ttLib.TTFont(BytesIO(program), checkChecksums=2), new_index


def _drawn_by(full, name: str) -> set[str]:
    glyph = full["glyf"][name]
    parts = glyph.getComponentNames(full["glyf"]) if glyph.isComposite() else []
    return {name}.union(*(_drawn_by(full, part) for part in parts))


def test_composites_bring_their_components_in_glyph_order():
    full, _font, new_index = _subset(TEXT)
    cmap = full.getBestCmap()
    expected = {".notdef"}.union(*(_drawn_by(full, cmap[ord(character)]) for character in set(TEXT)))
    assert {"uni1EAE", "A", "uni03060301", "Acute", "Breve"} <= expected  # Ắ: a composite of a composite
    assert {full.getGlyphName(old) for old in new_index} == expected
    assert list(new_index.values()) == list(range(len(new_index)))
    assert sorted(new_index) == list(new_index)


def test_each_character_draws_the_outline_and_advance_of_the_full_font():
    full, font, _new_index = _subset(TEXT)
    full_cmap, cmap = full.getBestCmap(), font.getBestCmap()
    assert sorted(cmap) == sorted(ord(character) for character in set(TEXT))
    for code in cmap:
        original, kept = full["glyf"][full_cmap[code]], font["glyf"][cmap[code]]
        assert list(kept.getCoordinates(font["glyf"])[0]) == list(original.getCoordinates(full["glyf"])[0]), chr(code)
        assert font["hmtx"][cmap[code]] == full["hmtx"][full_cmap[code]], chr(code)


def test_the_font_file_is_well_formed():
    full, font, new_index = _subset(TEXT)  # checkChecksums=2 raises on a wrong table checksum
    assert font["maxp"].numGlyphs == len(new_index)
    assert font["hhea"].numberOfHMetrics == len(new_index)
    kept = "GlyphOrder OS/2 cmap cvt_ fpgm gasp glyf head hhea hmtx loca maxp name post prep"
    assert sorted(font.keys()) == sorted(tag.replace("_", " ") for tag in kept.split())
    assert font["fpgm"].program.getBytecode() == full["fpgm"].program.getBytecode()
    assert font["head"].unitsPerEm == full["head"].unitsPerEm


def _sheet(name: str) -> str:
    content = stamps_pdf(
        product_name=name, stars=3, number="22-7192-0003-2026", code=make_code(3), qr_data="https://x.vn/v/1", count=2
    )
    return pypdf.PdfReader(BytesIO(content)).pages[0].extract_text()


def test_documents_made_in_threads_at_once_keep_their_own_text():
    names = [f"Nước mắm Cô Tô loại {index} – ỷ ữ ự Ặ" for index in range(8)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(_sheet, names))
    assert [name in text for name, text in zip(names, texts, strict=True)] == [True] * len(names)
