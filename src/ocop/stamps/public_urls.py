"""Public stamp paths at the site root. The GS1 pattern with a serial (/01/…/10/…/21/…) is listed in
the root URLconf before certificates' /01/<gtin>, so a serialized stamp reaches the stamp check and
every other Digital Link the certificate's (certificates never imports stamps)."""

from django.urls import path, re_path

from ocop.stamps import views

app_name = "stamps_public"

urlpatterns = [
    re_path(
        r"^01/(?P<gtin>[0-9]{8,14})/10/(?P<lot>[^/]{1,20})/21/(?P<serial>[^/]{1,20})/?$", views.gs1_scan, name="gs1"
    ),
    path("s/reported", views.reported, name="reported"),
    path("s/<str:code>", views.scan, name="scan"),
    path("s/<str:code>/report", views.report, name="report"),
    path("s/<str:code>/place", views.place, name="place"),
]
