"""Public paths at the site root: /v/<code> (verification) and /01/<gtin> (GS1 Digital Link)."""

from django.urls import path, re_path

from ocop.certificates import views

app_name = "certificates_public"

urlpatterns = [
    path("v/", views.verify_form, name="verify_form"),
    path("v/<str:code>", views.verify, name="verify"),
    path("v/<str:code>/", views.verify),
    # GS1 Digital Link: /01/{gtin} optionally followed by further key qualifiers and attributes
    # (/10/{lot}, /21/{serial}…), which are accepted and ignored.
    re_path(r"^01/(?P<gtin>[^/]{1,40})(?:/(?P<rest>.*))?$", views.gs1_resolve, name="gs1"),
]
