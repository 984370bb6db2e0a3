"""Navigation per role, built once per request for the base layout."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop.accounts import policy
from ocop.accounts.policy import role_of
from ocop.geo.installation import current_site

# (label, url name, the named check that shows it). A page's own declaration is the same check or,
# on a page every logged-in user may open, a narrower one (tests/accounts/test_permissions.py).
_MENU = [
    (_("Bảng điều khiển"), "core:dashboard", policy.LOGGED_IN),
    (_("Chủ thể OCOP"), "producers:list", policy.may_see_producers),
    (_("Sản phẩm"), "products:list", policy.may_see_products),
    (_("Tổ chức của tôi"), "producers:mine", policy.is_producer),
    (_("Đánh giá, phân hạng"), "evaluations:index", policy.may_see_evaluations),
    (_("Hồ sơ được giao chấm"), "evaluations:assignments", policy.is_council_member),
    (_("Đợt đánh giá"), "evaluations:rounds", policy.may_see_rounds),
    (_("Giấy chứng nhận"), "certificates:register", policy.may_see_certificates),
    (_("Tem truy xuất"), "stamps:run_list", policy.may_see_stamps),
    (_("Hội chợ, triển lãm"), "promotion:events", policy.LOGGED_IN),
    (_("Gian hàng của tôi"), "promotion:my_booths", policy.is_producer),
    (_("Phân phối và xuất khẩu"), "trade:index", policy.may_see_trade),
    (_("Yêu cầu của người mua"), "trade:inquiries", policy.may_see_inquiries),
    (_("Chương trình OCOP"), "programme:overview", policy.may_see_programme),
    (_("Doanh số"), "programme:sales", policy.may_see_sales),
    (_("Nhập/xuất Excel"), "imports:index", policy.may_see_imports),
    (_("Tự đánh giá theo bộ tiêu chí"), "criteria:index", policy.LOGGED_IN),
]


def navigation(request):
    role = role_of(getattr(request, "user", None))
    if role is None:
        return {"nav_items": []}
    user = request.user
    items = [{"label": label, "url": reverse(url_name)} for label, url_name, shown_to in _MENU if shown_to(user)]
    # The one active item is the longest menu address the page lies under (/evaluations/rounds/
    # marks "rounds", not also "evaluations").
    matches = [item for item in items if item["url"] != "/" and request.path.startswith(item["url"])]
    active = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is active
    return {"nav_items": items}


def installation(request):
    """The place the installation serves and its office, for headings and the footer (not "site":
    Django's login view gives that name to the web site)."""
    return {"installation": current_site()}
