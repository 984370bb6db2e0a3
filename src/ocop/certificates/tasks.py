"""Jobs of the certificates app. Safe to run again: each step checks and locks its row."""

from celery import shared_task


@shared_task(name="ocop.certificates.expiry")
def certificates_expiry() -> dict[str, int]:
    """Daily (Celery beat or cron): mark ended certificates expired and send 30-day notices."""
    from ocop.certificates.services import certificates_expiry_run

    return certificates_expiry_run()
