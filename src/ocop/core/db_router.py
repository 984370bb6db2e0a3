"""Public reads from a read replica, everything else from the primary (docs/operations.md).

Active only when `DATABASE_REPLICA_URL` is set (settings then add the `replica` alias and this
router). `ReplicaMiddleware` decides once per request:

- a GET or HEAD of a public read path (the catalogue, `/v/…`, `/01/…`, the sitemap and their API:
  `PUBLIC_READ_PATHS`) reads from the replica;
- everything else (forms, the back office, every write) uses the primary;
- read-your-writes: a request that wrote (any non-GET request, or any `db_for_write` during the
  request) makes the rest of that request read the primary, and its answer carries the cookie
  `ocop_primary_until`, so that the same visitor reads the primary for the next
  `OCOP_REPLICA_STICKY_SECONDS` seconds (the replica may not have their write yet);
- a replica that does not answer is logged (`ocop.db`, warning) and left alone for
  `REPLICA_RETRY_SECONDS`: reads go to the primary meanwhile.

Sessions are always read from the primary: a visitor who has just logged in must not look logged out.
"""

import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger("ocop.db")

PRIMARY = "default"
REPLICA = "replica"
STICKY_COOKIE = "ocop_primary_until"
REPLICA_RETRY_SECONDS = 5.0
SAFE_METHODS = frozenset({"GET", "HEAD"})
# Exact public paths, and prefixes of the public read paths.
PUBLIC_READ_EXACT = frozenset({"/", "/sitemap.xml"})
PUBLIC_READ_PATHS = ("/catalog/", "/v/", "/01/", "/api/v1/catalog/", "/api/v1/certificates/verify/")
PRIMARY_ONLY_APPS = frozenset({"sessions"})


@dataclass
class Routing:
    """Where this request reads from, and whether it has written."""

    read_alias: str = PRIMARY
    wrote: bool = False


_routing: ContextVar[Routing | None] = ContextVar("ocop_db_routing", default=None)
_replica_down_until = 0.0


def current_read_alias() -> str:
    routing = _routing.get()
    return routing.read_alias if routing else PRIMARY


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        return current_read_alias()

    def db_for_write(self, model, **hints):
        routing = _routing.get()
        if routing is not None:
            routing.wrote = True
            routing.read_alias = PRIMARY  # the rest of this request sees what it wrote
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def is_public_read(request) -> bool:
    if request.method not in SAFE_METHODS:
        return False
    path = request.path_info
    return path in PUBLIC_READ_EXACT or path.startswith(PUBLIC_READ_PATHS)


def recently_wrote(request) -> bool:
    try:
        return float(request.COOKIES.get(STICKY_COOKIE, "0")) > time.time()
    except ValueError:
        return False


def replica_available() -> bool:
    """True when the replica answers `SELECT 1`; a failure is logged and remembered for a few seconds."""
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError as error:
        _replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
        logger.warning("Read replica unavailable, reading from the primary: %s", str(error).strip())
        connections[REPLICA].close()
        return False


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = REPLICA in settings.DATABASES

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        use_replica = is_public_read(request) and not recently_wrote(request) and replica_available()
        routing = Routing(read_alias=REPLICA if use_replica else PRIMARY)
        token = _routing.set(routing)
        try:
            response = self.get_response(request)
        finally:
            _routing.reset(token)
        if routing.wrote or request.method not in SAFE_METHODS:
            seconds = settings.OCOP_REPLICA_STICKY_SECONDS
            response.set_cookie(
                STICKY_COOKIE,
                f"{time.time() + seconds:.0f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
