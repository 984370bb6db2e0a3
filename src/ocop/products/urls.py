from django.urls import path

from ocop.products import views

app_name = "products"

urlpatterns = [
    path("", views.product_list_view, name="list"),
    path("new/<int:producer_id>/", views.product_create_view, name="create"),
    path("<int:pk>/", views.product_detail, name="detail"),
    path("<int:pk>/edit/", views.product_edit, name="edit"),
    path("<int:pk>/archive/", views.product_archive_view, name="archive"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("photos/<int:photo_id>/remove/", views.photo_remove, name="photo_remove"),
    path("documents/new/<int:producer_id>/", views.document_create_view, name="document_create"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
]
