from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from ocop.accounts.policy import PUBLIC, permission
from ocop.api import api
from ocop.catalog import views as catalog_views
from ocop.core import views as core_views

urlpatterns = [
    path("", catalog_views.home, name="home"),
    path("sitemap.xml", catalog_views.sitemap, name="sitemap"),
    path("", include("ocop.core.urls")),
    path("", include("ocop.stamps.public_urls")),  # before certificates: /01/…/21/<serial> is a stamp
    path("", include("ocop.certificates.public_urls")),
    path("accounts/", include("ocop.accounts.urls")),
    path("producers/", include("ocop.producers.urls")),
    path("criteria/", include("ocop.criteria.urls")),
    path("imports/", include("ocop.imports.urls")),
    path("jobs/", include("ocop.jobs.urls")),
    path("products/", include("ocop.products.urls")),
    path("evaluations/", include("ocop.evaluations.urls")),
    path("certificates/", include("ocop.certificates.urls")),
    path("stamps/", include("ocop.stamps.urls")),
    path("promotion/", include("ocop.promotion.urls")),
    path("trade/", include("ocop.trade.urls")),
    path("catalog/", include("ocop.catalog.urls")),
    path("programme/", include("ocop.programme.urls")),
    # The language picker: Django's set_language, declared public like every page. Exempt from CSRF:
    # the stored anonymous pages (catalog.cache) carry no token, and a forged switch can do no more
    # than change the visitor's language (its `next` is checked against the host as always).
    path("i18n/setlang/", csrf_exempt(permission(PUBLIC)(set_language)), name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500
