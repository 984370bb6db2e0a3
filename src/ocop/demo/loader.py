"""Load the Quảng Ninh demo data. Idempotent: a second run finds every row and changes nothing."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import User
from ocop.accounts.services import user_create
from ocop.accounts.system import SystemCaller
from ocop.certificates.services import add_months
from ocop.criteria.models import ProductSet
from ocop.demo import data
from ocop.demo.photos import demo_photos_load
from ocop.geo.models import Province
from ocop.geo.selectors import commune_lookup, historical_commune_lookup, historical_district_lookup
from ocop.producers.models import Producer
from ocop.producers.services import producer_create
from ocop.products.models import CertificationDocument, Product
from ocop.products.services import document_create, product_create

QUANG_NINH = 22
CURRENT_CRITERIA = "QD148"
DEMO_STORY_VI = (
    "Dữ liệu minh hoạ: tên sản phẩm là sản phẩm OCOP có thật của Quảng Ninh, các thông tin khác là giả định."
)
DEMO_STORY_EN = "Demo data: the product is a real Quảng Ninh OCOP product; every other detail is invented."


@dataclass
class DemoReport:
    producers_created: int = 0
    products_created: int = 0
    users_created: int = 0
    documents_created: int = 0
    photos_created: int = 0


@transaction.atomic
def demo_load() -> DemoReport:
    report = DemoReport()
    province = Province.objects.get(code=QUANG_NINH)
    producers: dict[str, Producer] = {}
    product_sets = {s.number: s for s in ProductSet.objects.filter(version__code=CURRENT_CRITERIA)}
    for row in data.PRODUCERS:
        (name, kind, commune, district, old_commune, person, gender, minority, founded, staff, local, products) = row
        producer = Producer.objects.filter(legal_name=name).first()
        if producer is None:
            old_district = historical_district_lookup(district, province=province)
            producer = producer_create(
                actor=None,
                system=SystemCaller.DEMO,
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
        for details in products:
            if Product.objects.filter(producer=producer, name_vi=details["name_vi"]).exists():
                continue
            fields = {**details, "product_set": product_sets.get(details["product_set"])}
            product_create(
                actor=None,
                system=SystemCaller.DEMO,
                producer=producer,
                is_demo=True,
                description_vi=DEMO_STORY_VI,
                description_en=DEMO_STORY_EN,
                **fields,
            )
            report.products_created += 1

    today = timezone.localdate()
    for legal_name, product_name, kind, number, issuer, issued_ago, valid_months in data.DOCUMENTS:
        producer = producers[legal_name]
        issued = today - timedelta(days=issued_ago)
        if CertificationDocument.objects.filter(producer=producer, kind=kind, number=number).exists():
            continue
        document_create(
            actor=None,
            system=SystemCaller.DEMO,
            producer=producer,
            product=producer.products.get(name_vi=product_name) if product_name else None,
            kind=kind,
            number=number,
            issuer=issuer,
            issued_on=issued,
            expires_on=add_months(issued, valid_months) if valid_months is not None else None,
        )
        report.documents_created += 1

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
    report.photos_created = demo_photos_load()
    return report
