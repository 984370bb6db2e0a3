from ninja import Router, Schema

from ocop.accounts.policy import PUBLIC, permission
from ocop.core.health import health_report

router = Router(tags=["platform"])


class HealthOut(Schema):
    ok: bool
    services: dict


@router.get("/health", response=HealthOut, auth=None, summary="Tình trạng hệ thống / Health")
@permission(PUBLIC)
def health(request):
    ok, report = health_report()
    return {"ok": ok, "services": report}
