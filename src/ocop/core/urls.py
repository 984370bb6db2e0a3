from django.urls import path

from ocop.core import media, views

app_name = "core"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/queue/<slug:queue>/", views.queue_list, name="queue"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("media/<path:name>", media.media, name="media"),
    path("history/<str:model_label>/<int:pk>/", views.history, name="history"),
]
