from django.urls import path

from ocop.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_index, name="index"),
    path("upload/", views.import_upload, name="upload"),
    path("jobs/<int:pk>/", views.import_job, name="job"),
    path("jobs/<int:pk>/progress/", views.import_job_progress, name="progress"),
    path("jobs/<int:pk>/confirm/", views.import_job_confirm, name="confirm"),
    path("template/<str:kind>.xlsx", views.import_template, name="template"),
    path("export.xlsx", views.import_export, name="export"),
]
