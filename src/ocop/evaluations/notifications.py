"""In-app notices and emails at every status change, sent after the commit by a task."""

import contextlib
import contextvars

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ocop.core.formatting import score
from ocop.core.models import AuditEvent
from ocop.core.outbox import outbox_enqueue
from ocop.evaluations.models import Notification

# Audit action → the message; %(product)s, %(status)s, %(reason)s, %(stars)s, %(total)s, %(round)s are filled in.
MESSAGES = {
    "dossier.submit": _("Hồ sơ “%(product)s” đã được nộp và đang chờ xã kiểm tra."),
    "dossier.return": _("Hồ sơ “%(product)s” bị trả lại để bổ sung. Lý do: %(reason)s"),
    "dossier.accept": _("Xã đã tiếp nhận hồ sơ “%(product)s”."),
    "dossier.forward": _("Hồ sơ “%(product)s” đã được chuyển lên tỉnh."),
    "dossier.assign": _("Hồ sơ “%(product)s” đã được giao cho hội đồng (%(round)s)."),
    "dossier.close": _("Hội đồng đã chốt điểm hồ sơ “%(product)s”: %(total)s điểm, %(stars)s sao."),
    "dossier.forward_central": _(
        "Hồ sơ “%(product)s” đạt %(total)s điểm và được chuyển lên Trung ương xét công nhận 5 sao."
    ),
    "dossier.decide": _("Đã có quyết định cho sản phẩm “%(product)s”: %(stars)s sao (%(total)s điểm)."),
}


_email_muted = contextvars.ContextVar("ocop_evaluations_email_muted", default=False)


@contextlib.contextmanager
def email_muted():
    """Create in-app notices but send no email (the demo loader uses it)."""
    token = _email_muted.set(True)
    try:
        yield
    finally:
        _email_muted.reset(token)


def notify_on_commit(*, event: AuditEvent, users, link: str) -> None:
    """Schedule the notice for these users once the transaction commits."""
    from ocop.evaluations.tasks import notify_task

    user_ids = sorted({u.pk for u in users if u is not None and u.is_active})
    if not user_ids or event.action not in MESSAGES:
        return
    outbox_enqueue(notify_task, event.pk, user_ids, link)


def _render(action: str, params: dict, language: str) -> str:
    with translation.override(language):
        total = params.get("total")
        # a total recorded as something else than a number stays as it was
        with contextlib.suppress(ArithmeticError):
            params = {**params, "total": score(total) if total not in (None, "") else ""}
        return str(MESSAGES[action]) % params


def notifications_send(*, event_id: int, user_ids: list[int], link: str) -> int:
    """Create each user's notice once (safe to run twice) and email the new ones. Returns how many were new."""
    event = AuditEvent.objects.filter(pk=event_id).first()
    if event is None or event.action not in MESSAGES:
        return 0
    after = event.after or {}
    params = {
        "product": event.target_label.split(" – ")[0],
        "status": after.get("status", ""),
        "reason": after.get("reason", ""),
        "stars": after.get("stars", ""),
        "total": after.get("total", ""),
        "round": after.get("round", ""),
    }
    message_vi = _render(event.action, params, "vi")
    message_en = _render(event.action, params, "en")
    created_count = 0
    from django.contrib.auth import get_user_model

    muted = _email_muted.get()
    for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True):
        notification, created = Notification.objects.get_or_create(
            user=user,
            key=f"audit:{event.pk}",
            defaults={"message_vi": message_vi, "message_en": message_en, "link": link, "emailed_at": None},
        )
        created_count += created
        if not created and (notification.emailed_at is not None or muted):
            continue
        if user.email and not muted:
            # A mail server that is down raises here: the outbox runs this again later, and a notice
            # already e-mailed (emailed_at set) is not e-mailed twice.
            send_mail(
                subject=f"[OCOP] {message_vi[:80]}",
                message=f"{message_vi}\n\n{message_en}\n\n{settings.OCOP_SITE_URL.rstrip('/')}{link}",
                from_email=None,
                recipient_list=[user.email],
            )
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return created_count


@transaction.atomic
def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notices read (all of them when no ids are given)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
