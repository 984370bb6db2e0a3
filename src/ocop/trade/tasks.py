"""Jobs of the trade app: e-mail notices about buyer inquiries. Each takes a primary key and is safe
to retry: the row is locked, a notice already sent (notified_at set) is not sent again, and a failed
send rolls the mark back so that a retry sends it."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ocop.core.outbox import notify_once
from ocop.producers.selectors import producer_and_office_addresses as producer_addresses
from ocop.trade.models import Inquiry, InquiryMessage, MessageSide
from ocop.trade.services import single_line


def site_url(path: str) -> str:
    return settings.OCOP_SITE_URL.rstrip("/") + path


def producer_and_office_addresses(inquiry: Inquiry) -> list[str]:
    """The producer's e-mail, its users' e-mails and the e-mails of its province's OCOP office."""
    addresses = producer_addresses(inquiry.product.producer) + list(settings.OCOP_TRADE_OFFICE_EMAILS)
    return sorted({address.strip().lower() for address in addresses if address.strip()})


def _send(subject: str, body: str, to: list[str], reply_to: list[str] | None = None) -> int:
    if not to:
        return 0
    message = EmailMessage(
        subject=single_line(subject, 200), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, reply_to=reply_to
    )
    return message.send()


def _inquiry_summary(inquiry: Inquiry) -> str:
    lines = [
        _("Sản phẩm: %(product)s") % {"product": inquiry.product.name_vi},
        _("Công ty: %(company)s") % {"company": inquiry.company},
        _("Người liên hệ: %(name)s") % {"name": inquiry.contact_name or "—"},
        _("Quốc gia: %(country)s") % {"country": inquiry.country},
        _("Thư điện tử: %(email)s") % {"email": inquiry.email},
        _("Số lượng: %(quantity)s") % {"quantity": inquiry.quantity},
        _("Thị trường đích: %(market)s") % {"market": inquiry.target_market or "—"},
        _("Điều kiện giao hàng: %(incoterm)s") % {"incoterm": inquiry.incoterm or "—"},
    ]
    return "\n".join(lines)


@shared_task(name="ocop.trade.notify_inquiry_received")
def notify_inquiry_received(inquiry_pk: int) -> int:
    """Tell the producer and the office that a buyer sent an inquiry. Returns messages sent."""
    inquiries = Inquiry.objects.select_related("product__producer__commune", "target_market")
    return notify_once(inquiries, inquiry_pk, _inquiry_received_mail)


def _inquiry_received_mail(inquiry: Inquiry) -> int:
    with translation.override("vi"):
        subject = _("[OCOP] Yêu cầu mới từ %(company)s về %(product)s") % {
            "company": inquiry.company,
            "product": inquiry.product.name_vi,
        }
        body = "\n\n".join(
            [
                _inquiry_summary(inquiry),
                inquiry.message,
                _("Trả lời trên nền tảng: %(url)s")
                % {"url": site_url(reverse("trade:inquiry_detail", args=[inquiry.pk]))},
            ]
        )
    return _send(subject, body, producer_and_office_addresses(inquiry), reply_to=[inquiry.email])


@shared_task(name="ocop.trade.notify_inquiry_message")
def notify_inquiry_message(message_pk: int) -> int:
    """Send a new message of a thread to the other side: the buyer, or the producer and the office."""
    messages = InquiryMessage.objects.select_related("inquiry__product__producer__commune", "inquiry__target_market")
    return notify_once(messages, message_pk, _inquiry_message_mail)


def _inquiry_message_mail(reply: InquiryMessage) -> int:
    inquiry = reply.inquiry
    if reply.side == MessageSide.BUYER:
        with translation.override("vi"):
            subject = _("[OCOP] %(company)s trả lời về %(product)s") % {
                "company": inquiry.company,
                "product": inquiry.product.name_vi,
            }
            body = "\n\n".join(
                [
                    reply.body,
                    _("Xem cả trao đổi: %(url)s")
                    % {"url": site_url(reverse("trade:inquiry_detail", args=[inquiry.pk]))},
                ]
            )
        return _send(subject, body, producer_and_office_addresses(inquiry), reply_to=[inquiry.email])
    producer = inquiry.product.producer
    with translation.override(inquiry.language):
        name = (
            inquiry.product.name_en if inquiry.language == "en" and inquiry.product.name_en else inquiry.product.name_vi
        )
        subject = _("[OCOP] Trả lời về %(product)s") % {"product": name}
        parts = [_("%(sender)s trả lời yêu cầu của quý công ty:") % {"sender": producer.legal_name}, reply.body]
        if inquiry.buyer_id:
            parts.append(
                _("Xem cả trao đổi: %(url)s") % {"url": site_url(reverse("trade:inquiry_detail", args=[inquiry.pk]))}
            )
        body = "\n\n".join(parts)
    return _send(subject, body, [inquiry.email], reply_to=[producer.email] if producer.email else None)
