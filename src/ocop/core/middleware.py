"""Request plumbing: the language a person chose, the request id and its log line, the probes.

Language: Vietnamese unless the person chose English with the switch (a cookie). Django's
LocaleMiddleware would follow the browser's Accept-Language header, which would show a Vietnamese
officer with an English-language browser the English pages. The platform is Vietnamese first, so
only an explicit choice changes the language.
"""

import logging
import time

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from ocop.core.logging import new_request_id, request_id_var

request_logger = logging.getLogger("ocop.request")
PROBES = {"/healthz": "healthz", "/readyz": "readyz"}


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RequestIdMiddleware:
    """Gives every request an id (X-Request-ID from the proxy, or a new one), returned in the response
    and written on every log line of the request; logs one line per request (method, path, status,
    duration, user id: never the query string, headers or body)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_request_id(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            user = getattr(request, "user", None)
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class ProbeMiddleware:
    """Answers /healthz and /readyz before the HTTPS redirect and the host check: a load balancer
    probes the server by its address over plain HTTP, with whatever Host header it likes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in PROBES and request.method in ("GET", "HEAD"):
            from ocop.core import views

            return getattr(views, PROBES[request.path_info])(request)
        return self.get_response(request)
