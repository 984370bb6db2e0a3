"""`actor=None` is the system: registering a producer without a person needs a named system caller."""

import pytest
from django.core.exceptions import PermissionDenied

from ocop.accounts.system import SystemCaller
from ocop.core.models import AuditEvent
from ocop.producers.models import Producer
from ocop.producers.services import producer_create
from tests.factories import commune

pytestmark = pytest.mark.django_db

NAME = "Hợp tác xã Hệ thống Thử nghiệm"


def _fields() -> dict:
    return {"legal_name": NAME, "producer_type": "cooperative", "commune": commune(6970)}


def test_the_system_without_a_named_caller_registers_no_producer():
    with pytest.raises(PermissionDenied):
        producer_create(actor=None, **_fields())
    assert not Producer.objects.filter(legal_name=NAME).exists()
    assert not AuditEvent.objects.filter(action="producer.create").exists()


def test_the_demo_loader_registers_a_producer_as_the_system():
    producer = producer_create(actor=None, system=SystemCaller.DEMO, **_fields())
    assert Producer.objects.get(legal_name=NAME) == producer
    assert AuditEvent.objects.get(action="producer.create").actor is None
