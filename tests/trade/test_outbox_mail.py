"""A mail server that is down never turns a saved inquiry into a 500: the inquiry is saved, its
notice waits in the outbox with the error, and once the server is back the relay sends it, once.
A real SMTP sink (aiosmtpd) on a port of this test, stopped and started again."""

import socket

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from ocop.core.models import OutboxEntry, OutboxStatus
from ocop.core.outbox import outbox_relay_run
from ocop.trade.models import Inquiry
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit runs inside the request, as in production


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, sorted(envelope.rcpt_tos), envelope.content.decode()))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    sink = Sink()
    controllers = []

    def start():
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)

    def stop():
        controllers.pop().stop()

    start()
    stop()  # started once and stopped: the port is closed, as when the mail server is down
    yield {"sink": sink, "start": start}
    while controllers:
        stop()


def test_smtp_down_inquiry_is_201_and_the_notice_is_sent_once_when_it_is_back(reference_data, client, world, smtp):
    world["qn"].email = "htx@trahoavang.example"
    world["qn"].save(update_fields=["email"])
    product = ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng Thử nghiệm")
    payload = {
        "product_id": product.pk,
        "company": "Osaka Tea Import K.K.",
        "country": "Japan",
        "email": "sato@osaka-tea.example",
        "quantity": "300 kg",
        "message": "Please quote FOB Hai Phong.",
    }

    client.force_login(world["users"]["buyer"])
    response = client.post("/api/v1/trade/inquiries", payload, content_type="application/json")

    assert response.status_code == 201
    inquiry = Inquiry.objects.get()
    assert inquiry.notified_at is None
    entry = OutboxEntry.objects.get()
    assert (entry.task_name, entry.args, entry.status, entry.attempts) == (
        "ocop.trade.notify_inquiry_received",
        [inquiry.pk],
        OutboxStatus.PENDING,
        1,
    )
    assert entry.last_error.startswith("ConnectionRefusedError")
    assert smtp["sink"].messages == []

    smtp["start"]()  # the mail server is back
    OutboxEntry.objects.filter(pk=entry.pk).update(next_attempt_at=timezone.now())  # its back-off is over
    assert outbox_relay_run() == {"dispatched": 1, "failed": 0}
    OutboxEntry.objects.filter(pk=entry.pk).update(next_attempt_at=timezone.now())
    assert outbox_relay_run() == {"dispatched": 0, "failed": 0}

    assert len(smtp["sink"].messages) == 1
    sender, recipients, content = smtp["sink"].messages[0]
    assert (sender, recipients) == ("no-reply@ocop.localhost", ["htx@trahoavang.example"])
    assert "Osaka Tea Import K.K." in content
    entry.refresh_from_db()
    inquiry.refresh_from_db()
    assert (entry.status, entry.attempts, entry.last_error) == (OutboxStatus.SENT, 2, "")
    assert inquiry.notified_at is not None
