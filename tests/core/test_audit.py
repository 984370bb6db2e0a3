import pytest
from django.urls import reverse

from ocop.core.models import AuditEvent
from ocop.core.selectors import audit_history
from ocop.core.services import audit_record
from ocop.producers.services import producer_update

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_who_what_when_before_and_after(world):
    officer = world["users"]["provincial_officer"]
    event = audit_record(
        actor=officer, action="producer.update", target=world["qn"], before={"phone": ""}, after={"phone": "0203"}
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == officer
    assert stored.actor_label == officer.username
    assert (stored.action, stored.target_type, stored.target_id) == (
        "producer.update",
        "producers.producer",
        str(world["qn"].pk),
    )
    assert stored.target_label == world["qn"].legal_name
    assert stored.changes() == [("phone", "", "0203")]
    assert stored.occurred_at is not None


def test_service_change_writes_one_event_with_old_and_new_values(world):
    producer = world["qn"]
    officer = world["users"]["provincial_officer"]
    producer_update(actor=officer, producer=producer, changes={"phone": "0203 3888 999", "employees": 12})
    events = list(audit_history(producer))
    assert len(events) == 1
    assert events[0].before == {"phone": "", "employees": None}
    assert events[0].after == {"phone": "0203 3888 999", "employees": 12}


def test_saving_without_a_change_writes_no_event(world):
    producer = world["qn"]
    producer_update(actor=world["users"]["producer"], producer=producer, changes={"phone": producer.phone})
    assert not audit_history(producer).exists()


def test_invalid_change_is_refused_whole_and_not_audited(world):
    from django.core.exceptions import ValidationError

    producer = world["qn"]
    with pytest.raises(ValidationError) as caught:
        producer_update(
            actor=world["users"]["provincial_officer"],
            producer=producer,
            changes={"phone": "0203 111", "tax_code": "12AB"},
        )
    assert "tax_code" in caught.value.message_dict
    producer.refresh_from_db()
    assert producer.phone == ""
    assert producer.tax_code == ""
    assert not audit_history(producer).exists()


def test_history_page_shows_the_changes(world, client):
    producer = world["qn"]
    officer = world["users"]["provincial_officer"]
    producer_update(actor=officer, producer=producer, changes={"phone": "0203 3888 999"})
    client.force_login(officer)
    page = client.get(reverse("core:history", args=["producers.producer", producer.pk])).content.decode()
    assert "0203 3888 999" in page
    assert officer.username in page
    assert "producer.update" not in page  # the action is named for people, never by its code


@pytest.mark.parametrize(("language", "name"), [("vi", "Hệ thống"), ("en", "System")])
def test_a_change_the_platform_made_by_itself_is_shown_as_the_system_in_words(world, client, language, name):
    # Given a change with no person behind it (a council's last sheet completes the scoring, say)
    producer = world["qn"]
    audit_record(actor=None, action="producer.update", target=producer, after={"phone": "0203 3777 111"})
    client.force_login(world["users"]["provincial_officer"])
    client.cookies["django_language"] = language
    # When the history is read, then it names the platform in the page's language, never "system"
    page = client.get(reverse("core:history", args=["producers.producer", producer.pk])).content.decode()
    assert f"<td>{name}</td>" in page
    assert "system" not in page


def test_history_of_an_object_outside_the_scope_is_404(world, client):
    client.force_login(world["users"]["other_provincial_officer"])
    assert client.get(reverse("core:history", args=["producers.producer", world["qn"].pk])).status_code == 404
    assert client.get(reverse("core:history", args=["accounts.user", 1])).status_code == 404
    assert client.get(reverse("core:history", args=["nonsense", 1])).status_code == 404


def test_editing_in_the_browser_is_audited(world, client):
    producer = world["qn"]
    client.force_login(world["users"]["producer"])
    response = client.post(
        reverse("producers:edit", args=[producer.pk]),
        {
            "legal_name": producer.legal_name,
            "producer_type": producer.producer_type,
            "commune": producer.commune_id,
            "phone": "0912 345 678",
        },
    )
    assert response.status_code == 302
    event = audit_history(producer).get()
    assert event.actor == world["users"]["producer"]
    assert event.after["phone"] == "0912 345 678"


def test_browser_edit_with_bad_input_shows_the_field_error_and_saves_nothing(world, client):
    producer = world["qn"]
    client.force_login(world["users"]["producer"])
    response = client.post(
        reverse("producers:edit", args=[producer.pk]),
        {"legal_name": "", "producer_type": "cooperative", "commune": producer.commune_id, "tax_code": "123"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa lưu" in page
    assert "Mã số thuế phải có 10 chữ số" in page
    producer.refresh_from_db()
    assert producer.legal_name == "Hợp tác xã Trà hoa vàng Thử nghiệm"
    assert not audit_history(producer).exists()
