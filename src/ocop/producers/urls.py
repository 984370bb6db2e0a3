from django.urls import path

from ocop.producers import views

app_name = "producers"

urlpatterns = [
    path("", views.producer_list_view, name="list"),
    path("new/", views.producer_create_view, name="create"),
    path("mine/", views.producer_mine, name="mine"),
    path("<int:pk>/", views.producer_detail, name="detail"),
    path("<int:pk>/edit/", views.producer_edit, name="edit"),
    path("<int:pk>/archive/", views.producer_archive_view, name="archive"),
]
