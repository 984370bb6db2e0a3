"""API authentication: the browser's session (with CSRF) or a bearer token for scripts."""

from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from ocop.accounts.models import ApiToken


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


api_auth = [django_auth, BearerToken()]
