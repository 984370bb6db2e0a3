"""Writes of partners and distribution agreements."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.policy import may_record_trade, require_change
from ocop.accounts.system import SystemCaller, require_system_caller
from ocop.core.services import audit_record, fields_apply, snapshot
from ocop.core.text import fold_vietnamese
from ocop.geo.models import Province
from ocop.products.models import Product
from ocop.trade.models import (
    DistributionAgreement,
    Partner,
)
from ocop.trade.services.common import (
    AGREEMENT_FIELDS,
    check_upload,
    require_manage_province,
    single_line,
)

# --- Partners and agreements --------------------------------------------------------------------


@transaction.atomic
def partner_create(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    name: str,
    kind: str,
    country: str = "Việt Nam",
    website: str = "",
    is_demo: bool = False,
) -> Partner:
    if actor is None:
        require_system_caller(system)
    elif not may_record_trade(actor):
        raise PermissionDenied
    partner = Partner(
        name=single_line(name, 255),
        kind=kind,
        country=single_line(country, 100),
        website=website,
        is_demo=is_demo,
    )
    partner.name_folded = fold_vietnamese(partner.name)
    partner.full_clean()
    partner.save()
    audit_record(actor=actor, action="trade.partner_create", target=partner, after=snapshot(partner, ["name", "kind"]))
    return partner


def _check_agreement(agreement: DistributionAgreement, products: list[Product] | None) -> None:
    if agreement.producer is not None and agreement.producer.commune.province_id != agreement.province_id:
        raise ValidationError({"producer": _("Chủ thể ký phải thuộc tỉnh của thoả thuận.")})
    for product in products or []:
        if product.producer.commune.province_id != agreement.province_id:
            raise ValidationError(
                {"products": _("Sản phẩm %(name)s không thuộc tỉnh của thoả thuận.") % {"name": product}}
            )
        if agreement.producer_id and product.producer_id != agreement.producer_id:
            raise ValidationError({"products": _("Sản phẩm %(name)s không thuộc chủ thể ký.") % {"name": product}})


@transaction.atomic
def agreement_create(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    province: Province,
    products: list[Product] | None = None,
    upload: UploadedFile | None = None,
    **fields: Any,
) -> DistributionAgreement:
    if actor is None:
        require_system_caller(system)
    else:
        require_manage_province(actor, province.pk)
    agreement = DistributionAgreement(province=province, **fields)
    agreement.title = single_line(agreement.title, 300)
    agreement.full_clean(exclude=["document"])
    _check_agreement(agreement, products)
    check_upload(upload, "document")
    if upload is not None:
        agreement.document.save(upload.name, upload, save=False)
    agreement.save()
    if products:
        agreement.products.set(products)
    after = snapshot(agreement, AGREEMENT_FIELDS)
    after["products"] = sorted(product.pk for product in products or [])
    audit_record(actor=actor, action="trade.agreement_create", target=agreement, after=after)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: User | None,
    agreement: DistributionAgreement,
    changes: dict[str, Any],
    products: list[Product] | None = None,
    upload: UploadedFile | None = None,
) -> DistributionAgreement:
    locked = DistributionAgreement.objects.select_for_update().get(pk=agreement.pk)
    require_change(actor, locked)
    before = fields_apply(locked, changes, editable=AGREEMENT_FIELDS)
    locked.full_clean(exclude=["document"])
    _check_agreement(
        locked, products if products is not None else list(locked.products.select_related("producer__commune"))
    )
    check_upload(upload, "document")
    if upload is not None:
        before["document"] = locked.document.name
        locked.document.save(upload.name, upload, save=False)
    locked.save()
    after = snapshot(locked, list(changes))
    if upload is not None:
        after["document"] = locked.document.name
    if products is not None:
        before["products"] = sorted(locked.products.values_list("pk", flat=True))
        locked.products.set(products)
        after["products"] = sorted(product.pk for product in products)
    if before != after:
        audit_record(actor=actor, action="trade.agreement_update", target=locked, before=before, after=after)
    return locked
