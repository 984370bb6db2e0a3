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

Whole anonymous pages are stored by ocop.core.page_store (its middleware runs before sessions) with
the versions they were built on, and served from there while those versions stand: no session,
CSRF, authentication or view work for most public requests (issue 16).
"""

import hashlib
from collections.abc import Iterable
from functools import lru_cache, wraps

from django.core.cache import cache
from django.utils import timezone, translation

from ocop.core import page_store
from ocop.core.db_router import public_data_changed
from ocop.core.page_store import ALL, versions

PAGE_SECONDS = 300
CATALOGUE = "catalogue"


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
        page_store.bump([ALL])
        return
    page_store.bump(scopes_of(product_ids=product_ids or (), producer_ids=producer_ids or ()))


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


def anonymous_page_cache(view=None, *, scopes=None):
    """Mark the 200 answer of a public GET view for anonymous visitors as a stored page (see
    ocop.core.page_store) built on the versions of its scopes.

    `scopes(request, **kwargs)` names what the page depends on (default: `catalogue`), e.g.
    `@anonymous_page_cache(scopes=lambda request, pk, **_: [f"product:{pk}"])`. Such a page holds no
    CSRF token (`request.shared_render`): its one form, the language switch, needs none.
    """
    if view is None:
        return lambda function: anonymous_page_cache(function, scopes=scopes)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or not page_store.is_anonymous(request):
            return view(request, *args, **kwargs)
        page_scopes = tuple(scopes(request, **kwargs)) if scopes else (CATALOGUE,)
        built_on = versions(page_scopes)  # read before building: a bump while building makes it stale
        request.shared_render = True
        response = view(request, *args, **kwargs)
        page_store.mark(response, page_scopes, built_on)
        return response

    return wrapper
