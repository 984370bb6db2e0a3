"""What cancelling an event will do, for its confirmation step (core.confirm)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.core.confirm import Confirmation
from ocop.core.formatting import dmy, number
from ocop.promotion.models import Event, EventStatus


def cancel(event: Event, *, booths: int) -> Confirmation:
    return Confirmation(
        title=_("Huỷ sự kiện?"),
        subject=_("Sự kiện “%(event)s”") % {"event": event.name},
        facts=[
            (_("Thời gian"), f"{dmy(event.first_day)} – {dmy(event.last_day)}"),
            (_("Trạng thái hiện nay"), event.get_status_display()),
            (_("Số gian hàng"), number(booths)),
        ],
        consequences=[
            _("Sự kiện chuyển sang “Đã huỷ” và không còn hiện trên các trang công khai."),
            _("Lượt khách và doanh thu gian hàng của sự kiện được đưa ra khỏi số liệu của chương trình."),
            _("Có thể đổi lại trạng thái sau; việc huỷ được ghi vào lịch sử của sự kiện."),
        ],
        carried={"status": EventStatus.CANCELLED.value},
        button=_("Xác nhận huỷ sự kiện"),
        action_url=reverse("promotion:event_status", args=[event.pk]),
        cancel_url=reverse("promotion:event_detail", args=[event.pk]),
    )
