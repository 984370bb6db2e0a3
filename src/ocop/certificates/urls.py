from django.urls import path

from ocop.certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.register, name="register"),
    path("export.xlsx", views.register_export, name="export"),
    path("new/", views.issue, name="issue"),
    path("historical/new/", views.historical, name="historical"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pdf/", views.download_pdf, name="pdf"),
    path("<int:pk>/stamps/", views.stamps, name="stamps"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/renewal/", views.renewal, name="renewal"),
    path("<int:pk>/decision-document/", views.decision_document, name="decision_document"),
    path("<int:pk>/decision-document/attach/", views.attach_decision_document, name="attach_decision_document"),
]
