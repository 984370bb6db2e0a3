"""Jobs of the certificates app. Safe to run again: each step checks and locks its row."""

from celery import shared_task


@shared_task(name="ocop.certificates.expiry")
def certificates_expiry() -> dict[str, int]:
    """Daily (Celery beat or cron): mark ended certificates expired and send 30-day notices."""
    from ocop.certificates.services import certificates_expiry_run

    return certificates_expiry_run()


@shared_task(name="ocop.certificates.expiry_notice")
def certificate_expiry_notice(certificate_id: int, verify_url: str) -> bool:
    """One 30-day notice whose first send failed (through the outbox); sent once, whenever it runs."""
    from ocop.certificates.services import certificate_send_expiry_notice

    return certificate_send_expiry_notice(certificate_id=certificate_id, verify_url=verify_url)
