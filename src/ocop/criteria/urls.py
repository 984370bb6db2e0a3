from django.urls import path

from ocop.criteria import views

app_name = "criteria"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:version>/<slug:product_set>/", views.sheet, name="sheet"),
    path("<slug:version>/<slug:product_set>/result/", views.sheet_result, name="sheet_result"),
]
