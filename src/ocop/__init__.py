"""ocop: the platform that runs Vietnam's OCOP programme."""

from ocop.celery import app as celery_app

__all__ = ["celery_app"]
