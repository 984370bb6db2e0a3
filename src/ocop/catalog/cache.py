"""The public pages' cache: rendered page bodies keyed by their scopes' versions, language, day and request.

Every cached page depends on a few *scopes*, each with a version counter stored in the cache
(Redis in production, shared by every web server):

- `product:<id>` and `producer:<id>`: that product's or producer's page;
- `province:<id>`: catalogue lists filtered to a commune or district of that province;
- `catalogue`: the lists that span provinces (home, the unfiltered list, the sitemap);
- `all`: part of every key; a change that names no object bumps it.

`bump(product_ids=…, producer_ids=…)` (after a commit, from ocop.catalog.services) increments the
versions of those products, their producers, their provinces and `catalogue`: every key built on
those scopes afterwards is new, so the change shows on the next request on every server, while the
other 20,000 product pages and 33 provinces keep their cached pages. Old entries simply age out
(PAGE_SECONDS). The day is part of the key, so a certificate expiring at midnight needs no job.

Whole anonymous pages are kept by `AnonymousPageMiddleware` (placed before sessions) with the versions
they were built on, and served from there while those versions stand: no session, CSRF, auth or view
work for most public requests (issue 16).
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation

from ocop.core.db_router import public_data_changed

PAGE_SECONDS = 300
ALL = "all"
CATALOGUE = "catalogue"


def _version_key(scope: str) -> str:
    return f"catalog:version:{scope}"


def versions(scopes: Iterable[str]) -> str:
    """The current versions of `all` and these scopes, as one key part (one cache round trip)."""
    wanted = [ALL, *scopes]
    keys = [_version_key(scope) for scope in wanted]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, 1, None)
            found[key] = cache.get(key) or 1
    return ".".join(f"{scope}={found[key]}" for scope, key in zip(wanted, keys, strict=True))


def _increment(scope: str) -> None:
    key = _version_key(scope)
    try:
        cache.incr(key)
    except ValueError:  # never read yet: any first value differs from the 1 a reader would add
        cache.add(key, 2, None)


def scopes_of(*, product_ids: Iterable[int] = (), producer_ids: Iterable[int] = ()) -> set[str]:
    """The scopes a change to these products and producers touches (their producers and provinces too)."""
    from ocop.producers.models import Producer
    from ocop.products.models import Product

    product_ids, producer_ids = set(product_ids), set(producer_ids)
    rows = Product.objects.filter(pk__in=product_ids).values_list("producer_id", "producer__commune__province_id")
    provinces = set()
    for producer_id, province_id in rows:
        producer_ids.add(producer_id)
        provinces.add(province_id)
    provinces |= set(Producer.objects.filter(pk__in=producer_ids).values_list("commune__province_id", flat=True))
    return (
        {CATALOGUE}
        | {f"product:{pk}" for pk in product_ids}
        | {f"producer:{pk}" for pk in producer_ids}
        | {f"province:{pk}" for pk in provinces}
    )


def bump(*, product_ids: Iterable[int] | None = None, producer_ids: Iterable[int] | None = None) -> None:
    """Make stale the pages of these products and producers (with their provinces' lists and the
    catalogue-wide lists); with neither, every cached page."""
    public_data_changed()  # rebuilt from the primary, not from a replica that may lag
    if product_ids is None and producer_ids is None:
        _increment(ALL)
        return
    for scope in scopes_of(product_ids=product_ids or (), producer_ids=producer_ids or ()):
        _increment(scope)


@lru_cache(maxsize=4096)
def province_of_place(*, commune: int | None = None, district: int | None = None) -> int | None:
    """The province of a commune or historical district (reference data: kept for the process's life)."""
    from ocop.geo.models import Commune, HistoricalDistrict

    model, pk = (Commune, commune) if commune else (HistoricalDistrict, district)
    return model.objects.filter(pk=pk).values_list("province_id", flat=True).first()


def list_scopes(filters) -> tuple[str, ...]:
    """A list filtered to a commune or district depends on its province only; any other on `catalogue`."""
    if filters.commune or filters.district:
        province = province_of_place(commune=filters.commune, district=filters.district)
        if province is not None:
            return (f"province:{province}",)
    return (CATALOGUE,)


def page_key(name: str, part: str = "", scopes: Iterable[str] = (CATALOGUE,)) -> str:
    digest = hashlib.blake2b(part.encode(), digest_size=12).hexdigest()
    language = translation.get_language() or "vi"
    day = timezone.localdate().isoformat()
    return f"catalog:{versions(scopes)}:{language}:{day}:{name}:{digest}"


def cached_unversioned(name: str, seconds: int, build):
    """For slow-changing lists (the filter choices): per language, not reset by a bump."""
    key = f"catalog:lists:{translation.get_language() or 'vi'}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


def cached(name: str, part: str, build, scopes: Iterable[str] = (CATALOGUE,)):
    """The value cached under (name, part) for these scopes' versions, language and day; built on a miss."""
    key = page_key(name, part, scopes)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, PAGE_SECONDS)
    return value


# --- whole pages for anonymous visitors -----------------------------------------------------------


@dataclass(frozen=True)
class StoredPage:
    """A whole anonymous answer as the inner middleware left it, and the versions it was built on."""

    scopes: tuple[str, ...]
    versions: str
    content: bytes
    headers: dict[str, str]

    def response(self) -> HttpResponse:
        return HttpResponse(self.content, headers=self.headers)


def _anonymous(request) -> bool:
    """No session and no pending messages: the page is the same for every such visitor. Cookies only,
    so that AnonymousPageMiddleware can tell before sessions and authentication run."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _language(request) -> str:
    """The page's language as ChosenLanguageMiddleware will choose it: the cookie's, else the default."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def stored_page_key(request) -> str | None:
    """Where an anonymous GET's whole answer is kept (language, day, htmx or not, the full address),
    or None for a request whose answer is not shared."""
    if request.method != "GET" or not _anonymous(request):
        return None
    part = request.get_full_path()[:1000] + ("|htmx" if request.headers.get("HX-Request") else "")
    digest = hashlib.blake2b(part.encode(), digest_size=12).hexdigest()
    return f"catalog:page:{_language(request)}:{timezone.localdate().isoformat()}:{digest}"


def anonymous_page_cache(view=None, *, scopes=None):
    """Mark the 200 answer of a public GET view for anonymous visitors as shared, with the versions of
    the scopes it was built on; AnonymousPageMiddleware keeps it and serves it again while those
    versions stand (a bump of any of them, or the next day, and it is built anew).

    `scopes(request, **kwargs)` names what the page depends on (default: `catalogue`), e.g.
    `@anonymous_page_cache(scopes=lambda request, pk, **_: [f"product:{pk}"])`. Such a page holds no
    CSRF token (`request.shared_render`): its one form, the language switch, needs none.
    """
    if view is None:
        return lambda function: anonymous_page_cache(function, scopes=scopes)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or not _anonymous(request):
            return view(request, *args, **kwargs)
        page_scopes = tuple(scopes(request, **kwargs)) if scopes else (CATALOGUE,)
        built_on = versions(page_scopes)  # read before building: a bump while building makes it stale
        request.shared_render = True
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            response.stored_page = (page_scopes, built_on)
        return response

    return wrapper


class AnonymousPageMiddleware:
    """Serve a stored anonymous page before sessions, CSRF, authentication and the view run; keep
    the answer of a marked view (see anonymous_page_cache) on its way out. Placed after
    SecurityMiddleware, whose headers are added to every answer, stored or not."""

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
            cache.set(key, StoredPage(scopes, built_on, response.content, dict(response.headers)), PAGE_SECONDS)
        return response
