"""Booth sales written straight to the tables, for the programme's sales figures."""

import datetime

from ocop.promotion.models import Booth, BoothSale, Event


def booth_sale(producer, *, day: datetime.date, amount: int, status: str = "closed") -> BoothSale:
    """The producer's sales on `day` at a fair of that month in its province (fair and booth made on first use)."""
    event, _ = Event.objects.get_or_create(
        name=f"Hội chợ thử nghiệm {day:%Y-%m}",
        defaults={
            "event_type": "fair",
            "province": producer.commune.province,
            "commune": producer.commune,
            "first_day": day.replace(day=1),
            "last_day": day.replace(day=28),
            "organiser": "Sở Công Thương",
            "status": status,
        },
    )
    booth, _ = Booth.objects.get_or_create(event=event, number=f"G{producer.pk}", defaults={"producer": producer})
    sale, _ = BoothSale.objects.update_or_create(booth=booth, day=day, defaults={"amount_vnd": amount})
    return sale
