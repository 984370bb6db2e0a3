from django.urls import path

from ocop.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("san-pham/", views.catalogue, name="list"),
    path("san-pham/<int:pk>-<slug:slug>/", views.product, name="product"),
    path("san-pham/<int:pk>/", views.product, name="product_by_id"),
    path("chu-the/<int:pk>-<slug:slug>/", views.producer, name="producer"),
    path("chu-the/<int:pk>/", views.producer, name="producer_by_id"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
