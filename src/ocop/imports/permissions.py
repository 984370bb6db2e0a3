"""Who may import and export: provincial officers (and administrators) of a province.

Which rows they reach is the shared policy's answer (`ocop.accounts.policy.visible`): an import job
is scoped by its province, the registry rows by theirs.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ocop.accounts import policy
from ocop.geo.models import Province


def require_exporter(user) -> None:
    if not policy.may_see_imports(user):
        raise PermissionDenied(_("Chỉ cán bộ tỉnh (Văn phòng OCOP) được nhập và xuất Excel."))


def require_importer(user) -> Province:
    """The province the user imports into; PermissionDenied for any other role or a user without province."""
    require_exporter(user)
    if not user.province_id:
        raise PermissionDenied(_("Tài khoản chưa gắn với tỉnh nào nên không nhập được dữ liệu."))
    return user.province


def may_import(user) -> bool:
    try:
        require_importer(user)
    except PermissionDenied:
        return False
    return True
