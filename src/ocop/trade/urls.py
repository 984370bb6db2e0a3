from django.urls import path

from ocop.trade import views

app_name = "trade"

urlpatterns = [
    path("", views.index, name="index"),
    path("readiness/", views.readiness_view, name="readiness"),
    path("products/<int:product_id>/export/", views.product_export, name="product_export"),
    path("products/<int:product_id>/export/profile/", views.profile_edit, name="profile_edit"),
    path("credentials/new/<int:producer_id>/", views.credential_create_view, name="credential_create"),
    path("credentials/<int:pk>/edit/", views.credential_edit, name="credential_edit"),
    path("listings/", views.listings_view, name="listings"),
    path("listings/new/<int:product_id>/", views.listing_create_view, name="listing_create"),
    path("listings/<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("sales-points/", views.sales_points_view, name="sales_points"),
    path("sales-points/new/", views.sales_point_create_view, name="sales_point_create"),
    path("sales-points/<int:pk>/", views.sales_point_detail, name="sales_point_detail"),
    path("sales-points/<int:pk>/edit/", views.sales_point_edit, name="sales_point_edit"),
    path("agreements/", views.agreements_view, name="agreements"),
    path("agreements/new/", views.agreement_create_view, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("partners/new/", views.partner_create_view, name="partner_create"),
    path("inquiries/", views.inquiries_view, name="inquiries"),
    path("inquiries/new/<int:product_id>/", views.inquiry_new, name="inquiry_new"),
    path("inquiries/sent/", views.inquiry_sent, name="inquiry_sent"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry_detail"),
    path("inquiries/<int:pk>/status/", views.inquiry_status, name="inquiry_status"),
]
