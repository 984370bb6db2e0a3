app_name = "criteria"
urlpatterns: list = []
