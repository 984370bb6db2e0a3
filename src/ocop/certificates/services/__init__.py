"""Writes of certificates: issue from a decision, historical records, revoke, expire, notices, renewal."""

from ocop.certificates.services.common import (
    add_months,
    check_issuing_authority,
    issuing_rules_for,
    may_issue_any,
    may_revoke,
    product_status_recompute,
    validity_end,
)
from ocop.certificates.services.historical import (
    certificate_attach_decision_document,
    certificate_record_historical,
    historical_check,
)
from ocop.certificates.services.issue import (
    CENTRAL_AUTHORITY_NAME,
    authority_name_for,
    certificate_issue,
    certificate_issue_for_decision,
    certificate_issue_for_number,
    decision_check,
    decision_for_number,
)
from ocop.certificates.services.lifecycle import (
    certificate_expire,
    certificate_renewal_data,
    certificate_revoke,
    certificate_send_expiry_notice,
    certificates_expiry_run,
    expiry_notice_text,
    notice_recipients,
)

__all__ = [
    "CENTRAL_AUTHORITY_NAME",
    "add_months",
    "authority_name_for",
    "certificate_attach_decision_document",
    "certificate_expire",
    "certificate_issue",
    "certificate_issue_for_decision",
    "certificate_issue_for_number",
    "certificate_record_historical",
    "certificate_renewal_data",
    "certificate_revoke",
    "certificate_send_expiry_notice",
    "certificates_expiry_run",
    "check_issuing_authority",
    "decision_check",
    "decision_for_number",
    "expiry_notice_text",
    "historical_check",
    "issuing_rules_for",
    "may_issue_any",
    "may_revoke",
    "notice_recipients",
    "product_status_recompute",
    "validity_end",
]
