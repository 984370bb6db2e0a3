"""Writes of export credentials and export profiles."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.policy import require_change
from ocop.accounts.system import SystemCaller, require_system_caller
from ocop.core.hooks import ProductsChanged, PublicContentChanged, run_hooks
from ocop.core.services import audit_record, fields_apply, snapshot
from ocop.producers.models import Producer
from ocop.products.models import Product
from ocop.trade.models import (
    ExportCredential,
    ExportProfile,
    Incoterm,
)
from ocop.trade.services.common import (
    CREDENTIAL_FIELDS,
    PROFILE_FIELDS,
    check_upload,
)

# --- Export credentials and profiles ---------------------------------------------------------------


@transaction.atomic
def credential_create(
    *,
    actor: User | None,
    system: SystemCaller | None = None,
    producer: Producer,
    upload: UploadedFile | None = None,
    **fields: Any,
) -> ExportCredential:
    if actor is None:
        require_system_caller(system)
    else:
        require_change(actor, producer)
    credential = ExportCredential(producer=producer, **fields)
    if credential.product is not None and credential.product.producer_id != producer.pk:
        raise ValidationError({"product": _("Sản phẩm này không thuộc chủ thể.")})
    credential.full_clean(exclude=["file"])
    check_upload(upload, "file")
    if upload is not None:
        credential.file.save(upload.name, upload, save=False)
    credential.save()
    audit_record(
        actor=actor, action="trade.credential_create", target=credential, after=snapshot(credential, CREDENTIAL_FIELDS)
    )
    run_hooks(PublicContentChanged())  # the public product pages show readiness per market
    return credential


@transaction.atomic
def credential_update(
    *, actor: User | None, credential: ExportCredential, changes: dict[str, Any], upload: UploadedFile | None = None
) -> ExportCredential:
    locked = ExportCredential.objects.select_for_update().get(pk=credential.pk)
    require_change(actor, locked)
    before = fields_apply(locked, changes, editable=CREDENTIAL_FIELDS)
    if locked.product is not None and locked.product.producer_id != locked.producer_id:
        raise ValidationError({"product": _("Sản phẩm này không thuộc chủ thể.")})
    locked.full_clean(exclude=["file"])
    check_upload(upload, "file")
    if upload is not None:
        before["file"] = locked.file.name
        locked.file.save(upload.name, upload, save=False)
    locked.save()
    after = snapshot(locked, list(changes))
    if upload is not None:
        after["file"] = locked.file.name
    if before != after:
        audit_record(actor=actor, action="trade.credential_update", target=locked, before=before, after=after)
        run_hooks(PublicContentChanged())
    return locked


def normalise_incoterms(value: str | list[str] | tuple[str, ...] | None) -> str:
    """A list or a comma/space separated text of Incoterms → "EXW,FOB" (known codes, in a fixed order)."""
    codes = value if isinstance(value, list | tuple) else re.split(r"[\s,;]+", value or "")
    wanted = {code.strip().upper() for code in codes if code and code.strip()}
    unknown = wanted - set(Incoterm.values)
    if unknown:
        raise ValidationError(
            {"incoterms": _("Mã Incoterms không hợp lệ: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
        )
    return ",".join(code for code in Incoterm.values if code in wanted)


@transaction.atomic
def export_profile_save(
    *, actor: User | None, system: SystemCaller | None = None, product: Product, changes: dict[str, Any]
) -> ExportProfile:
    if actor is None:
        require_system_caller(system)
    else:
        require_change(actor, product)
    profile, _created = ExportProfile.objects.select_for_update().get_or_create(product=product)
    if "incoterms" in changes:
        changes = {**changes, "incoterms": normalise_incoterms(changes["incoterms"])}
    before = fields_apply(profile, changes, editable=PROFILE_FIELDS)
    profile.full_clean()
    profile.save()
    after = snapshot(profile, list(changes))
    if before != after:
        audit_record(actor=actor, action="trade.export_profile_update", target=product, before=before, after=after)
        run_hooks(ProductsChanged(product_ids=(product.pk,)))  # its public page shows readiness
    return profile
