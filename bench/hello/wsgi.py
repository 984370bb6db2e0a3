"""`gunicorn bench.hello.wsgi:application`, under the platform's own gunicorn configuration."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.hello.settings"
application = get_wsgi_application()
