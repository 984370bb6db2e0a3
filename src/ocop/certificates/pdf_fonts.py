"""The PDFs' fonts, parsed once per process and subset per document without fontTools.

fpdf2's `add_font` parses the whole TrueType file on every call and its `output()` subsets each face
with fontTools: of a certificate's 125 ms, 63 went to the three `add_font` calls and 48 to the
subsetting (cProfile, see docs/certificates.md). Here each face is parsed once per process (by
fpdf2, for its metrics, and by ocop.certificates.truetype, for its glyphs); a document gets a copy
of the parsed face with its own subset map (`add_fonts`), and `render` embeds the glyphs it drew
with `TrueTypeFace.subset`. The PDF objects written for a font are those fpdf2 2.8 writes (Type0
font, CIDFontType2 with widths, ToUnicode CMap, CIDToGIDMap, FontFile2), so the text extracts and
renders as before.

Thread and process safety: the parsed faces are built once under a lock and never changed after;
each document has its own copies of everything that fpdf2 writes to while laying out text (subset
map, widths cache, descriptor).
"""

import copy
import logging
import struct
import threading
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont
from fpdf.output import CIDSystemInfo, OutputProducer, PDFContentStream, PDFFont, PDFFontStream
from fpdf.syntax import Name, PDFArray

from ocop.certificates.truetype import TrueTypeFace

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSerif"
FILES = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf"}
logger = logging.getLogger(__name__)


class SharedFont(TTFFont):
    """fpdf2's parsed face plus its glyphs (`face`); documents use copies (`add_fonts`)."""

    __slots__ = ("face",)


_parsed: dict[str, SharedFont] = {}
_parsing = threading.Lock()


def parsed_face(style: str) -> SharedFont:
    """The face of `style` ("", "B" or "I"), parsed on first use in this process."""
    font = _parsed.get(style)
    if font is None:
        with _parsing:
            font = _parsed.get(style)
            if font is None:
                path = FONT_DIR / FILES[style]
                font = SharedFont(FPDF(), path, f"{FAMILY.lower()}{style}", style)
                font.face = TrueTypeFace.read(path.read_bytes())
                font.close()
                font.ttfont = None  # nothing reads it any more: a document's glyphs come from `face`
                _parsed[style] = font
    return font


def add_fonts(pdf: FPDF) -> None:
    """Make DejaVu Serif (regular, bold, italic) available to `pdf`, as `pdf.add_font` would."""
    for style in FILES:
        parsed = parsed_face(style)
        font = copy.copy(parsed)
        font.i = len(pdf.fonts) + 1
        font.cw = parsed.cw.copy()  # a defaultdict: reading an unknown character writes to it
        font.desc = copy.copy(parsed.desc)  # output sets its name and object number
        font.subset = SubsetMap(font)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        pdf.fonts[parsed.fontkey] = font


def render(pdf: FPDF) -> bytes:
    """The PDF's bytes, its fonts embedded by `SharedFontsOutput`."""
    return bytes(pdf.output(output_producer_class=SharedFontsOutput))


def widths_array(widths: dict[int, int]) -> str:
    """The /W array of a CIDFont: `first [w w …]` for each run of consecutive codes."""
    runs: list[tuple[int, list[int]]] = []
    for code in sorted(widths):
        if runs and code == runs[-1][0] + len(runs[-1][1]):
            runs[-1][1].append(widths[code])
        else:
            runs.append((code, [widths[code]]))
    return "[" + " ".join(f"{first} [{' '.join(map(str, run))}]" for first, run in runs) + "]"


def to_unicode_cmap(mapping: dict[int, tuple[int, ...]]) -> bytes:
    """The ToUnicode CMap: each 16-bit code to the characters it draws (blocks of at most 100)."""

    def utf16(characters: tuple[int, ...]) -> str:
        return "".join(chr(character) for character in characters).encode("utf-16-be").hex().upper()

    entries = [f"<{code:04X}> <{utf16(characters)}>\n" for code, characters in sorted(mapping.items())]
    blocks = "".join(
        f"{len(entries[start : start + 100])} beginbfchar\n{''.join(entries[start : start + 100])}endbfchar\n"
        for start in range(0, len(entries), 100)
    )
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
        "<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{blocks}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("latin-1")


class SharedFontsOutput(OutputProducer):
    """fpdf2's output, with each font embedded from its `SharedFont.face`."""

    def _add_fonts(self, image_objects_per_index, gfxstate_objs_per_name, pattern_objs_per_name):
        objects = {}
        for font in sorted(self.fpdf.fonts.values(), key=lambda font: font.i):
            if not isinstance(font, SharedFont):
                raise TypeError(f"{font.fontkey} was not added by ocop.certificates.pdf_fonts.add_fonts")
            objects[font.i] = self._embed(font)
        return objects

    def _embed(self, font: SharedFont) -> PDFFont:
        used = [(glyph, code) for glyph, code in font.subset.items() if glyph is not None]
        characters = {
            glyph.unicode[0]: glyph.glyph_id
            for glyph, _code in used
            if isinstance(glyph.unicode, tuple) and len(glyph.unicode) == 1
        }
        program, new_index = font.face.subset((glyph.glyph_id for glyph, _code in used), characters)
        if font.missing_glyphs:
            logger.warning("%s has no glyph for %s", font.name, ", ".join(map(chr, font.missing_glyphs[:10])))

        name = f"MPDFAA+{font.name}"
        composite = PDFFont(subtype="Type0", base_font=name, encoding="Identity-H")
        self._add_pdf_obj(composite, "fonts")
        widths = {code: glyph.glyph_width for glyph, code in used}
        cid_font = PDFFont(subtype="CIDFontType2", base_font=name, d_w=font.desc.missing_width, w=widths_array(widths))
        self._add_pdf_obj(cid_font, "fonts")
        composite.descendant_fonts = PDFArray([cid_font])

        unicodes = {code: glyph.unicode for glyph, code in used if isinstance(glyph.unicode, tuple) and glyph.unicode}
        to_unicode = PDFContentStream(to_unicode_cmap(unicodes))
        self._add_pdf_obj(to_unicode, "fonts")
        composite.to_unicode = to_unicode

        system_info = CIDSystemInfo()
        self._add_pdf_obj(system_info, "fonts")
        cid_font.c_i_d_system_info = system_info
        descriptor = font.desc
        descriptor.font_name = Name(name)
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.font_descriptor = descriptor

        cid_to_gid = bytearray(2 * 65536)
        for glyph, code in used:
            struct.pack_into(">H", cid_to_gid, 2 * code, new_index[glyph.glyph_id])
        cid_to_gid_map = PDFContentStream(contents=bytes(cid_to_gid), compress=True)
        self._add_pdf_obj(cid_to_gid_map, "fonts")
        cid_font.c_i_d_to_g_i_d_map = cid_to_gid_map

        font_file = PDFFontStream(contents=program)
        self._add_pdf_obj(font_file, "fonts")
        descriptor.font_file2 = font_file
        font.subset.pick.cache_clear()  # fpdf2's per-class caches hold the document's subset map
        font.subset.get_glyph.cache_clear()
        return composite
