"""What archiving a product will do, for its confirmation step (core.confirm)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.core.confirm import Confirmation
from ocop.core.formatting import localized
from ocop.products.models import Product, ProductStatus


def archive(product: Product) -> Confirmation:
    name = localized(product, "name")
    consequences = [
        _(
            "Sản phẩm “%(product)s” rời các danh sách và danh mục sản phẩm OCOP công khai; không lập được hồ sơ đánh giá mới."
        )
        % {"product": name},
        _("Hồ sơ, giấy chứng nhận và lịch sử của sản phẩm được giữ nguyên; có thể khôi phục sản phẩm sau."),
    ]
    if product.status == ProductStatus.CERTIFIED:
        consequences.insert(
            1,
            _(
                "Sản phẩm đang được công nhận OCOP: người mua không còn thấy sản phẩm trong danh mục; giấy chứng nhận "
                "không bị thu hồi (thu hồi là một việc riêng trên trang giấy chứng nhận)."
            ),
        )
    return Confirmation(
        title=_("Lưu trữ sản phẩm?"),
        subject=_("Sản phẩm “%(product)s”") % {"product": name},
        facts=[
            (_("Chủ thể"), product.producer.legal_name),
            (_("Trạng thái"), product.get_status_display()),
        ],
        consequences=consequences,
        carried={"archive": "1"},
        button=_("Xác nhận lưu trữ"),
        action_url=reverse("products:archive", args=[product.pk]),
        cancel_url=reverse("products:detail", args=[product.pk]),
    )
