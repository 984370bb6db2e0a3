from django.urls import path

from ocop.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("refresh/", views.refresh, name="refresh"),
    path("sales/", views.sales, name="sales"),
    path("sales/<int:pk>/delete/", views.sales_delete, name="sales_delete"),
    path("sales/template.xlsx", views.sales_template, name="sales_template"),
    path("sales/import/", views.sales_import, name="sales_import"),
    path("sales/import/<int:pk>/", views.sales_import_preview, name="sales_import_preview"),
    path("sales/import/<int:pk>/progress/", views.sales_import_progress, name="sales_import_progress"),
]
