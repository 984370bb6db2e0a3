"""Public catalogue pages. No login; every page body is cached per language (see cache.py)."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from ocop.accounts.policy import PUBLIC, permission
from ocop.catalog import integrations, selectors
from ocop.catalog.cache import anonymous_page_cache, cached, cached_unversioned, list_scopes
from ocop.catalog.forms import CatalogFilterForm
from ocop.catalog.links import producer_url, product_url, slug_for
from ocop.catalog.services import search_index_heal_now_and_then
from ocop.core.formatting import localized
from ocop.geo.installation import current_site

DESCRIPTION_LENGTH = 160


def _describe(text: str) -> str:
    return Truncator(" ".join(strip_tags(text or "").split())).chars(DESCRIPTION_LENGTH)


def _product_scope(request, pk, **_kwargs):
    return [f"product:{pk}"]


def _producer_scope(request, pk, **_kwargs):
    return [f"producer:{pk}"]


def _list_scope(request, **_kwargs):
    form = CatalogFilterForm(request.GET, facets=cached_unversioned("facets", 600, selectors.facets))
    return list_scopes(form.filters())


def _page(request, page: dict, status: int = 200):
    return render(request, "catalog/page.html", page, status=status)


@require_GET
@anonymous_page_cache
@permission(PUBLIC)
def home(request):
    site = current_site()

    def build():
        context = {
            "installation": site,
            "featured": selectors.featured_products(8),
            "counts": selectors.home_counts(),
            "events": integrations.upcoming_events(3),
            "events_url": integrations.events_url(),
            "facets": selectors.facets(),
            "verify_form_url": integrations.verify_form_url(),
        }
        return {
            "title": _("Sản phẩm OCOP %(place)s") % {"place": site.place},
            "description": _(
                "Danh mục sản phẩm OCOP: tìm theo tên không cần dấu, hạng sao còn hiệu lực, nơi sản xuất, "
                "nơi mua và hội chợ sắp tới."
            ),
            "canonical": request.build_absolute_uri(request.path),
            "body": render_to_string("catalog/_home.html", context),
        }

    return _page(request, cached("home", str(site.province_code or 0), build))


def _list_context(filters, form) -> dict:
    query_base = filters.query_string()
    return {
        "result": selectors.catalogue_page(filters),
        "filters": filters,
        "form": form,
        "query_base": f"{query_base}&" if query_base else "",
    }


@require_GET
@vary_on_headers("HX-Request")
@anonymous_page_cache(scopes=_list_scope)
@permission(PUBLIC)
def catalogue(request):
    search_index_heal_now_and_then()
    facets = cached_unversioned("facets", 600, selectors.facets)
    form = CatalogFilterForm(request.GET, facets=facets)
    filters = form.filters()
    if request.htmx:
        body = cached(
            "results",
            filters.cache_part(),
            lambda: render_to_string("catalog/_results.html", _list_context(filters, form)),
            scopes=list_scopes(filters),
        )
        response = HttpResponse(body)
        query = filters.query_string()
        # The address bar shows the clean filters, not every empty field of the form.
        response["HX-Push-Url"] = reverse("catalog:list") + (f"?{query}" if query else "")
        return response

    def build():
        if filters.q:
            title = _("Tìm “%(query)s” – sản phẩm OCOP") % {"query": filters.q}
        else:
            title = _("Danh mục sản phẩm OCOP")
        return {
            "title": title,
            "description": _(
                "Tất cả sản phẩm OCOP: lọc theo nhóm, bộ sản phẩm, hạng sao, xã phường, chứng nhận; tìm không cần dấu."
            ),
            "canonical": request.build_absolute_uri(request.path),
            "noindex": bool(filters.q),
            "body": render_to_string("catalog/_list.html", _list_context(filters, form)),
        }

    return _page(request, cached("list", filters.cache_part(), build, scopes=list_scopes(filters)))


@require_GET
@anonymous_page_cache(scopes=_product_scope)
@permission(PUBLIC)
def product(request, pk: int, slug: str = ""):
    def build():
        item = selectors.product_detail(pk)
        if item is None:
            return {"missing": True}
        certificate = selectors.current_certificate(item) if item.current_stars else None
        context = {
            "product": item,
            "producer": item.producer,
            "certificate": certificate,
            "verification_url": integrations.verification_url(certificate),
            "certifications": selectors.product_certifications(item),
            "listings": integrations.product_listings(item),
            "sales_points": integrations.product_sales_points(item),
            "readiness": integrations.product_readiness(item),
            "producer_events": integrations.producer_upcoming_events(item.producer, 3),
            "events": integrations.upcoming_events(3),
            "events_url": integrations.events_url(),
            "inquiry_url": integrations.inquiry_url(item),
            "related": selectors.related_products(item),
        }
        name = localized(item, "name")
        stars = f" ★{item.current_stars}" if item.current_stars else ""
        return {
            "slug": slug_for(item.name_vi),
            "title": f"{name}{stars} – {item.producer.legal_name}",
            "description": _describe(localized(item, "description") or localized(item, "story"))
            or _("%(name)s, sản phẩm OCOP của %(producer)s.") % {"name": name, "producer": item.producer.legal_name},
            "canonical": request.build_absolute_uri(product_url(item)),
            "body": render_to_string("catalog/_product.html", context),
        }

    page = cached("product", str(pk), build, scopes=_product_scope(request, pk))
    if page.get("missing"):
        raise Http404
    if slug != page["slug"]:
        return redirect("catalog:product", pk=pk, slug=page["slug"], permanent=True)
    return _page(request, page)


@require_GET
@anonymous_page_cache(scopes=_producer_scope)
@permission(PUBLIC)
def producer(request, pk: int, slug: str = ""):
    def build():
        item = selectors.producer_detail(pk)
        if item is None:
            return {"missing": True}
        products = selectors.producer_products(item)
        context = {
            "producer": item,
            "products": products,
            "events": integrations.producer_upcoming_events(item, 3),
        }
        return {
            "slug": slug_for(item.legal_name),
            "title": item.legal_name,
            "description": _describe(localized(item, "story"))
            or _("%(name)s: chủ thể OCOP với %(count)s sản phẩm.") % {"name": item.legal_name, "count": len(products)},
            "canonical": request.build_absolute_uri(producer_url(item)),
            "body": render_to_string("catalog/_producer.html", context),
        }

    page = cached("producer", str(pk), build, scopes=_producer_scope(request, pk))
    if page.get("missing"):
        raise Http404
    if slug != page["slug"]:
        return redirect("catalog:producer", pk=pk, slug=page["slug"], permanent=True)
    return _page(request, page)


@require_GET
@anonymous_page_cache
@permission(PUBLIC)
def sitemap(request):
    """sitemap.xml: the catalogue home, the list, every public product and producer page."""

    def build():
        base = request.build_absolute_uri("/").rstrip("/")
        products, producers = selectors.sitemap_entries()
        return render_to_string(
            "catalog/sitemap.xml",
            {
                "base": base,
                "products": [(pk, slug_for(name), updated) for pk, name, updated in products],
                "producers": [(pk, slug_for(name), updated) for pk, name, updated in producers],
            },
        )

    body = cached("sitemap", request.get_host(), build)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
