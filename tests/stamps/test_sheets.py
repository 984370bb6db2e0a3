"""A printed run: every QR on the sheet decodes to its own stamp's link, and each link verifies."""

import shutil
import subprocess
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from ocop.stamps.models import StampState
from ocop.stamps.sheets import stamp_uri

pypdf = pytest.importorskip("pypdf", reason="pypdf is needed to read the PDFs back (requirements-dev.txt)")
zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is needed to decode the QR codes (requirements-dev.txt)")
ContentStream = pypdf.generic.ContentStream


PDFTOPPM = shutil.which("pdftoppm")
needs_pdftoppm = pytest.mark.skipif(
    PDFTOPPM is None, reason="pdftoppm (Debian's poppler-utils; .ci/run installs it) renders the sheets' QR codes"
)


def _qr_payloads(content: bytes, tmp_path: Path) -> list[str]:
    """Every QR code on the sheets as a printer would see them: each page rendered at 400 dpi, decoded."""
    (tmp_path / "sheet.pdf").write_bytes(content)
    subprocess.run([PDFTOPPM, "-r", "400", "-gray", "-png", tmp_path / "sheet.pdf", tmp_path / "page"], check=True)
    found = []
    for path in sorted(tmp_path.glob("page*.png")):
        # Full-size (model 2) QR codes only: zxing-cpp's QRCode family includes Micro QR, and its Micro QR
        # reader can take a finder pattern and the modules beside it for a Micro QR code of its own (it did
        # on two stamps of run 48: "903518" and "903566", each at the top-left corner of a stamp's QR).
        found += [
            barcode.text
            for barcode in zxingcpp.read_barcodes(Image.open(path), formats=zxingcpp.BarcodeFormat.QRCodeModel2)
        ]
    return found


@pytest.fixture
def printed(client, run, world, settings):
    settings.OCOP_PUBLIC_BASE_URL = "https://ocop.example.vn"
    client.force_login(world["users"]["producer"])
    response = client.get(f"/stamps/{run.pk}/sheet.pdf?first=1&last=30&per_page=24")
    client.logout()
    return response


def test_sheet_is_a_pdf_of_two_pages(printed):
    assert printed["Content-Type"] == "application/pdf"
    assert len(pypdf.PdfReader(BytesIO(printed.content)).pages) == 2


def _stencils(content: bytes) -> list[list[dict]]:
    """The inline images of each page, in drawing order: their settings and their decoded bits."""
    reader = pypdf.PdfReader(BytesIO(content))
    pages = []
    for page in reader.pages:
        assert "/XObject" not in page["/Resources"]  # no picture is embedded, not even once
        operations = ContentStream(page.get_contents(), reader).operations
        pages.append(
            [
                {**operands["settings"], "bits": bytes.fromhex(operands["data"].decode().rstrip(">"))}
                for operands, operator in operations
                if operator == b"INLINE IMAGE"
            ]
        )
    return pages


def test_each_qr_is_a_one_bit_stencil_of_its_own_modules(printed, run):
    """No raster picture: each stamp's QR is an image mask of one bit a module (the device paints each
    module as a sharp square at its own resolution), and the bits are the stamp's own code."""
    pages = _stencils(printed.content)
    assert [len(stencils) for stencils in pages] == [24, 6]
    for number, stencil in enumerate([stencil for stencils in pages for stencil in stencils], start=1):
        assert (stencil["/IM"], stencil["/BPC"]) == (True, 1)
        width = stencil["/W"]
        assert stencil["/H"] == width
        assert (width - 17) % 4 == 0  # a QR code's side: 21, 25, 29 … modules
        modules = Image.frombytes("1", (width, width), stencil["bits"]).convert("L")
        framed = Image.new("L", (width + 8, width + 8), 255)
        framed.paste(modules, (4, 4))
        (decoded,) = zxingcpp.read_barcodes(framed.resize((10 * (width + 8),) * 2, Image.NEAREST))
        assert decoded.text == stamp_uri(run, number, "https://ocop.example.vn")


@needs_pdftoppm
def test_every_qr_is_the_digital_link_of_its_own_stamp(printed, run, tmp_path):
    payloads = _qr_payloads(printed.content, tmp_path)
    assert sorted(urlsplit(url).path for url in payloads) == sorted(
        f"/01/0{run.product.gtin}/10/{run.lot_number}/21/{run.pk}-{index}" for index in range(1, 31)
    )


@needs_pdftoppm
def test_decoded_qr_scanned_three_times_then_another_from_two_regions(printed, run, client, settings, tmp_path):
    settings.OCOP_STAMP_NETWORK_REGIONS = {"203.0.113.0/24": "Quảng Ninh", "198.51.100.0/24": "Cần Thơ"}
    links = {urlsplit(url).path.rsplit("-", 1)[1]: url for url in _qr_payloads(printed.content, tmp_path)}
    first = urlsplit(links["1"])
    pages = [client.get(f"{first.path}?{first.query}").content.decode() for _ in range(3)]
    assert "lần kiểm tra đầu tiên" in pages[0]
    assert "Tem đã được kiểm tra 2 lần" in pages[1]
    assert "Tem đã được kiểm tra 3 lần" in pages[2]
    other = urlsplit(links["2"])
    client.get(f"{other.path}?{other.query}", REMOTE_ADDR="203.0.113.9")
    far = client.get(f"{other.path}?{other.query}", REMOTE_ADDR="198.51.100.9").content.decode()
    assert "Tem này có thể đã bị sao chép" in far
    assert StampState.objects.get(run=run, index=2).scan_count == 2


@needs_pdftoppm
@pytest.mark.parametrize("per_page", [48, 100])
def test_denser_layouts_decode_too(client, run, world, tmp_path, per_page):
    client.force_login(world["users"]["producer"])
    response = client.get(f"/stamps/{run.pk}/sheet.pdf?first=1&last=30&per_page={per_page}")
    assert sorted(_qr_payloads(response.content, tmp_path)) == sorted(
        stamp_uri(run, index, "http://testserver") for index in range(1, 31)
    )


def test_range_beyond_the_run_is_refused(client, run, world):
    client.force_login(world["users"]["producer"])
    response = client.get(f"/stamps/{run.pk}/sheet.pdf?first=1&last=31")
    assert response.status_code == 400


def test_serials_csv_lists_every_stamp(client, run, world):
    client.force_login(world["users"]["producer"])
    response = client.get(f"/stamps/{run.pk}/serials.csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 31
    assert lines[1].startswith(f"{run.pk}-1,L2026-11,2026-11-20,2027-11-19,")
