"""The PDF certificate and the stamp sheet: real text with diacritics, a QR that scans and verifies."""

from io import BytesIO
from urllib.parse import urlsplit

import pytest

from ocop.certificates.codes import display_code, make_code
from ocop.certificates.models import AuthorityLevel
from ocop.certificates.pdf import FONT_DIR, StampLayout, stamps_pdf
from tests.certificates.conftest import issue
from tests.factories import ProductFactory

pypdf = pytest.importorskip("pypdf", reason="pypdf is needed to read the PDFs back (requirements-dev.txt)")
zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is needed to decode the QR codes (requirements-dev.txt)")

NAME = "Rượu ba kích Ba Chẽ – Đặc sản ướp hương ỷ, ữ, ự"


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(content)).pages)


def _qr_payloads(content: bytes, page_number: int = 0) -> list[str]:
    page = pypdf.PdfReader(BytesIO(content)).pages[page_number]
    found = []
    for image in page.images:
        found += [barcode.text for barcode in zxingcpp.read_barcodes(image.image.convert("L"))]
    return found


def test_fonts_ship_with_the_project():
    assert sorted(path.name for path in FONT_DIR.iterdir()) == [
        "DejaVuSerif-Bold.ttf",
        "DejaVuSerif-Italic.ttf",
        "DejaVuSerif.ttf",
        "LICENSE-DejaVu.txt",
    ]


def test_issue_pdf_scan_verify(client, world, version):
    officer = world["users"]["provincial_officer"]
    product = ProductFactory(producer=world["qn"], name_vi=NAME)
    certificate = issue(officer, product=product, version=version, stars=4, total="81.25")
    client.force_login(officer)
    response = client.get(f"/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    reader = pypdf.PdfReader(BytesIO(content))
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    assert [str(font["/BaseFont"]) for font in fonts if "DejaVuSerif" not in str(font["/BaseFont"])] == []
    not_embedded = [
        str(font["/BaseFont"])
        for font in fonts
        if "/FontFile2" not in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    ]
    assert not_embedded == []
    text = _text(content)
    for expected in (
        NAME,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY CHỨNG NHẬN",
        "SẢN PHẨM OCOP",
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH",
        "Hợp tác xã Trà hoa vàng Thử nghiệm",
        "ĐẠT HẠNG 4 SAO",
        "Quyết định số 1234/QĐ-UBND ngày 15 tháng 01 năm 2026",
        "đến hết ngày 14/01/2029",
        "Số: 22-6970-0001-2026",
        display_code(make_code(certificate.pk)),
        "Nguyễn Văn Thử",
        "tổng điểm: 81,25",
    ):
        assert expected in text, expected

    payloads = _qr_payloads(content)
    assert payloads == [f"http://testserver/v/{make_code(certificate.pk)}"]
    client.logout()
    scanned = client.get(urlsplit(payloads[0]).path)
    assert scanned.status_code == 200
    page = scanned.content.decode()
    assert NAME in page
    assert "Giấy chứng nhận thật, còn hiệu lực" in page


def test_pdf_uses_the_public_base_url(client, world, version, settings):
    settings.OCOP_PUBLIC_BASE_URL = "https://ocop.quangninh.gov.vn"
    certificate = issue(
        product=ProductFactory(producer=world["qn"]),
        version=version,
        stars=5,
        level=AuthorityLevel.CENTRAL,
        authority_name="Bộ Nông nghiệp và Môi trường",
    )
    client.force_login(world["users"]["central_officer"])
    content = client.get(f"/certificates/{certificate.pk}/pdf/").content
    assert _qr_payloads(content) == [f"https://ocop.quangninh.gov.vn/v/{make_code(certificate.pk)}"]
    assert "Hà Nội, ngày 15 tháng 01 năm 2026" in _text(content)


def test_stamp_sheet_pages_and_digital_link(client, world, version, settings):
    settings.OCOP_PUBLIC_BASE_URL = "https://ocop.quangninh.gov.vn"
    product = ProductFactory(producer=world["qn"], name_vi="Chả mực Hạ Long", gtin="8936000000011")
    certificate = issue(product=product, version=version, stars=3)
    client.force_login(world["users"]["producer"])
    response = client.get(f"/certificates/{certificate.pk}/stamps/?count=30")
    assert response.status_code == 200
    reader = pypdf.PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 2
    assert len(reader.pages[0].images) == 24 or len(set(_qr_payloads(response.content))) == 1
    assert set(_qr_payloads(response.content, 1)) == {"https://ocop.quangninh.gov.vn/01/08936000000011"}
    assert "Chả mực Hạ Long" in _text(response.content)
    resolved = client.get("/01/08936000000011")
    assert resolved.status_code == 302
    assert resolved["Location"] == f"/v/{make_code(certificate.pk)}"


def test_stamps_without_gtin_point_to_the_verification_page():
    content = stamps_pdf(
        product_name="Mực ống Cô Tô",
        stars=4,
        number="22-7192-0003-2026",
        code=make_code(3),
        qr_data=f"https://x.vn/v/{make_code(3)}",
        count=StampLayout().per_page,
    )
    assert len(pypdf.PdfReader(BytesIO(content)).pages) == 1
    assert set(_qr_payloads(content)) == {f"https://x.vn/v/{make_code(3)}"}


def test_revoked_pdf_says_so(client, world, version, django_capture_on_commit_callbacks):
    from ocop.certificates.models import RevocationGround
    from ocop.certificates.services import certificate_revoke

    officer = world["users"]["provincial_officer"]
    certificate = issue(officer, product=ProductFactory(producer=world["qn"]), version=version)
    certificate_revoke(
        actor=officer, certificate=certificate, ground=RevocationGround.objects.get(code="other"), reason="Thử"
    )
    client.force_login(officer)
    assert "ĐÃ THU HỒI" in _text(client.get(f"/certificates/{certificate.pk}/pdf/").content)
    assert client.get(f"/certificates/{certificate.pk}/stamps/").status_code == 302


def test_authority_and_signer_on_the_pdf_come_from_the_decision(client, world, version, clock):
    """A ★3 of 2024 (QĐ 148: district level): the district's people's committee and the decision's signer."""
    from datetime import date

    clock.set(date(2026, 3, 10))
    certificate = issue(
        product=ProductFactory(producer=world["qn"]),
        version=version,
        stars=3,
        decision_date=date(2024, 6, 1),
        signer_name="Hoàng Văn Tuấn",
        signer_title="CHỦ TỊCH",
    )
    client.force_login(world["users"]["provincial_officer"])
    text = " ".join(_text(client.get(f"/certificates/{certificate.pk}/pdf/").content).split())
    assert "ỦY BAN NHÂN DÂN HUYỆN BA CHẼ" in text
    assert "Ba Chẽ, ngày 01 tháng 06 năm 2024" in text
    assert "của Ủy ban nhân dân huyện Ba Chẽ về việc công nhận" in text
    assert "Hoàng Văn Tuấn" in text
    assert "CHỦ TỊCH" in text
    assert "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" not in text
