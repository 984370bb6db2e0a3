"""Jobs of the stamps app: the alert e-mails, Vietnamese then English, to the product's provincial office
and its producer, when a stamp may have been copied and when a consumer reports one.

Each takes a primary key, runs through the outbox (ocop.core.outbox) and is safe to run twice: the row
is locked, an alert already sent (`notified_at` set) is not sent again, and a send that fails (the mail
server down) raises, which rolls the mark back: the outbox tries again later, and the scan or the
report that queued it was saved long before.
"""

from datetime import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ocop.core.formatting import number
from ocop.core.outbox import notify_once
from ocop.producers.selectors import producer_and_office_addresses
from ocop.stamps.dashboard import stamp_log_href
from ocop.stamps.models import StampReport, StampRun, StampState, StampSuspicion
from ocop.stamps.selectors import DISTANT_WITHIN, scan_threshold, suspicion_evidence

RUN_RELATED = ("run__product", "run__product__product_set", "run__certificate__producer__commune")


def alert_addresses(run: StampRun) -> list[str]:
    """The producer's e-mail, its users' e-mails, and the provincial officers of its province."""
    return producer_and_office_addresses(run.certificate.producer)


def _site_url(path: str, **query: object) -> str:
    return settings.OCOP_SITE_URL.rstrip("/") + path + (f"?{urlencode(query)}" if query else "")


def _day(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y") if moment else "—"


def _product_name(run: StampRun, language: str) -> str:
    return (run.product.name_en or run.product.name_vi) if language == "en" else run.product.name_vi


def _both(render) -> tuple[str, str]:
    """(subject, body) with the Vietnamese text first, then the English."""
    with translation.override("vi"):
        subject_vi, body_vi = render("vi")
    with translation.override("en"):
        subject_en, body_en = render("en")
    return f"{subject_vi} / {subject_en}"[:200], f"{body_vi}\n\n—\n\n{body_en}"


def _send(run: StampRun, subject: str, body: str) -> int:
    to = alert_addresses(run)
    if not to:
        return 0
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to).send()


def suspected_mail(suspicion: StampSuspicion) -> tuple[str, str]:
    run = suspicion.run
    state = StampState.objects.filter(run=run, index=suspicion.index).first()
    evidence = suspicion_evidence([suspicion])[suspicion.pk]
    link = settings.OCOP_SITE_URL.rstrip("/") + stamp_log_href(run.pk, suspicion.index, state)

    def render(language: str) -> tuple[str, str]:
        names = {"serial": run.serial(suspicion.index), "product": _product_name(run, language), "lot": run.lot_number}
        lines = [
            _("Tem %(serial)s của sản phẩm %(product)s (lô %(lot)s) có thể đã bị sao chép.") % names,
            _("Tem đã được quét %(count)s lần, lần đầu ngày %(first)s, lần gần nhất ngày %(last)s.")
            % {
                "count": number(state.scan_count if state else suspicion.scan_count),
                "first": _day(state.first_scanned_at if state else None),
                "last": _day(state.last_scanned_at if state else None),
            },
        ]
        if suspicion.too_many:
            lines.append(
                _("Số lần quét vượt ngưỡng %(threshold)s lần của loại sản phẩm này.")
                % {"threshold": number(scan_threshold(run))}
            )
        if suspicion.far_apart:
            lines.append(
                _("Trong %(hours)s giờ, tem được quét ở những nơi cách xa nhau: %(regions)s.")
                % {
                    "hours": int(DISTANT_WITHIN.total_seconds() // 3600),
                    "regions": ", ".join(evidence.regions) or "—",
                }
            )
            if evidence.distance_km is not None:
                lines.append(_("Hai vị trí được chia sẻ cách nhau %(km)s km.") % {"km": number(evidence.distance_km)})
        lines.append(_("Xem các lượt quét của tem: %(url)s") % {"url": link})
        return _("[OCOP] Tem có thể đã bị sao chép: %(serial)s") % names, "\n".join(lines)

    return _both(render)


def report_mail(report: StampReport) -> tuple[str, str]:
    run = report.run
    link = _site_url(reverse("stamps:scans"), lot=run.pk) + "#reports"

    def render(language: str) -> tuple[str, str]:
        names = {"serial": run.serial(report.index), "product": _product_name(run, language), "lot": run.lot_number}
        lines = [
            _("Người tiêu dùng báo tem %(serial)s của sản phẩm %(product)s (lô %(lot)s) có vẻ không đúng.") % names,
            _("Nơi mua: %(place)s") % {"place": report.place},
            _("Điều gì có vẻ không đúng: %(message)s") % {"message": report.message or "—"},
            _("Ngày báo: %(day)s") % {"day": _day(report.created_at)},
        ]
        if report.photo:
            lines.append(_("Có ảnh kèm theo (xem trên nền tảng)."))
        lines.append(_("Xem và đánh dấu đã xử lý: %(url)s") % {"url": link})
        return _("[OCOP] Báo tem nghi giả: %(serial)s") % names, "\n".join(lines)

    return _both(render)


@shared_task(name="ocop.stamps.notify_suspected")
def notify_stamp_suspected(suspicion_pk: int) -> int:
    """Tell the province office and the producer that a stamp may have been copied. Returns messages sent."""
    suspicions = StampSuspicion.objects.select_related(*RUN_RELATED)
    return notify_once(suspicions, suspicion_pk, lambda suspicion: _send(suspicion.run, *suspected_mail(suspicion)))


@shared_task(name="ocop.stamps.notify_report")
def notify_stamp_report(report_pk: int) -> int:
    """Tell the province office and the producer that a consumer reported a stamp. Returns messages sent."""
    reports = StampReport.objects.select_related(*RUN_RELATED)
    return notify_once(reports, report_pk, lambda report: _send(report.run, *report_mail(report)))
