"""Hostile files, generated: zip-bomb workbooks, a lying <dimension>, huge PNGs, nasty text.

Used by the tests and by `make bench` (bench/hostile_files.py). Each file is small on disk and built
in well under a second (the bomb's sheet is streamed through zlib, never held in memory).
"""

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence

import openpyxl

SHEET_PART = "xl/worksheets/sheet1.xml"


def workbook(rows: Sequence[Sequence], *, title: str = "Dữ liệu") -> bytes:
    """A plain workbook (openpyxl, as Excel would save it): one sheet with these rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for values in rows:
        sheet.append(list(values))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _replace_part(data: bytes, part: str, chunks) -> bytes:
    """The same zip with `part` replaced by the bytes `chunks` yields, streamed and compressed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == part:
                info = zipfile.ZipInfo(part, date_time=item.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                with target.open(info, "w", force_zip64=True) as stream:
                    for chunk in chunks:
                        stream.write(chunk)
            else:
                target.writestr(item, source.read(item.filename), compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def zip_bomb_xlsx(header: Sequence[str], *, expanded_mb: int = 300) -> bytes:
    """A valid workbook (the header row, then one row of text again and again) whose sheet expands
    to `expanded_mb` MB from about 1/300 of that on disk: 1 MB expanding to 300 MB by default."""
    base = workbook([list(header)])
    head = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in header)
    cells = f'<c t="inlineStr"><is><t>{"A" * 40}</t></is></c>' * len(header)

    def chunks():
        yield (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="A1:B2"/><sheetData><row r="1">{head}</row>'
        ).encode()
        block = f"<row>{cells}</row>".encode() * 1000
        for _ in range(expanded_mb * 1024 * 1024 // len(block)):
            yield block
        yield b"</sheetData></worksheet>"

    return _replace_part(base, SHEET_PART, chunks())


def expanded_bytes(data: bytes) -> int:
    """The total size of the zip's parts once expanded, in bytes (the refusal message writes it with file_size)."""
    return sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(data)).infolist())


def lying_dimension_xlsx(rows: Sequence[Sequence], *, says: str) -> bytes:
    """A workbook whose sheet's <dimension ref> claims `says` (e.g. "A1:D5") whatever the rows hold."""
    data = workbook(rows)
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read(SHEET_PART)
    start = xml.index(b"<dimension")
    end = xml.index(b"/>", start) + 2
    xml = xml[:start] + f'<dimension ref="{says}"/>'.encode() + xml[end:]
    return _replace_part(data, SHEET_PART, [xml])


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png(width: int, height: int, *, rgba: bool = False) -> bytes:
    """A valid, all-black PNG of that size (greyscale, or RGBA): tiny on disk, huge decoded."""
    compressor = zlib.compressobj(6)
    row = b"\x00" * (width * (4 if rgba else 1) + 1)  # filter byte + the pixels
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if rgba else 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")


# Text an export must write as plain text: control characters Excel cannot store, and formulas.
CONTROL_TEXT = "Mô tả\u000bdòng hai\u0000\u0007 hết\ufffe"
# The same as a database holds it (PostgreSQL refuses U+0000 in text; the others reach a record).
STORED_CONTROL_TEXT = "Mô tả\u000bdòng hai\u0007 hết\ufffe"
FORMULA_TEXT = '=HYPERLINK("https://lừa-đảo.example/","Bấm vào đây")'
