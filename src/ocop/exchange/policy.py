"""Who may take part in the exchange with the national database: one named check, composed of the
accounts policy's checks (no role is written here)."""

from ocop.accounts import policy


def may_exchange(user) -> bool:
    """Export the exchange document: the central office and administrators (any province), a provincial
    officer with a province (that province only)."""
    return policy.is_national(user) or (policy.is_provincial_officer(user) and user.province_id is not None)


def exchange_province_code(user, requested: int | None) -> int | None:
    """The province the user's export covers: theirs for a provincial officer (asking for another one is
    refused by the caller), the requested one (None: every province) for the national roles."""
    if policy.is_national(user):
        return requested
    return user.province.code
