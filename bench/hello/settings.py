"""Settings of the hello-world anchor: no database, no apps, no middleware; one URL."""

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "bench-hello-not-a-secret"  # noqa: S105 - serves one constant page on loopback
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.hello.settings"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True


def hello(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", hello)]
