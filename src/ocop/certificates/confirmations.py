"""What revoking a certificate will do, for its confirmation step (core.confirm)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.certificates.models import Certificate
from ocop.core.confirm import Confirmation
from ocop.core.formatting import dmy, localized


def revoke(certificate: Certificate, *, form, verify_url: str) -> Confirmation:
    product = certificate.product
    return Confirmation(
        title=_("Thu hồi giấy chứng nhận số %(number)s?") % {"number": certificate.number},
        subject=_("Giấy chứng nhận OCOP số %(number)s — %(product)s, %(stars)s sao")
        % {"number": certificate.number, "product": localized(product, "name"), "stars": certificate.stars},
        facts=[
            (_("Sản phẩm"), localized(product, "name")),
            (_("Chủ thể"), product.producer.legal_name),
            (_("Hạng sao"), "★" * certificate.stars),
            (_("Hiệu lực"), f"{dmy(certificate.valid_from)} – {dmy(certificate.valid_until)}"),
            (_("Trang xác thực"), verify_url),
        ],
        consequences=[
            _(
                "Giấy chứng nhận số %(number)s hiện “đã thu hồi” ngay lập tức trên mọi lần xác thực: trang xác thực, "
                "mã QR trên giấy và mọi tem QR đã in theo giấy này."
            )
            % {"number": certificate.number},
            _("Sản phẩm “%(product)s” không còn mang hạng %(stars)s sao OCOP của giấy này trên danh mục công khai.")
            % {"product": localized(product, "name"), "stars": certificate.stars},
            _("Căn cứ và lý do thu hồi được ghi vào lịch sử; việc thu hồi không hoàn tác được trên nền tảng."),
        ],
        form=form,
        button=_("Xác nhận thu hồi"),
        action_url=reverse("certificates:revoke", args=[certificate.pk]),
        cancel_url=reverse("certificates:detail", args=[certificate.pk]),
    )
