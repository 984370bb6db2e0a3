"""Voiding a range of stamps goes through a confirmation step (core.confirm), CSRF checks on."""

import pytest

from ocop.stamps.models import StampVoid
from tests.confirm_helpers import confirm, consequences, csrf_client, post

pytestmark = pytest.mark.django_db


def test_voiding_says_which_stamps_show_void_and_voids_only_when_confirmed(client, run, world):
    office = csrf_client(world["users"]["provincial_officer"])
    url = f"/stamps/{run.pk}/"
    typed = {"first_index": "3", "last_index": "5", "reason": "In hỏng"}
    step = post(office, url, typed, csrf_from=url)
    assert step.status_code == 200
    assert f"Tem số 3 đến 5 (3 tem) của lô {run.lot_number} hiện “đã huỷ, không còn giá trị”" in consequences(step)
    assert not StampVoid.objects.exists()
    # A refusal on the step keeps the fields as typed, the error beside the range.
    refused = confirm(office, step, first_index="3", last_index=str(run.quantity + 1), reason="In hỏng")
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Khoảng tem huỷ phải nằm trong" in text.split('for="id_first_index"')[1].split('<div class="field">')[0]
    assert 'value="In hỏng"' in text
    assert not StampVoid.objects.exists()
    assert confirm(office, step, **typed).status_code == 302
    assert StampVoid.objects.get(run=run).last_index == 5
