from ninja import Router, Schema

from ocop.accounts.policy import LOGGED_IN, permission, role_of
from ocop.core.fields import Int

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    role_label: str
    province_code: Int | None
    commune_code: Int | None
    producer_id: Int | None


@router.get("/me", response=MeOut, summary="Người dùng hiện tại / The current user")
@permission(LOGGED_IN)
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": role_of(user),
        "role_label": str(user.get_role_display()),
        "province_code": user.province.code if user.province_id else None,
        "commune_code": user.commune.code if user.commune_id else None,
        "producer_id": user.producer_id,
    }
