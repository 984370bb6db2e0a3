"""Daily expiry job with a frozen clock: one notice 30 days ahead, expiry on the day, idempotent."""

from datetime import date

from django.core import mail
from django.core.management import call_command

from ocop.certificates.models import Certificate, CertificateStatus
from ocop.certificates.selectors import current_stars
from ocop.certificates.services import certificate_renewal_data, certificates_expiry_run
from ocop.core.models import AuditEvent
from ocop.products.models import Product, ProductStatus
from tests.certificates.conftest import issue
from tests.factories import make_user


def test_notice_then_expiry(world, version, product, clock, settings):
    settings.OCOP_PUBLIC_BASE_URL = "https://ocop.quangninh.gov.vn"
    world["users"]["producer"].email = "htx@example.vn"
    world["users"]["producer"].save()
    world["users"]["provincial_officer"].email = "vanphong.ocop@example.vn"
    world["users"]["provincial_officer"].save()
    make_user("producer", producer=world["qn"], email="", province=world["qn"].commune.province)  # no address
    make_user("provincial_officer", province=world["lc"].commune.province, email="laocai@example.vn")

    clock.set(date(2026, 1, 20))
    certificate = issue(product=product, version=version)  # valid 15/01/2026 – 14/01/2029
    assert certificate.valid_until == date(2029, 1, 14)

    clock.set(date(2028, 12, 14))  # 31 days before the last day: too early
    assert certificates_expiry_run() == {"expired": 0, "noticed": 0}
    assert mail.outbox == []

    clock.set(date(2028, 12, 15))  # 30 days before
    assert certificates_expiry_run() == {"expired": 0, "noticed": 1}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["htx@example.vn", "vanphong.ocop@example.vn"]
    assert "22-6970-0001-2026" in message.subject
    assert "có hiệu lực đến hết ngày 14/01/2029" in message.body
    assert "is valid until 14/01/2029 inclusive" in message.body
    assert "https://ocop.quangninh.gov.vn/v/" in message.body
    assert certificates_expiry_run() == {"expired": 0, "noticed": 0}
    clock.set(date(2028, 12, 20))
    assert certificates_expiry_run() == {"expired": 0, "noticed": 0}
    assert len(mail.outbox) == 1

    clock.set(date(2029, 1, 14))  # the last day: still valid
    assert certificates_expiry_run() == {"expired": 0, "noticed": 0}
    assert current_stars(Product.objects.get(pk=product.pk)) == 4

    clock.set(date(2029, 1, 15))
    assert current_stars(Product.objects.get(pk=product.pk)) is None  # before the job runs, too
    assert certificates_expiry_run() == {"expired": 1, "noticed": 0}
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.EXPIRED
    assert Product.objects.get(pk=product.pk).status == ProductStatus.EXPIRED
    assert AuditEvent.objects.filter(action="certificate.expire", target_id=str(certificate.pk)).count() == 1
    assert AuditEvent.objects.filter(action="certificate.expiry_notice").count() == 1
    assert certificates_expiry_run() == {"expired": 0, "noticed": 0}


def test_a_missed_run_catches_up(world, version, product, clock):
    clock.set(date(2026, 1, 20))
    issue(product=product, version=version)
    clock.set(date(2029, 1, 10))  # the job did not run for weeks: the notice still goes out
    assert certificates_expiry_run()["noticed"] == 1
    clock.set(date(2029, 2, 1))
    assert certificates_expiry_run() == {"expired": 1, "noticed": 0}


def test_management_command(world, version, product, clock, capsys):
    clock.set(date(2026, 1, 20))
    issue(product=product, version=version)
    call_command("ocop_certificates_expiry", "--today", "2029-01-15")
    assert "expired: 1" in capsys.readouterr().out
    assert Certificate.objects.get().status == CertificateStatus.EXPIRED


def test_celery_task_runs_inline(world, version, product, clock):
    from ocop.certificates.tasks import certificates_expiry

    clock.set(date(2026, 1, 20))
    issue(product=product, version=version)
    clock.set(date(2029, 1, 15))
    assert certificates_expiry.delay().get() == {"expired": 1, "noticed": 0}


def test_renewal_data_for_the_dossier(world, version, product, clock):
    clock.set(date(2026, 3, 10))
    first = issue(product=product, version=version, stars=3, decision_date=date(2024, 6, 1))
    second = issue(product=product, version=version, stars=4, decision_date=date(2026, 1, 15))
    data = certificate_renewal_data(second)
    assert data["kind"] == "re_evaluation"
    assert data["product"] == product
    assert data["previous_certificate"] == second
    assert data["history"] == [second, first]
    assert data["due_by"] == date(2029, 1, 14)
    assert [row["year"] for row in data["years"]] == [2023, 2024, 2025]
    assert [row["revenue_vnd"] for row in data["years"]] == [None] * len(data["years"])


def test_a_notice_the_mail_server_refuses_waits_in_the_outbox_and_is_sent_once(
    world, version, product, clock, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail.backends.locmem import EmailBackend
    from django.utils import timezone

    from ocop.core.models import OutboxEntry, OutboxStatus
    from ocop.core.outbox import outbox_relay_run

    world["users"]["producer"].email = "htx@example.vn"
    world["users"]["producer"].save()
    clock.set(date(2026, 1, 20))
    certificate = issue(product=product, version=version)
    clock.set(date(2028, 12, 15))  # 30 days before the last day
    real_send = EmailBackend.send_messages

    def refuse(self, messages):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):  # as in the worker: no transaction around the run
        assert certificates_expiry_run() == {"expired": 0, "noticed": 0}  # the run finishes; nothing is marked
    entry = OutboxEntry.objects.get(task_name="ocop.certificates.expiry_notice")
    assert (entry.args[0], entry.status, entry.attempts, entry.last_error) == (
        certificate.pk,
        OutboxStatus.PENDING,
        1,
        "ConnectionRefusedError: mail server down",
    )
    assert Certificate.objects.get(pk=certificate.pk).expiry_notice_sent_at is None

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)  # the mail server is back
    OutboxEntry.objects.filter(pk=entry.pk).update(next_attempt_at=timezone.now())
    assert outbox_relay_run() == {"dispatched": 1, "failed": 0}
    assert [message.to for message in mail.outbox] == [["htx@example.vn"]]
    assert certificates_expiry_run() == {"expired": 0, "noticed": 0}  # sent once
    assert len(mail.outbox) == 1
