"""Rate limits per client address for the public endpoints, counted in the shared Django cache.

The counters live in the default cache (Redis in production), so a limit holds across every web
process and server. Each scope allows `limit` requests per `window` seconds and address, in fixed
windows aligned to the clock; a refused request gets 429 with `Retry-After`, the seconds left in
the window.

The client's address is REMOTE_ADDR, unless REMOTE_ADDR is one of the proxies named in
`OCOP_TRUSTED_PROXIES` (addresses or networks, from the environment): then `X-Forwarded-For` is
read from the right, skipping the trusted proxies, and the first address that is not one of them
is the client. Anything left of it was written by the client and is not believed, so a client
cannot escape its limit by sending its own `X-Forwarded-For`.
"""

import hashlib
import ipaddress
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from ninja.errors import Throttled

_clock = time.time  # tests move it


class RateLimited(Throttled):
    """Raised by a handler whose client has used up its limit; the API answers 429 with Retry-After."""


def limits() -> dict[str, tuple[int, int]]:
    """(requests, window in seconds) per scope; settings may change the numbers."""
    return {
        "search": (settings.OCOP_RATE_SEARCH_PER_MINUTE, 60),
        "verification": (settings.OCOP_RATE_VERIFICATION_PER_MINUTE, 60),
        "inquiry": (
            settings.OCOP_TRADE_INQUIRY_LIMIT,
            settings.OCOP_TRADE_INQUIRY_WINDOW_SECONDS,
        ),
    }


def _networks() -> list:
    networks = []
    for entry in settings.OCOP_TRUSTED_PROXIES:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue  # a typo in the setting trusts nobody rather than everybody
    return networks


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR") or ""
    networks = _networks()
    if not _trusted(_address(remote), networks):
        return remote or "unknown"
    client = remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # garbage: keep the last address a trusted proxy vouched for
        client = str(address)
        if not _trusted(address, networks):
            break
    return client


def counter_window(scope: str, address: str) -> tuple[str, int, int, int]:
    """(cache key, limit, seconds the key lives, seconds until the window ends) of `address`'s counter
    in `scope` now; `hit` counts on it, and so does the stamp scan's Redis script (ocop.stamps.counter)."""
    limit, window = limits()[scope]
    now = _clock()
    bucket = int(now // window)
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    retry_after = max(1, math.ceil((bucket + 1) * window - now))
    return f"ocop:rate:{scope}:{digest}:{bucket}", limit, window + 1, retry_after


def hit(scope: str, address: str) -> tuple[bool, int]:
    """Count one request of `address` in `scope`: (allowed, seconds until the window ends)."""
    key, limit, lives, retry_after = counter_window(scope, address)
    cache.add(key, 0, timeout=lives)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=lives)
        count = 1
    return count <= limit, retry_after


def check(request, scope: str) -> None:
    allowed, retry_after = hit(scope, client_address(request))
    if not allowed:
        raise RateLimited(wait=retry_after)


def rate_limited(scope: str):
    """Decorator for an API handler: each call counts against the client's limit in `scope`."""

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            check(request, scope)
            return view(request, *args, **kwargs)

        limited.ocop_rate_scope = scope
        return limited

    return decorator
