"""A TrueType subsetter for embedding fonts in PDFs: the glyphs a document uses, copied byte for byte.

`TrueTypeFace.read` splits a .ttf into its tables and glyphs once per process; `subset` then writes
the font of the glyphs a document draws (with .notdef and the glyphs their composites are made of),
renumbered in their original order, in a fraction of a millisecond. Outlines, metrics and hinting
instructions are the original bytes, so the text renders exactly as from the full font. The tables
are those a PDF reader uses from an embedded TrueType program (ISO 32000-1, 9.9: head, hhea, maxp,
hmtx, loca, glyf, cvt, fpgm, prep) plus OS/2, name, gasp, a post table without glyph names
(format 3) and a cmap of the characters used — what fontTools' subsetter keeps for fpdf2.
"""

import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

KEPT_AS_THEY_ARE = ("OS/2", "cvt ", "fpgm", "gasp", "name", "prep")
# Composite glyph component flags (OpenType 'glyf' table).
ARGS_ARE_WORDS, HAS_SCALE, MORE_COMPONENTS, HAS_XY_SCALE, HAS_TWO_BY_TWO = 0x1, 0x8, 0x20, 0x40, 0x80


def components(glyph: bytes) -> tuple[tuple[int, int], ...]:
    """(offset of the glyph index, glyph index) of each component of a composite glyph; () otherwise."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph, 0)[0] >= 0:
        return ()
    found = []
    position = 10
    while True:
        flags, glyph_id = struct.unpack_from(">HH", glyph, position)
        found.append((position + 2, glyph_id))
        position += 4 + (4 if flags & ARGS_ARE_WORDS else 2)
        if flags & HAS_SCALE:
            position += 2
        elif flags & HAS_XY_SCALE:
            position += 4
        elif flags & HAS_TWO_BY_TWO:
            position += 8
        if not flags & MORE_COMPONENTS:
            return tuple(found)


def checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _binary_search_fields(count: int, size: int) -> tuple[int, int, int]:
    """(searchRange, entrySelector, rangeShift) of an sfnt header or a cmap format 4 subtable."""
    selector = count.bit_length() - 1
    search_range = size * (1 << selector)
    return search_range, selector, count * size - search_range


def sfnt(tables: Mapping[str, bytes]) -> bytes:
    """A TrueType file of `tables`, with the checksums and head.checkSumAdjustment filled in."""
    tags = sorted(tables)
    header = struct.pack(">IH3H", 0x00010000, len(tags), *_binary_search_fields(len(tags), 16))
    offset = 12 + 16 * len(tags)
    records, bodies = [], []
    head_offset = 0
    for tag in tags:
        data = bytes(tables[tag])
        if tag == "head":
            head_offset = offset
        records.append(struct.pack(">4sIII", tag.encode("latin-1"), checksum(data), offset, len(data)))
        bodies.append(data + b"\0" * (-len(data) % 4))
        offset += len(bodies[-1])
    font = bytearray(header + b"".join(records) + b"".join(bodies))
    struct.pack_into(">I", font, head_offset + 8, (0xB1B0AFBA - checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def cmap(mapping: Mapping[int, int]) -> bytes:
    """A cmap table with one Windows Unicode BMP subtable (format 4): character → glyph index."""
    codes = sorted(code for code in mapping if 0 < code < 0xFFFF)
    segments = len(codes) + 1  # one per character, and the closing 0xFFFF segment
    ends = [*codes, 0xFFFF]
    deltas = [(mapping[code] - code) % 0x10000 for code in codes] + [1]
    length = 16 + 8 * segments
    subtable = (
        struct.pack(">7H", 4, length, 0, 2 * segments, *_binary_search_fields(segments, 2))
        + struct.pack(f">{segments}H", *ends)
        + b"\0\0"
        + struct.pack(f">{segments}H", *ends)  # each segment starts where it ends
        + struct.pack(f">{segments}H", *deltas)
        + b"\0\0" * segments
    )
    return struct.pack(">HHHHI", 0, 1, 3, 1, 12) + subtable


@dataclass(frozen=True)
class TrueTypeFace:
    """One TrueType face, split up; immutable, so one instance serves every thread of a process."""

    tables: Mapping[str, bytes]
    glyphs: tuple[bytes, ...]
    components: tuple[tuple[tuple[int, int], ...], ...]
    metrics: tuple[tuple[int, int], ...]  # (advance width, left side bearing) of each glyph

    @classmethod
    def read(cls, data: bytes) -> "TrueTypeFace":
        (count,) = struct.unpack_from(">H", data, 4)
        tables = {}
        for index in range(count):
            tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
            tables[tag.decode("latin-1")] = data[offset : offset + length]
        (glyph_count,) = struct.unpack_from(">H", tables["maxp"], 4)
        (long_offsets,) = struct.unpack_from(">h", tables["head"], 50)
        if long_offsets:
            offsets = list(struct.unpack_from(f">{glyph_count + 1}I", tables["loca"]))
        else:
            offsets = [2 * value for value in struct.unpack_from(f">{glyph_count + 1}H", tables["loca"])]
        glyf = tables["glyf"]
        glyphs = tuple(glyf[offsets[index] : offsets[index + 1]] for index in range(glyph_count))
        (long_metrics,) = struct.unpack_from(">H", tables["hhea"], 34)
        hmtx = tables["hmtx"]
        metrics = [struct.unpack_from(">Hh", hmtx, 4 * index) for index in range(long_metrics)]
        last_advance = metrics[-1][0]
        bearings = struct.unpack_from(f">{glyph_count - long_metrics}h", hmtx, 4 * long_metrics)
        metrics += [(last_advance, bearing) for bearing in bearings]
        return cls(
            tables=tables,
            glyphs=glyphs,
            components=tuple(components(glyph) for glyph in glyphs),
            metrics=tuple(metrics),
        )

    def closure(self, glyph_ids: Iterable[int]) -> list[int]:
        """`glyph_ids`, .notdef and every glyph a composite among them draws, in glyph order."""
        kept = {0, *glyph_ids}
        pending = list(kept)
        while pending:
            for _position, component in self.components[pending.pop()]:
                if component not in kept:
                    kept.add(component)
                    pending.append(component)
        return sorted(kept)

    def subset(self, glyph_ids: Iterable[int], characters: Mapping[int, int]) -> tuple[bytes, dict[int, int]]:
        """The font program of `glyph_ids` (see `closure`) and the new index of each kept glyph.

        `characters` maps the characters drawn to their glyph index in this face (for the cmap).
        """
        order = self.closure(glyph_ids)
        new_index = {old: new for new, old in enumerate(order)}
        glyf = bytearray()
        offsets = [0]
        for old in order:
            glyph = self.glyphs[old]
            if self.components[old]:
                renumbered = bytearray(glyph)
                for position, component in self.components[old]:
                    struct.pack_into(">H", renumbered, position, new_index[component])
                glyph = bytes(renumbered)
            glyf += glyph + b"\0" * (-len(glyph) % 4)
            offsets.append(len(glyf))
        count = len(order)
        boxes = [(old, struct.unpack_from(">4h", self.glyphs[old], 2)) for old in order if self.glyphs[old]]
        head = bytearray(self.tables["head"])
        struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment, set by sfnt()
        if boxes:  # the bounding box of the glyphs kept, as fontTools recalculates it
            struct.pack_into(
                ">4h",
                head,
                36,
                min(box[0] for _old, box in boxes),
                min(box[1] for _old, box in boxes),
                max(box[2] for _old, box in boxes),
                max(box[3] for _old, box in boxes),
            )
        struct.pack_into(">h", head, 50, 1)  # indexToLocFormat: long offsets
        hhea = bytearray(self.tables["hhea"])
        if boxes:  # advanceWidthMax, minLeftSideBearing, minRightSideBearing, xMaxExtent of the glyphs kept
            struct.pack_into(
                ">H3h",
                hhea,
                10,
                max(self.metrics[old][0] for old in order),
                min(self.metrics[old][1] for old, _box in boxes),
                min(self.metrics[old][0] - self.metrics[old][1] - box[2] + box[0] for old, box in boxes),
                max(self.metrics[old][1] + box[2] - box[0] for old, box in boxes),
            )
        struct.pack_into(">H", hhea, 34, count)  # numberOfHMetrics
        maxp = bytearray(self.tables["maxp"])
        struct.pack_into(">H", maxp, 4, count)  # numGlyphs
        tables = {tag: self.tables[tag] for tag in KEPT_AS_THEY_ARE if tag in self.tables}
        tables |= {
            "head": bytes(head),
            "hhea": bytes(hhea),
            "maxp": bytes(maxp),
            "hmtx": b"".join(struct.pack(">Hh", *self.metrics[old]) for old in order),
            "loca": struct.pack(f">{count + 1}I", *offsets),
            "glyf": bytes(glyf),
            "post": b"\x00\x03\x00\x00" + self.tables["post"][4:32],
            "cmap": cmap({code: new_index[old] for code, old in characters.items() if old in new_index}),
        }
        return sfnt(tables), new_index
