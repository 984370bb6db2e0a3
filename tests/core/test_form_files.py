"""A refused form with a file field says, beside the file input, that the file must be chosen again (a browser
never keeps it), and keeps the other fields as typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.confirm_helpers import TOKEN, csrf_client

pytestmark = pytest.mark.django_db
AGAIN = "Chưa lưu gì: trình duyệt không giữ tệp đã chọn khi trang báo lỗi, hãy chọn lại tệp."


def test_a_refused_credential_form_asks_for_the_file_again_and_keeps_the_number(world):
    client = csrf_client(world["users"]["provincial_officer"])
    url = f"/trade/credentials/new/{world['qn'].pk}/"
    blank = client.get(url).content.decode()
    assert AGAIN not in blank  # nothing to say before a refusal
    upload = SimpleUploadedFile("giay.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    page = client.post(
        url,
        {"kind": "", "number": "GACC-123", "upload": upload, "csrfmiddlewaretoken": TOKEN.search(blank).group(1)},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert AGAIN in html.split('for="id_upload"')[1].split('<div class="field">')[0]
    assert 'value="GACC-123"' in html
