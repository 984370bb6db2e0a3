"""Public pages a proxy or CDN may keep and serve to everyone (issue 16).

A shared page is the same for every anonymous visitor: `/v/<code>` (certificate verification) and
`/01/<gtin>` (GS1 Digital Link). For an anonymous GET it answers `Cache-Control: public,
max-age=60`, sets no cookie and varies on nothing the visitor sends but the address, so the
language comes from `?lang=en` (Vietnamese without it), not from the language cookie (a signed-in
user's page is private and keeps the language they chose). A
revocation is therefore seen through a proxy within SHARED_MAX_AGE seconds at most.

The exception is narrow: `shared_page` marks the view and, on the way out, the response;
`SharedPageMiddleware` (placed before SessionMiddleware, so it sees the response last) removes
`Vary: Cookie`, `Vary: Accept-Language` and every cookie from that marked response only. A
logged-in user gets `private, no-store`; an answer that is not a page (an unknown code, a refusal)
gets `no-store`, whatever the view set.
"""

from collections.abc import Callable
from functools import wraps
from http.cookies import SimpleCookie

from django.conf import settings
from django.utils import translation
from django.utils.cache import cc_delim_re

SHARED_MAX_AGE = 60  # seconds: the longest a proxy may show a revoked certificate as valid
SHARED_STATUSES = {200, 301, 302}
LANGUAGE_PARAMETER = "lang"


def shared_language(request) -> str:
    """The language of a shared page: `?lang=` when supported, else the site's default."""
    chosen = request.GET.get(LANGUAGE_PARAMETER, "")
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


def shared_page(view: Callable) -> Callable:
    """Make `view` a shared page (see the module docstring)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        language = shared_language(request)
        if LANGUAGE_PARAMETER not in request.GET and request.user.is_authenticated:
            language = translation.get_language()  # a signed-in page is private: the chosen language
        translation.activate(language)
        request.LANGUAGE_CODE = language
        anonymous = request.method in ("GET", "HEAD") and not request.user.is_authenticated
        request.shared_page = anonymous  # base.html: no CSRF token, no messages, ?lang= links
        response = view(request, *args, **kwargs)
        control = response.get("Cache-Control", "")
        if not request.user.is_authenticated and (response.status_code not in SHARED_STATUSES or "no-store" in control):
            response["Cache-Control"] = "no-store"
        elif anonymous:
            response["Cache-Control"] = f"public, max-age={SHARED_MAX_AGE}"
            response.shared_page = True
        else:
            response["Cache-Control"] = "private, no-store"
        return response

    return wrapped


class SharedPageMiddleware:
    """Strip what makes a marked shared page per visitor: cookies and `Vary: Cookie`/`Accept-Language`."""

    STRIPPED = {"cookie", "accept-language"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(response, "shared_page", False):
            return response
        response.cookies = SimpleCookie()
        if response.has_header("Vary"):
            kept = [v for v in cc_delim_re.split(response["Vary"]) if v and v.lower() not in self.STRIPPED]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
