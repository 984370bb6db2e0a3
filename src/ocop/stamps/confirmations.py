"""What voiding a range of stamps will do, for its confirmation step (core.confirm)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.core.confirm import Confirmation
from ocop.core.formatting import localized, number
from ocop.stamps.models import StampRun


def void(run: StampRun, *, form) -> Confirmation:
    data = form.cleaned_data if form.is_valid() else {}
    first, last = data.get("first_index"), data.get("last_index")
    consequences = []
    if first is not None and last is not None and first <= last:
        consequences.append(
            _(
                "Tem số %(first)s đến %(last)s (%(count)s tem) của lô %(lot)s hiện “đã huỷ, không còn giá trị” ngay "
                "lập tức mỗi khi được quét hay tra mã."
            )
            % {"first": first, "last": last, "count": number(last - first + 1), "lot": run.lot_number}
        )
    consequences += [
        _("Việc huỷ tem không hoàn tác được; lý do huỷ được ghi vào lịch sử của lô tem."),
        _("Các tem khác của lô vẫn có giá trị như trước."),
    ]
    return Confirmation(
        title=_("Huỷ khoảng tem?"),
        subject=_("Lô tem %(lot)s — %(product)s") % {"lot": run.lot_number, "product": localized(run.product, "name")},
        facts=[
            (_("Giấy chứng nhận"), run.certificate.number),
            (_("Số tem của lô"), f"{number(run.quantity)} ({run.first_serial} – {run.last_serial})"),
        ],
        consequences=consequences,
        form=form,
        button=_("Xác nhận huỷ tem"),
        action_url=reverse("stamps:run_detail", args=[run.pk]),
        cancel_url=reverse("stamps:run_detail", args=[run.pk]),
    )
