"""Liveness and readiness: what a load balancer or orchestrator probes.

`/healthz` says the process answers (no database, no redirect, no detail at all): restart it if not.
`/readyz` checks what a request needs: the database, the cache, the broker (when configured) and
the file storage; 503 names the one that failed, so the proxy stops sending traffic to this server.
Answers carry no exception text (it may hold host names or credentials); the full error is logged.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection

logger = logging.getLogger("ocop.health")


def _failed(service: str, exc: Exception) -> tuple[bool, str]:
    logger.error("readiness check failed: %s", service, exc_info=exc, extra={"service": service})
    return False, type(exc).__name__


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready", logged with its reason
        return _failed("database", exc)
    return True, connection.vendor


def check_cache() -> tuple[bool, str]:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return _failed("cache", exc)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return (True, backend) if ok else (False, "not stored")


def check_broker() -> tuple[bool, str] | None:
    if not settings.CELERY_BROKER_URL:
        return None
    from ocop.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return _failed("broker", exc)
    return True, settings.CELERY_BROKER_URL.split("://", 1)[0]


def check_storage() -> tuple[bool, str]:
    """Write, read back and delete a small file where uploads go (the local folder or the bucket)."""
    name = f"readyz-{uuid.uuid4().hex}.txt"
    storage = storages["default"]
    try:
        saved = storage.save(name, ContentFile(b"ok"))
        with storage.open(saved) as handle:
            ok = handle.read() == b"ok"
        storage.delete(saved)
    except Exception as exc:  # noqa: BLE001
        return _failed("storage", exc)
    return (True, type(storage).__name__) if ok else (False, "not read back")


def health_report() -> tuple[bool, dict]:
    """(ready, {service: {"ok", "detail"}}) for the database, cache, broker and storage."""
    report = {}
    for name, check in (("database", check_database), ("cache", check_cache), ("storage", check_storage)):
        ok, detail = check()
        report[name] = {"ok": ok, "detail": detail}
    broker = check_broker()
    if broker is None:
        report["broker"] = {"ok": True, "detail": "inline (no broker configured)"}
    else:
        report["broker"] = {"ok": broker[0], "detail": broker[1]}
    return all(item["ok"] for item in report.values()), report
