from ninja import Router, Schema

from ocop.accounts.policy import PUBLIC, permission
from ocop.core.fields import Int
from ocop.core.pagination import paginated
from ocop.geo import selectors
from ocop.geo.models import Province

router = Router(tags=["geo"])


class ProvinceOut(Schema):
    code: Int
    name: str


class CommuneOut(Schema):
    code: Int
    name: str
    unit_type: str
    province_code: Int


@router.get("/provinces", response=list[ProvinceOut], auth=None, summary="Tỉnh, thành phố / Provinces")
@paginated
@permission(PUBLIC)
def provinces(request):
    return list(Province.objects.order_by("code").values("code", "name"))


@router.get("/communes", response=list[CommuneOut], auth=None, summary="Tìm xã, phường / Find communes")
@paginated
@permission(PUBLIC)
def communes(request, q: str = "", province: int | None = None):
    province_obj = Province.objects.filter(code=province).first() if province else None
    return [
        {"code": c.code, "name": c.name, "unit_type": c.unit_type, "province_code": c.province.code}
        for c in selectors.communes_search(q, province=province_obj, limit=None)
    ]
