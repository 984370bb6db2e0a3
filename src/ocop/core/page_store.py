"""Whole anonymous pages, stored and served before sessions, CSRF, authentication and the view (issue 16).

A view that answers every anonymous visitor alike marks its 200 answer with `mark(response, scopes,
built_on)`: the *scopes* it depends on (`product:12`, `certificate:7`, …) and their versions read
before it was built (`versions(scopes)`). `StoredPageMiddleware`, placed after SecurityMiddleware and
before SessionMiddleware, keeps the marked answer as the inner middleware left it (no cookie may be
set on it) and serves it to the next anonymous GET of the same address, language and day while
those versions stand. `bump(scopes)` (after a commit) makes every page built on them stale on every
web server at once: the versions live in the shared cache (Redis in production).

Anonymous means no session and no pending messages, told from the cookies alone; the language is
the one ChosenLanguageMiddleware will choose (the cookie's, else the default). A stored page
lives STORED_SECONDS at most; the day is in its key, so what changes at midnight needs no job.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

STORED_SECONDS = 300
ALL = "all"  # part of every page's versions: bump([ALL]) makes every stored page stale


def _version_key(scope: str) -> str:
    return f"catalog:version:{scope}"


def versions(scopes: Iterable[str]) -> str:
    """The current versions of `all` and these scopes, as one string (one cache round trip)."""
    wanted = [ALL, *scopes]
    keys = [_version_key(scope) for scope in wanted]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, 1, None)
            found[key] = cache.get(key) or 1
    return ".".join(f"{scope}={found[key]}" for scope, key in zip(wanted, keys, strict=True))


def raw_versions(scopes: Iterable[str], built_on: str) -> list[tuple[str, str]]:
    """[(the cache server's own key, the version it held)] for `all` and these scopes, as `versions`
    read them into `built_on`: for a check made on the cache server itself (ocop.stamps.counter)."""
    numbers = [part.rsplit("=", 1)[1] for part in built_on.split(".")]
    keys = [cache.make_key(_version_key(scope)) for scope in (ALL, *scopes)]
    return list(zip(keys, numbers, strict=True))


def bump(scopes: Iterable[str]) -> None:
    """Make stale every page (and every value keyed by `versions`) built on any of these scopes."""
    for scope in scopes:
        key = _version_key(scope)
        try:
            cache.incr(key)
        except ValueError:  # never read yet: any first value differs from the 1 a reader would add
            cache.add(key, 2, None)


def is_anonymous(request) -> bool:
    """No user, no session and no pending messages: the page is the same for every such visitor."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def chosen_language(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def stored_page_key(request) -> str | None:
    """Where an anonymous GET's whole answer is kept, or None for a request whose answer is not shared."""
    if request.method != "GET" or not is_anonymous(request):
        return None
    part = request.get_full_path()[:1000] + ("|htmx" if request.headers.get("HX-Request") else "")
    digest = hashlib.blake2b(part.encode(), digest_size=12).hexdigest()
    return f"pages:stored:{chosen_language(request)}:{timezone.localdate().isoformat()}:{digest}"


@dataclass(frozen=True)
class StoredPage:
    """A whole anonymous answer as the inner middleware left it, and the versions it was built on."""

    scopes: tuple[str, ...]
    versions: str
    content: bytes
    headers: dict[str, str]

    def response(self) -> HttpResponse:
        return HttpResponse(self.content, headers=self.headers)


def mark(response, scopes: Iterable[str], built_on: str) -> None:
    """Let StoredPageMiddleware keep this answer (a 200 page, not streamed) for anonymous visitors."""
    if response.status_code == 200 and not response.streaming:
        response.stored_page = (tuple(scopes), built_on)


class StoredPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = stored_page_key(request)
        if key is not None:
            stored = cache.get(key)
            if isinstance(stored, StoredPage) and versions(stored.scopes) == stored.versions:
                return stored.response()
        response = self.get_response(request)
        marked = getattr(response, "stored_page", None)
        if key is not None and marked is not None and response.status_code == 200 and not response.cookies:
            scopes, built_on = marked
            cache.set(key, StoredPage(scopes, built_on, response.content, dict(response.headers)), STORED_SECONDS)
        return response
