from django.urls import path

from ocop.core import views

app_name = "core"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("history/<str:model_label>/<int:pk>/", views.history, name="history"),
]
