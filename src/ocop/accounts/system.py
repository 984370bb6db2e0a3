"""When no person acts: `actor=None` is the system, and it may skip a person's permission check only
for a caller that names itself. A service that checks rights writes

    if actor is None:
        require_system_caller(system)   # a refusal unless a named system caller is given
    elif not may_do_it(actor, row):
        raise PermissionDenied

so a missing actor never skips the check silently.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied


class SystemCaller(StrEnum):
    # The demo loader (ocop_demo) and the tests' reference worlds: data a person never typed.
    DEMO = "demo"
    # The certificate that a recorded recognition decision calls for: decision_record checked who decides.
    DECISION = "decision"
    # An import job's rows: the uploader's rights were checked when the file was validated.
    IMPORT = "import"


def require_system_caller(system: SystemCaller | None) -> SystemCaller:
    """The named system caller; a refusal (PermissionDenied) when the system acts without one."""
    if system is None:
        raise PermissionDenied
    return SystemCaller(system)
