"""Load the Quảng Ninh demo data. Idempotent: a second run finds every row and changes nothing."""

from dataclasses import dataclass

from django.db import transaction

from ocop.accounts.models import User
from ocop.accounts.services import user_create
from ocop.demo import data
from ocop.geo.models import Province
from ocop.geo.selectors import commune_lookup, historical_commune_lookup, historical_district_lookup
from ocop.producers.models import Producer
from ocop.producers.services import producer_create
from ocop.products.models import Product

QUANG_NINH = 22
DEMO_STORY_VI = (
    "Dữ liệu minh hoạ: tên sản phẩm là sản phẩm OCOP có thật của Quảng Ninh, các thông tin khác là giả định."
)
DEMO_STORY_EN = "Demo data: the product is a real Quảng Ninh OCOP product; every other detail is invented."


@dataclass
class DemoReport:
    producers_created: int = 0
    products_created: int = 0
    users_created: int = 0


@transaction.atomic
def demo_load() -> DemoReport:
    report = DemoReport()
    province = Province.objects.get(code=QUANG_NINH)
    producers: dict[str, Producer] = {}
    for row in data.PRODUCERS:
        (name, kind, commune, district, old_commune, person, gender, minority, founded, staff, local, products) = row
        producer = Producer.objects.filter(legal_name=name).first()
        if producer is None:
            old_district = historical_district_lookup(district, province=province)
            producer = producer_create(
                actor=None,
                legal_name=name,
                producer_type=kind,
                commune=commune_lookup(commune, province=province),
                historical_district=old_district,
                historical_commune=historical_commune_lookup(old_commune, district=old_district),
                representative_name=person,
                representative_gender=gender,
                representative_ethnic_minority=minority,
                founded_year=founded,
                employees=staff,
                local_labour_share=local,
                story_vi=DEMO_STORY_VI,
                story_en=DEMO_STORY_EN,
                is_demo=True,
            )
            report.producers_created += 1
        producers[name] = producer
        for name_vi, name_en in products:
            _, created = Product.objects.get_or_create(
                producer=producer,
                name_vi=name_vi,
                defaults={"name_en": name_en, "is_demo": True, "description_vi": DEMO_STORY_VI},
            )
            report.products_created += int(created)

    for username, role, full_name, scope in data.USERS:
        if User.objects.filter(username=username).exists():
            continue
        user_create(
            username=username,
            password=data.DEMO_PASSWORD,
            role=role,
            full_name=full_name,
            email=f"{username}@demo.ocop.localhost",
            province=Province.objects.get(code=scope["province"]) if "province" in scope else None,
            commune=commune_lookup(scope["commune"], province=province) if "commune" in scope else None,
            producer=producers[scope["producer"]] if "producer" in scope else None,
        )
        report.users_created += 1
    return report
