"""What archiving a producer will do, for its confirmation step (core.confirm)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.core.confirm import Confirmation
from ocop.producers.models import Producer


def archive(producer: Producer, *, products: int) -> Confirmation:
    return Confirmation(
        title=_("Lưu trữ chủ thể?"),
        subject=_("Chủ thể “%(producer)s”") % {"producer": producer.legal_name},
        facts=[
            (_("Địa chỉ"), f"{producer.commune.name}, {producer.commune.province.name}"),
            (_("Số sản phẩm"), products),
        ],
        consequences=[
            _("Chủ thể rời các danh sách của văn phòng và trang chủ thể công khai."),
            _("Hồ sơ, sản phẩm, giấy chứng nhận và lịch sử được giữ nguyên; có thể khôi phục chủ thể sau."),
        ],
        carried={"archive": "1"},
        button=_("Xác nhận lưu trữ"),
        action_url=reverse("producers:archive", args=[producer.pk]),
        cancel_url=reverse("producers:detail", args=[producer.pk]),
    )
