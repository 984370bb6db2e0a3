"""A refused booth form keeps what was typed and says each error beside the field it concerns, not above."""

import pytest

from ocop.promotion.models import Booth
from tests.confirm_helpers import csrf_client, post

pytestmark = pytest.mark.django_db


def block(html: str, name: str) -> str:
    """One field of core/_form.html: from its label to the next field."""
    return html.split(f'for="id_{name}"')[1].split('<div class="field">')[0]


def test_a_taken_booth_number_is_refused_beside_the_number_with_the_rest_kept(fair, world):
    event = fair["event"]
    client = csrf_client(world["users"]["provincial_officer"])
    url = f"/promotion/events/{event.pk}/booths/new/"
    typed = {"number": "A01", "exhibitor_name": "HTX Chè Tân Cương", "products_text": "Chè búp"}
    page = post(client, url, typed, csrf_from=url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sự kiện đã có gian hàng mang số này." in block(html, "number")
    assert html.count("Sự kiện đã có gian hàng mang số này.") == 1
    assert 'value="HTX Chè Tân Cương"' in html
    assert 'value="Chè búp"' in html
    assert 'class="msg msg-error" role="alert"' not in html.split("<form")[1]  # nothing above the fields
    assert Booth.objects.filter(event=event).count() == 3


def test_a_booth_without_an_exhibitor_is_refused_beside_the_exhibitor_name(fair, world):
    event = fair["event"]
    client = csrf_client(world["users"]["provincial_officer"])
    url = f"/promotion/events/{event.pk}/booths/new/"
    page = post(client, url, {"number": "C09", "products_text": "Chè búp"}, csrf_from=url)
    html = page.content.decode()
    assert "Chọn một chủ thể OCOP hoặc nhập tên đơn vị trưng bày." in block(html, "exhibitor_name")
    assert 'value="C09"' in html
    assert Booth.objects.filter(event=event).count() == 3
