"""Rate limit for the public inquiry form: the platform's per-address limit (`ocop.core.ratelimit`).

Settings (optional): OCOP_TRADE_INQUIRY_LIMIT (default 5) and OCOP_TRADE_INQUIRY_WINDOW_SECONDS
(default 3600). The page and the API count against one budget per client address; the address
is found behind the trusted proxies (OCOP_TRUSTED_PROXIES) as described in that module.
"""

from ocop.core import ratelimit

client_address = ratelimit.client_address


def hit(scope: str, address: str) -> bool:
    """Count one attempt; True if it is within the limit, False if the address must wait."""
    allowed, _retry_after = ratelimit.hit(scope, address)
    return allowed
