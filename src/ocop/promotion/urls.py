from django.urls import path

from ocop.promotion import views

app_name = "promotion"

urlpatterns = [
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/status/", views.event_status, name="event_status"),
    path("events/<int:pk>/booths/new/", views.booth_create, name="booth_create"),
    path("events/<int:pk>/visits/", views.visits_entry, name="visits_entry"),
    path("events/<int:pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("events/<int:pk>/import/", views.import_upload, name="import_upload"),
    path("events/<int:pk>/import/template.xlsx", views.import_template, name="import_template"),
    path("events/<int:pk>/report/", views.event_report_view, name="event_report"),
    path("events/<int:pk>/report.xlsx", views.event_report_xlsx, name="event_report_xlsx"),
    path("events/<int:pk>/report.pdf", views.event_report_pdf, name="event_report_pdf"),
    path("imports/<int:pk>/", views.import_preview, name="import_preview"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("booths/<int:pk>/", views.booth_sales, name="booth_sales"),
    path("my-booths/", views.my_booths, name="my_booths"),
    path("series/new/", views.series_create, name="series_create"),
    path("series/<int:pk>/", views.series_report_view, name="series_report"),
    path("years/<int:year>/", views.year_report_view, name="year_report"),
]
