"""Request plumbing: the language a person chose, text that no field may hold, the request id and its
log line, the probes.

Language: Vietnamese unless the person chose English with the switch (a cookie). Django's
LocaleMiddleware would follow the browser's Accept-Language header, which would show a Vietnamese
officer with an English-language browser the English pages. The platform is Vietnamese first, so
only an explicit choice changes the language.
"""

import json
import logging
import time

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from ocop.core.api_errors import error_response, item
from ocop.core.logging import new_request_id, request_id_var
from ocop.core.validators import forbidden_character, forbidden_character_message, forbidden_in_pairs, shown_name

request_logger = logging.getLogger("ocop.request")
PROBES = {"/healthz": "healthz", "/readyz": "readyz"}


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ForbiddenCharactersMiddleware:
    """Refuse a request whose text holds a control character or a lone surrogate, naming the field.

    PostgreSQL refuses U+0000 in text (a search for `?q=%00` would end in a server error) and Excel
    refuses the other C0 controls (one in a description would break every export that holds it), so
    such text is refused at the door, for pages and the API alike: the address, the query string,
    cookies, form bodies and JSON bodies (every string, keys included). Tab, line feed and carriage
    return are text. The API's multipart bodies are checked when the API reads them (the parser of
    `ocop.core.api_errors`: field names and values), so that its upload handlers can
    still be chosen in the view.

    Pages get a 400 page with the message; the API gets 400 in its JSON error shape.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.find(request)
        if problem is None:
            return self.get_response(request)
        field, character = problem
        message = forbidden_character_message(field, character)
        if request.path_info.startswith("/api/"):
            code = "forbidden_character"
            return error_response(400, code=code, detail=message, errors=[item(field, message, code)])
        return render(request, "errors/400_text.html", {"message": message}, status=400)

    def find(self, request) -> tuple[str, str] | None:
        """(field, character) of the first forbidden character the request holds, or None."""
        character = forbidden_character(request.path_info)
        if character:
            return "path", character
        for source in (request.GET, request.COOKIES):
            found = forbidden_in_pairs(source.lists() if hasattr(source, "lists") else source.items())
            if found:
                return found
        content_type = request.content_type or ""
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        if content_type == "application/x-www-form-urlencoded" or (
            # A page's CSRF check reads the multipart body anyway; the API's is read by its view.
            content_type == "multipart/form-data" and not request.path_info.startswith("/api/")
        ):
            return forbidden_in_pairs(request.POST.lists())
        if content_type == "application/json" or content_type.endswith("+json"):
            try:
                body = json.loads(request.body)
            except ValueError:
                return None  # not JSON: the schema that reads it says so
            return _find_in_json(body, [])
        return None


def _find_in_json(value, path: list[str]) -> tuple[str, str] | None:
    if isinstance(value, str):
        character = forbidden_character(value)
        return (".".join(path) or "body", character) if character else None
    if isinstance(value, dict):
        for key, item in value.items():
            character = forbidden_character(key)
            if character:
                return ".".join([*path, shown_name(key)]), character
            found = _find_in_json(item, [*path, key])
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _find_in_json(item, [*path, str(index)])
            if found:
                return found
    return None


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
