"""Navigation per role, built once per request for the base layout."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.policy import role_of

# (label, url name, roles that see it; None = every logged-in user)
_MENU = [
    (_("Bảng điều khiển"), "core:dashboard", None),
    (
        _("Chủ thể OCOP"),
        "producers:list",
        {Role.PROVINCIAL_OFFICER, Role.COMMUNE_OFFICER, Role.CENTRAL_OFFICER, Role.COUNCIL_MEMBER, Role.ADMIN},
    ),
    (
        _("Sản phẩm"),
        "products:list",
        {
            Role.PROVINCIAL_OFFICER,
            Role.COMMUNE_OFFICER,
            Role.CENTRAL_OFFICER,
            Role.COUNCIL_MEMBER,
            Role.ADMIN,
            Role.PRODUCER,
        },
    ),
    (_("Tổ chức của tôi"), "producers:mine", {Role.PRODUCER}),
    (
        _("Đánh giá, phân hạng"),
        "evaluations:index",
        {Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN},
    ),
    (_("Hồ sơ được giao chấm"), "evaluations:assignments", {Role.COUNCIL_MEMBER}),
    (_("Đợt đánh giá"), "evaluations:rounds", {Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}),
    (
        _("Giấy chứng nhận"),
        "certificates:register",
        {
            Role.PROVINCIAL_OFFICER,
            Role.COMMUNE_OFFICER,
            Role.CENTRAL_OFFICER,
            Role.COUNCIL_MEMBER,
            Role.ADMIN,
            Role.PRODUCER,
        },
    ),
    (_("Hội chợ, triển lãm"), "promotion:events", None),
    (_("Gian hàng của tôi"), "promotion:my_booths", {Role.PRODUCER}),
    (
        _("Phân phối và xuất khẩu"),
        "trade:index",
        {Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN, Role.COMMUNE_OFFICER, Role.PRODUCER},
    ),
    (_("Yêu cầu của người mua"), "trade:inquiries", {Role.PRODUCER, Role.PROVINCIAL_OFFICER, Role.ADMIN, Role.BUYER}),
    (
        _("Chương trình OCOP"),
        "programme:overview",
        {Role.PROVINCIAL_OFFICER, Role.COMMUNE_OFFICER, Role.COUNCIL_MEMBER, Role.CENTRAL_OFFICER, Role.ADMIN},
    ),
    (
        _("Doanh số"),
        "programme:sales",
        {Role.PRODUCER, Role.PROVINCIAL_OFFICER, Role.COMMUNE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN},
    ),
    (_("Nhập/xuất Excel"), "imports:index", {Role.PROVINCIAL_OFFICER, Role.ADMIN}),
    (_("Tự đánh giá theo bộ tiêu chí"), "criteria:index", None),
]


def navigation(request):
    role = role_of(getattr(request, "user", None))
    if role is None:
        return {"nav_items": []}
    items = [
        {"label": label, "url": reverse(url_name)} for label, url_name, roles in _MENU if roles is None or role in roles
    ]
    # The one active item is the longest menu address the page lies under (/evaluations/rounds/
    # marks "rounds", not also "evaluations").
    matches = [item for item in items if item["url"] != "/" and request.path.startswith(item["url"])]
    active = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is active
    return {"nav_items": items, "user_role": role}
