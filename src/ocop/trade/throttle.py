"""Rate limit for public forms: at most N submissions per client address per window, in the cache.

Settings (optional): OCOP_TRADE_INQUIRY_LIMIT (default 5) and OCOP_TRADE_INQUIRY_WINDOW_SECONDS
(default 3600). The address is REMOTE_ADDR: behind a reverse proxy, the proxy must set it to the
client's address (e.g. gunicorn's --forwarded-allow-ips with the proxy's X-Forwarded-For).
A fixed window per address: the first submission starts it, the counter expires with it.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def inquiry_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "OCOP_TRADE_INQUIRY_LIMIT", 5)),
        int(getattr(settings, "OCOP_TRADE_INQUIRY_WINDOW_SECONDS", 3600)),
    )


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(scope: str, address: str) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"ocop:trade:rate:{scope}:{digest}"


def hit(scope: str, address: str) -> bool:
    """Count one attempt; True if it is within the limit, False if the address must wait."""
    limit, window = inquiry_limit()
    key = _key(scope, address)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit
