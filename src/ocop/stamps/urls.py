from django.urls import path

from ocop.stamps import views

app_name = "stamps"

urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("scans/", views.scans, name="scans"),
    path("scans/log/", views.scan_log, name="scan_log"),
    path("reports/<int:pk>/handle/", views.report_handle, name="report_handle"),
    path("<int:pk>/", views.run_detail, name="run_detail"),
    path("<int:pk>/sheet.pdf", views.sheet, name="sheet"),
    path("<int:pk>/serials.csv", views.serials, name="serials"),
]
