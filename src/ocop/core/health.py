"""Health of the services the platform depends on: the database, and the broker when configured."""

from django.conf import settings
from django.db import connection


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy", with its reason
        return False, f"{type(exc).__name__}: {exc}"
    return True, connection.vendor


def check_broker() -> tuple[bool, str] | None:
    if not settings.CELERY_BROKER_URL:
        return None
    from ocop.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return False, f"{type(exc).__name__}: {exc}"
    return True, settings.CELERY_BROKER_URL.split("://", 1)[0]


def health_report() -> tuple[bool, dict]:
    db_ok, db_detail = check_database()
    report = {"database": {"ok": db_ok, "detail": db_detail}}
    healthy = db_ok
    broker = check_broker()
    if broker is not None:
        report["broker"] = {"ok": broker[0], "detail": broker[1]}
        healthy = healthy and broker[0]
    else:
        report["broker"] = {"ok": True, "detail": "inline (no broker configured)"}
    return healthy, report
