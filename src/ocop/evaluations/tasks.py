"""Jobs of the evaluations app: take primary keys, safe to run twice, inline without a broker."""

from celery import shared_task


@shared_task(name="ocop.evaluations.notify")
def notify_task(event_id: int, user_ids: list[int], link: str) -> int:
    from ocop.evaluations.notifications import notifications_send

    return notifications_send(event_id=event_id, user_ids=user_ids, link=link)
