"""The public pages' cache: rendered page bodies keyed by version, language, day and request.

`catalog_cache_bump()` (services) increments a version counter stored in the cache: every key
built afterwards is new, so a change anywhere shows on the next request, on every web server that
shares the cache (Redis in production). Old entries simply age out (PAGE_SECONDS).
The day is part of the key, so a certificate expiring at midnight needs no job.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

VERSION_KEY = "catalog:version"
PAGE_SECONDS = 300


def cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY) or 1
    return version


def bump() -> int:
    try:
        return cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 2, None)
        return cache.get(VERSION_KEY) or 2


def page_key(name: str, part: str = "") -> str:
    digest = hashlib.blake2b(part.encode(), digest_size=12).hexdigest()
    language = translation.get_language() or "vi"
    return f"catalog:{cache_version()}:{language}:{timezone.localdate().isoformat()}:{name}:{digest}"


def cached_unversioned(name: str, seconds: int, build):
    """For slow-changing lists (the filter choices): per language, not reset by a bump."""
    key = f"catalog:lists:{translation.get_language() or 'vi'}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


def cached(name: str, part: str, build):
    """The value cached under (name, part) for this version, language and day; built on a miss."""
    key = page_key(name, part)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, PAGE_SECONDS)
    return value


# --- whole pages for anonymous visitors -----------------------------------------------------------

# Rendered in place of the CSRF token (the language switch form in base.html) and replaced by the
# visitor's own token on every response: the cached page is shared, the token never is.
CSRF_PLACEHOLDER = "catalog-csrf-placeholder-7f3a9c"
KEPT_HEADERS = ("Vary", "HX-Push-Url")


def _anonymous(request) -> bool:
    """No user, no session and no pending messages: the page is the same for every such visitor."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def anonymous_page_cache(view):
    """Cache the whole 200 response of a public GET view for anonymous visitors (same key rules)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or not _anonymous(request):
            return view(request, *args, **kwargs)
        part = request.get_full_path()[:1000] + ("|htmx" if request.headers.get("HX-Request") else "")
        key = page_key("response", part)
        entry = cache.get(key)
        if entry is None:
            request.catalog_csrf_placeholder = True
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            entry = (response.content.decode(), response["Content-Type"], headers)
            cache.set(key, entry, PAGE_SECONDS)
        content, content_type, headers = entry
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request))
        response = HttpResponse(content, content_type=content_type)
        for name, value in headers.items():
            response[name] = value
        return response

    return wrapper
