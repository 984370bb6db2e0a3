"""The cached part of the public verification page, and its invalidation.

The page body for one certificate, one language and one day is cached (CACHE_SECONDS at most).
Every service that changes a certificate calls `verification_cache_clear` after its commit, so a
revocation shows at once: it also bumps the certificate's scope, so the whole /v/ pages stored for
anonymous visitors (ocop.core.page_store) are stale on every server at once. The day is part of the key, so an expiry at midnight needs no job.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from ocop.core import page_store
from ocop.core.db_router import public_data_changed

CACHE_SECONDS = 600


def verification_cache_key(certificate_id: int, language: str, today=None) -> str:
    today = today or timezone.localdate()
    return f"certificates:verify:{certificate_id}:{language}:{today.isoformat()}"


def verification_scope(certificate_id: int) -> str:
    """The scope (ocop.core.page_store) of the stored verification pages of this certificate."""
    return f"certificate:{certificate_id}"


def verification_cache_clear(certificate_id: int) -> None:
    public_data_changed()  # rebuilt from the primary, not from a replica that may lag
    today = timezone.localdate()
    cache.delete_many([verification_cache_key(certificate_id, code, today) for code, _name in settings.LANGUAGES])
    page_store.bump([verification_scope(certificate_id)])  # and every stored /v/ page of it, on every server
