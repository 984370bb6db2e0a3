"""The alert e-mails: a stamp that becomes "may have been copied" and a consumer's report reach the
product's provincial office and its producer, Vietnamese then English, once, through the outbox."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ocop.accounts.system import SystemCaller
from ocop.core.models import OutboxEntry, OutboxStatus
from ocop.core.outbox import outbox_relay_run
from ocop.stamps.codes import stamp_code
from ocop.stamps.models import StampReport, StampSuspicion
from ocop.stamps.services import stamp_run_create, stamp_scan_record, stamp_suspicion_record
from ocop.stamps.tasks import notify_stamp_suspected
from tests.factories import ProductFactory, make_certificate, make_user
from tests.stamps.conftest import stamp_url
from tests.trade.test_outbox_mail import smtp  # noqa: F401 - the SMTP sink fixture, down then up

REGIONS = {"203.0.113.0/24": "Quảng Ninh", "198.51.100.0/24": "TP Hồ Chí Minh"}


@pytest.fixture
def addressed(world):
    """E-mail addresses on the producer, its user, both provincial officers and the other producer."""
    world["qn"].email = "htx@trahoavang.example"
    world["qn"].save(update_fields=["email"])
    emails = {
        "producer": "sx@trahoavang.example",
        "other_producer": "sx@chamuc.example",
        "provincial_officer": "vpocop@quangninh.example",
        "other_provincial_officer": "vpocop@laocai.example",
        "commune_officer": "xa@bache.example",
    }
    for key, email in emails.items():
        user = world["users"][key]
        user.email = email
        user.save(update_fields=["email"])
    return ["htx@trahoavang.example", "sx@trahoavang.example", "vpocop@quangninh.example"]


def test_a_stamp_over_the_threshold_mails_the_office_and_the_producer_once(
    client, run, settings, addressed, django_capture_on_commit_callbacks
):
    settings.OCOP_STAMP_SCAN_THRESHOLDS = {"default": 2}
    settings.OCOP_SITE_URL = "https://ocop.example"
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(stamp_url(run, 4)).status_code == 200

    suspicion = StampSuspicion.objects.get()
    assert (suspicion.run_id, suspicion.index, suspicion.scan_count, suspicion.too_many, suspicion.far_apart) == (
        run.pk,
        4,
        3,
        True,
        False,
    )
    assert suspicion.notified_at is not None
    assert OutboxEntry.objects.filter(task_name="ocop.stamps.notify_suspected").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == addressed
    serial = f"{run.pk}-4"
    assert message.subject == (
        f"[OCOP] Tem có thể đã bị sao chép: {serial} / [OCOP] Stamp may have been copied: {serial}"
    )
    day = timezone.localdate().strftime("%d/%m/%Y")
    vietnamese, english = message.body.split("\n\n—\n\n")
    assert vietnamese.splitlines()[:3] == [
        f"Tem {serial} của sản phẩm Trà hoa vàng Ba Chẽ (lô L2026-11) có thể đã bị sao chép.",
        f"Tem đã được quét 3 lần, lần đầu ngày {day}, lần gần nhất ngày {day}.",
        "Số lần quét vượt ngưỡng 2 lần của loại sản phẩm này.",
    ]
    assert english.splitlines()[:3] == [
        f"Stamp {serial} of Trà hoa vàng Ba Chẽ (lot L2026-11) may have been copied.",
        f"The stamp was scanned 3 times, first on {day}, last on {day}.",
        "It was scanned more often than the threshold of 2 scans for this kind of product.",
    ]
    link = f"https://ocop.example/stamps/scans/log/?start={timezone.localdate().isoformat()}"
    assert f"Xem các lượt quét của tem: {link}" in vietnamese
    assert f"&lot={run.pk}&stamp=4" in vietnamese


def test_scans_from_two_regions_mail_the_regions(client, run, settings, addressed, django_capture_on_commit_callbacks):
    settings.OCOP_STAMP_NETWORK_REGIONS = REGIONS
    for address in ("203.0.113.40", "198.51.100.7", "198.51.100.8"):
        with django_capture_on_commit_callbacks(execute=True):
            client.get(stamp_url(run, 9), REMOTE_ADDR=address)

    assert StampSuspicion.objects.get().far_apart is True
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Trong 72 giờ, tem được quét ở những nơi cách xa nhau: Quảng Ninh, TP Hồ Chí Minh." in body
    assert "Within 72 hours the stamp was scanned in places far apart: Quảng Ninh, TP Hồ Chí Minh." in body


def test_a_stamp_already_suspect_queues_nothing_more(run, django_capture_on_commit_callbacks):
    now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        first = stamp_suspicion_record(run_id=run.pk, index=2, scan_count=6, too_many=True, far_apart=False, now=now)
        again = stamp_suspicion_record(
            run_id=run.pk, index=2, scan_count=7, too_many=True, far_apart=True, now=now + timedelta(hours=1)
        )
    assert (first, again) == (StampSuspicion.objects.get().pk, None)
    assert StampSuspicion.objects.get().scan_count == 6
    assert OutboxEntry.objects.filter(task_name="ocop.stamps.notify_suspected").count() == 1
    assert notify_stamp_suspected(first) == 0  # already sent: a second run of the job sends nothing


def test_no_address_means_no_mail_but_the_alert_is_marked(run, django_capture_on_commit_callbacks):
    stamp_scan_record(run_id=run.pk, index=5, network="", agent="phone")
    with django_capture_on_commit_callbacks(execute=True):
        pk = stamp_suspicion_record(
            run_id=run.pk, index=5, scan_count=6, too_many=True, far_apart=False, now=timezone.now()
        )
    assert mail.outbox == []
    assert StampSuspicion.objects.get(pk=pk).notified_at is not None


def test_a_consumer_report_mails_the_office_and_the_producer(
    client, run, settings, addressed, django_capture_on_commit_callbacks
):
    settings.OCOP_SITE_URL = "https://ocop.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/s/{stamp_code(run.pk, 11)}/report", {"place": "Chợ Hạ Long 1", "message": "Tem mờ, không có hạt nhũ"}
        )
    assert response.status_code == 302
    report = StampReport.objects.get()
    assert report.notified_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == addressed
    serial = f"{run.pk}-11"
    assert message.subject == f"[OCOP] Báo tem nghi giả: {serial} / [OCOP] Suspected fake stamp reported: {serial}"
    day = timezone.localtime(report.created_at).strftime("%d/%m/%Y")
    vietnamese, english = message.body.split("\n\n—\n\n")
    assert vietnamese.splitlines() == [
        f"Người tiêu dùng báo tem {serial} của sản phẩm Trà hoa vàng Ba Chẽ (lô L2026-11) có vẻ không đúng.",
        "Nơi mua: Chợ Hạ Long 1",
        "Điều gì có vẻ không đúng: Tem mờ, không có hạt nhũ",
        f"Ngày báo: {day}",
        f"Xem và đánh dấu đã xử lý: https://ocop.example/stamps/scans/?lot={run.pk}#reports",
    ]
    assert english.splitlines() == [
        f"A consumer reports that stamp {serial} of Trà hoa vàng Ba Chẽ (lot L2026-11) looked wrong.",
        "Bought at: Chợ Hạ Long 1",
        "What looked wrong: Tem mờ, không có hạt nhũ",
        f"Reported on: {day}",
        f"See it and mark it handled: https://ocop.example/stamps/scans/?lot={run.pk}#reports",
    ]


def test_an_other_province_run_mails_that_province_office(world, addressed, django_capture_on_commit_callbacks):
    lc_certificate = make_certificate(ProductFactory(producer=world["lc"], name_vi="Chè Shan tuyết"))
    run = stamp_run_create(
        user=None,
        system=SystemCaller.DEMO,
        certificate=lc_certificate,
        lot_number="LC-1",
        production_date=lc_certificate.valid_from,
        best_before=lc_certificate.valid_until,
        quantity=5,
    )
    make_user("provincial_officer", province=world["users"]["other_provincial_officer"].province, email="")
    with django_capture_on_commit_callbacks(execute=True):
        stamp_suspicion_record(run_id=run.pk, index=1, scan_count=6, too_many=True, far_apart=False, now=timezone.now())
    assert [sorted(m.to) for m in mail.outbox] == [["vpocop@laocai.example"]]


@pytest.mark.django_db(transaction=True)
def test_smtp_down_the_scan_answers_and_the_alert_is_sent_once_when_it_is_back(
    reference_data,
    client,
    run,
    settings,
    smtp,  # noqa: F811 - the imported fixture
    addressed,
):
    settings.OCOP_STAMP_SCAN_THRESHOLDS = {"default": 1}
    client.get(stamp_url(run, 6))
    response = client.get(stamp_url(run, 6))

    assert response.status_code == 200
    assert "Tem này có thể đã bị sao chép" in response.content.decode()
    suspicion = StampSuspicion.objects.get()
    assert suspicion.notified_at is None
    entry = OutboxEntry.objects.get(task_name="ocop.stamps.notify_suspected")
    assert (entry.args, entry.status, entry.attempts) == ([suspicion.pk], OutboxStatus.PENDING, 1)
    assert entry.last_error.startswith("ConnectionRefusedError")

    smtp["start"]()
    OutboxEntry.objects.filter(pk=entry.pk).update(next_attempt_at=timezone.now())
    assert outbox_relay_run() == {"dispatched": 1, "failed": 0}
    client.get(stamp_url(run, 6))  # a later scan of the suspect stamp: no second alert
    OutboxEntry.objects.filter(pk=entry.pk).update(next_attempt_at=timezone.now())
    assert outbox_relay_run() == {"dispatched": 0, "failed": 0}

    assert len(smtp["sink"].messages) == 1
    _sender, recipients, _content = smtp["sink"].messages[0]
    assert recipients == addressed
    suspicion.refresh_from_db()
    assert suspicion.notified_at is not None
