"""API authentication: the browser's session (with CSRF) or a bearer token for scripts.

The two are tried in this order. A request that carries the session cookie is a browser's: its
writes must carry the CSRF token, whatever else it sends. A request without the session cookie
cannot be forged by another site (a browser does not add an `Authorization` header on its own), so
a valid bearer token alone authorises it, writes included.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from ocop.accounts.models import ApiToken


class CsrfFailed(HttpError):
    code = "csrf_failed"

    def __init__(self):
        super().__init__(
            403,
            _(
                "Thiếu hoặc sai mã CSRF. Trình duyệt gửi kèm mã này; chương trình tích hợp dùng "
                "`Authorization: Bearer <token>` và không gửi cookie phiên."
            ),
        )


class SessionCookie(APIKeyCookie):
    """The logged-in browser. Only a request with the session cookie is checked for CSRF."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        key = request.COOKIES.get(self.param_name)
        if key is None:
            return None  # no session: leave the request to the bearer token
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfFailed
        return key

    def authenticate(self, request, key):
        if key is not None and request.user.is_authenticated:
            return request.user
        return None


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


api_auth = [SessionCookie(), BearerToken()]
