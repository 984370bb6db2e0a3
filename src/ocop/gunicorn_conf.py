"""gunicorn's configuration (`gunicorn -c python:ocop.gunicorn_conf ocop.wsgi`): values from ocop.settings.

Reading the settings here also means a production server with a missing variable stops before it
forks a single worker, with the message that names the variable.
"""

from ocop import settings

bind = [f"{settings.OCOP_BIND_ADDRESS}:{settings.PORT}"]
workers = settings.WEB_CONCURRENCY
threads = settings.OCOP_WEB_THREADS
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
keepalive = 5
# Each request's own log line comes from ocop.core.middleware (with its request id); gunicorn logs
# only its errors, on standard error like the application.
accesslog = None
errorlog = "-"
loglevel = "info" if settings.PRODUCTION else "warning"
# nginx on the same machine sets X-Forwarded-For / -Proto; only it is trusted.
forwarded_allow_ips = "127.0.0.1,::1"
wsgi_app = "ocop.wsgi:application"
