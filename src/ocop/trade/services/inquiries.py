"""Writes of buyer inquiries and their message threads."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.core.errors import DomainError
from ocop.core.outbox import outbox_enqueue
from ocop.core.services import audit_record, snapshot
from ocop.products.models import Product
from ocop.products.selectors import public_products
from ocop.trade.models import (
    Inquiry,
    InquiryMessage,
    InquiryStatus,
    Market,
    MessageSide,
)
from ocop.trade.selectors import inquiry_side
from ocop.trade.services.common import (
    MESSAGE_MAX_CHARS,
    multi_line,
    single_line,
)

# --- Buyer inquiries ------------------------------------------------------------------------------


@transaction.atomic
def inquiry_submit(
    *,
    product: Product,
    company: str,
    country: str,
    email: str,
    quantity: str,
    message: str,
    contact_name: str = "",
    phone: str = "",
    target_market: Market | None = None,
    incoterm: str = "",
    buyer: User | None = None,
    language: str = "vi",
    is_demo: bool = False,
) -> Inquiry:
    """Record a buyer's inquiry and notify the producer and the office after the commit.

    Single-line fields lose every control character, so nothing a buyer types can add a mail header.
    """
    if not public_products().filter(pk=product.pk).exists():
        raise DomainError(_("Sản phẩm này không còn nhận yêu cầu."), field="product")
    body = multi_line(message)
    if len(body) > MESSAGE_MAX_CHARS:
        raise ValidationError({"message": _("Nội dung tối đa %(max)s ký tự.") % {"max": MESSAGE_MAX_CHARS}})
    inquiry = Inquiry(
        product=product,
        buyer=buyer if getattr(buyer, "is_authenticated", False) else None,
        company=single_line(company, 200),
        contact_name=single_line(contact_name, 150),
        country=single_line(country, 100),
        email=single_line(email, 254),
        phone=single_line(phone, 30),
        quantity=single_line(quantity, 100),
        target_market=target_market,
        incoterm=incoterm,
        message=body,
        language=language if language in ("vi", "en") else "vi",
        is_demo=is_demo,
    )
    inquiry.full_clean()
    inquiry.save()
    audit_record(
        actor=buyer,
        action="trade.inquiry_submit",
        target=inquiry,
        after=snapshot(inquiry, ["product", "company", "country", "email", "quantity", "incoterm", "status"]),
    )
    from ocop.trade.tasks import notify_inquiry_received

    outbox_enqueue(notify_inquiry_received, inquiry.pk)
    return inquiry


@transaction.atomic
def inquiry_reply(*, actor: User | None, inquiry: Inquiry, body: str) -> InquiryMessage:
    """Add a message to the thread. A producer's or office's answer marks the inquiry answered; a
    buyer's follow-up marks it new again. Closed inquiries take no more messages."""
    locked = Inquiry.objects.select_for_update().select_related("product__producer__commune").get(pk=inquiry.pk)
    side = inquiry_side(actor, locked)
    if side is None:
        raise PermissionDenied
    if locked.status == InquiryStatus.CLOSED:
        raise DomainError(_("Yêu cầu đã đóng: không gửi thêm tin nhắn được."), field="body")
    text = multi_line(body)
    if not text:
        raise ValidationError({"body": _("Hãy viết nội dung tin nhắn.")})
    if len(text) > MESSAGE_MAX_CHARS:
        raise ValidationError({"body": _("Nội dung tối đa %(max)s ký tự.") % {"max": MESSAGE_MAX_CHARS}})
    reply = InquiryMessage.objects.create(inquiry=locked, author=actor, side=side, body=text)
    before = {"status": locked.status}
    locked.status = InquiryStatus.NEW if side == MessageSide.BUYER else InquiryStatus.ANSWERED
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="trade.inquiry_reply",
        target=locked,
        before=before,
        after={"status": locked.status, "message": reply.pk, "side": side},
    )
    from ocop.trade.tasks import notify_inquiry_message

    outbox_enqueue(notify_inquiry_message, reply.pk)
    return reply


@transaction.atomic
def inquiry_set_status(*, actor: User | None, inquiry: Inquiry, status: str) -> Inquiry:
    """Close an inquiry, or reopen a closed one (producer or office)."""
    locked = Inquiry.objects.select_for_update().select_related("product__producer__commune").get(pk=inquiry.pk)
    if inquiry_side(actor, locked) not in (MessageSide.PRODUCER, MessageSide.OFFICE):
        raise PermissionDenied
    if status not in (InquiryStatus.CLOSED, InquiryStatus.ANSWERED, InquiryStatus.NEW):
        raise DomainError(_("Trạng thái không hợp lệ."), field="status")
    if status != InquiryStatus.CLOSED and locked.status != InquiryStatus.CLOSED:
        raise DomainError(_("Chỉ mở lại được yêu cầu đã đóng."), field="status")
    if status == locked.status:
        return locked
    before = {"status": locked.status}
    if status != InquiryStatus.CLOSED:
        status = (
            InquiryStatus.ANSWERED if locked.messages.exclude(side=MessageSide.BUYER).exists() else InquiryStatus.NEW
        )
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="trade.inquiry_status", target=locked, before=before, after={"status": status})
    return locked
