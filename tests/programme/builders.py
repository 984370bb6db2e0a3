"""Records of other apps that the programme reads: certificates and event booth sales."""

import datetime
import itertools

from django.apps import apps

_numbers = itertools.count(1)


def certificate(product, *, stars: int, decided: datetime.date, months: int = 36, status: str = "valid", **extra):
    Certificate = apps.get_model("certificates", "Certificate")
    CriteriaVersion = apps.get_model("criteria", "CriteriaVersion")
    valid_until = decided.replace(year=decided.year + months // 12) - datetime.timedelta(days=1)
    return Certificate.objects.create(
        number=f"TEST-{next(_numbers):05d}",
        product=product,
        producer=product.producer,
        stars=stars,
        criteria_version=CriteriaVersion.objects.order_by("pk").first(),
        decision_number=f"{next(_numbers)}/QĐ-UBND",
        decision_date=decided,
        authority_level=extra.pop("authority_level", "central" if stars == 5 else "province"),
        authority_name="UBND tỉnh Quảng Ninh",
        signer_name="Người ký thử nghiệm",
        valid_from=decided,
        valid_until=valid_until,
        status=status,
        revoked_at=extra.pop("revoked_at", None),
        **extra,
    )


def booth_sale(producer, *, day: datetime.date, amount: int, status: str = "closed"):
    Event = apps.get_model("promotion", "Event")
    Booth = apps.get_model("promotion", "Booth")
    BoothSale = apps.get_model("promotion", "BoothSale")
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
