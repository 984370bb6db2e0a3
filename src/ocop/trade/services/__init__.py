"""Writes of distribution and export records. Every change is audited in the same transaction."""

from ocop.trade.services.agreements import (
    agreement_create,
    agreement_update,
    partner_create,
)
from ocop.trade.services.common import (
    AGREEMENT_FIELDS,
    CREDENTIAL_FIELDS,
    LISTING_FIELDS,
    MESSAGE_MAX_CHARS,
    PROFILE_FIELDS,
    SALES_POINT_FIELDS,
    UPLOAD_MAX_BYTES,
    UPLOAD_SIGNATURES,
    check_upload,
    multi_line,
    require_manage_province,
    single_line,
)
from ocop.trade.services.export import (
    credential_create,
    credential_update,
    export_profile_save,
    normalise_incoterms,
)
from ocop.trade.services.inquiries import (
    inquiry_reply,
    inquiry_set_status,
    inquiry_submit,
)
from ocop.trade.services.listings import (
    listing_create,
    listing_update,
    listing_url_problems,
    platform_domains,
    sales_point_create,
    sales_point_update,
)

__all__ = [
    "AGREEMENT_FIELDS",
    "CREDENTIAL_FIELDS",
    "LISTING_FIELDS",
    "MESSAGE_MAX_CHARS",
    "PROFILE_FIELDS",
    "SALES_POINT_FIELDS",
    "UPLOAD_MAX_BYTES",
    "UPLOAD_SIGNATURES",
    "agreement_create",
    "agreement_update",
    "check_upload",
    "credential_create",
    "credential_update",
    "export_profile_save",
    "inquiry_reply",
    "inquiry_set_status",
    "inquiry_submit",
    "listing_create",
    "listing_update",
    "listing_url_problems",
    "multi_line",
    "normalise_incoterms",
    "partner_create",
    "platform_domains",
    "require_manage_province",
    "sales_point_create",
    "sales_point_update",
    "single_line",
]
