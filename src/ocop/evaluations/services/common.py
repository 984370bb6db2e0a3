"""Shared helpers of the evaluation services."""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ocop.accounts.models import Role, User
from ocop.accounts.policy import may_view
from ocop.core.errors import DomainError
from ocop.core.services import audit_record
from ocop.evaluations.models import (
    Dossier,
    DossierStatus,
    ScoreSheet,
    SheetKind,
)
from ocop.evaluations.notifications import notify_on_commit
from ocop.products.models import Product

# A product is scored by at least this many council members (chair included).
MIN_SCORERS = 3
# A member whose total differs from the median by more than this is discussed before closing.
OUTLIER_POINTS = Decimal("15")

S = DossierStatus


# ---------------------------------------------------------------- helpers


def refuse(message: str, field: str | None = None) -> DomainError:
    return DomainError(message, field=field)


def require_scope(actor: User | None, dossier: Dossier) -> None:
    if not may_view(actor, dossier):
        raise PermissionDenied


def lock_dossier(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("product", "producer__commune__province", "criteria_version", "product_set__version", "round")
        .get(pk=dossier.pk)
    )


def product_set_id_of(dossier: Dossier) -> int:
    """The product set a dossier of the flow is scored on (only historical results have none)."""
    assert dossier.product_set_id is not None, "a dossier of the evaluation flow has its product set"
    return dossier.product_set_id


def require_status(dossier: Dossier, allowed: Iterable[str], action: str) -> None:
    if dossier.status not in set(allowed):
        raise refuse(
            _("Không thể %(action)s: hồ sơ đang ở trạng thái “%(status)s”.")
            % {"action": action, "status": dossier.get_status_display()},
            "status",
        )


def dossier_link(dossier: Dossier) -> str:
    return reverse("evaluations:dossier", args=[dossier.pk])


def _producer_users(dossier: Dossier) -> list[User]:
    return list(User.objects.filter(role=Role.PRODUCER, producer_id=dossier.producer_id, is_active=True))


def commune_officers(dossier: Dossier) -> list[User]:
    return list(User.objects.filter(role=Role.COMMUNE_OFFICER, commune_id=dossier.producer.commune_id, is_active=True))


def provincial_officers(dossier: Dossier) -> list[User]:
    return list(
        User.objects.filter(
            role=Role.PROVINCIAL_OFFICER, province_id=dossier.producer.commune.province_id, is_active=True
        )
    )


def transition(
    *,
    actor: User | None,
    dossier: Dossier,
    to: str,
    action: str,
    extra: dict[str, object] | None = None,
    notify: Iterable[User] = (),
) -> Dossier:
    before = {"status": dossier.status}
    dossier.status = to
    dossier.save()
    after = {"status": to, **(extra or {})}
    event = audit_record(actor=actor, action=action, target=dossier, before=before, after=after)
    notify_on_commit(event=event, users=[*_producer_users(dossier), *notify], link=dossier_link(dossier))
    return dossier


def registration_from_registry(product: Product) -> dict[str, object]:
    producer = product.producer
    return {
        "producer_name": producer.legal_name,
        "producer_type": producer.producer_type,
        "tax_code": producer.tax_code,
        "registration_number": producer.registration_number,
        "representative_name": producer.representative_name,
        "address": producer.address,
        "commune": str(producer.commune),
        "phone": producer.phone,
        "email": producer.email,
        "product_name_vi": product.name_vi,
        "product_name_en": product.name_en,
        "ingredients": product.ingredients,
        "packaging": product.packaging,
        "gtin": product.gtin,
    }


# The registration form's fields (Mẫu 01) and their labels, in order.
REGISTRATION_LABELS = {
    "producer_name": _lazy("Tên chủ thể"),
    "producer_type": _lazy("Loại hình"),
    "tax_code": _lazy("Mã số thuế"),
    "registration_number": _lazy("Số đăng ký kinh doanh"),
    "representative_name": _lazy("Người đại diện"),
    "address": _lazy("Địa chỉ"),
    "commune": _lazy("Xã, phường"),
    "phone": _lazy("Điện thoại"),
    "email": _lazy("Thư điện tử"),
    "product_name_vi": _lazy("Tên sản phẩm"),
    "product_name_en": _lazy("Tên sản phẩm (tiếng Anh)"),
    "ingredients": _lazy("Thành phần"),
    "packaging": _lazy("Quy cách đóng gói"),
    "gtin": _lazy("Mã GTIN"),
    "production_capacity": _lazy("Năng lực sản xuất"),
    "notes": _lazy("Ghi chú"),
}
REGISTRATION_FIELDS = tuple(REGISTRATION_LABELS)


def self_sheet_of(dossier: Dossier) -> ScoreSheet:
    sheet, _created = ScoreSheet.objects.get_or_create(dossier=dossier, kind=SheetKind.SELF)
    return sheet
