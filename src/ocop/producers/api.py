from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from ocop.accounts.policy import get_visible_or_404
from ocop.geo.models import Commune
from ocop.producers.models import Producer
from ocop.producers.selectors import producer_list
from ocop.producers.services import producer_update

router = Router(tags=["producers"])


class ProducerOut(Schema):
    id: int
    legal_name: str
    short_name: str
    producer_type: str
    tax_code: str
    representative_name: str
    address: str
    commune_code: int
    commune_name: str
    province_code: int
    historical_district: str | None
    phone: str
    email: str
    website: str
    founded_year: int | None
    employees: int | None
    local_labour_share: int | None
    story_vi: str
    story_en: str
    is_demo: bool

    @staticmethod
    def resolve_commune_code(obj: Producer) -> int:
        return obj.commune.code

    @staticmethod
    def resolve_commune_name(obj: Producer) -> str:
        return obj.commune.name

    @staticmethod
    def resolve_province_code(obj: Producer) -> int:
        return obj.commune.province.code

    @staticmethod
    def resolve_historical_district(obj: Producer) -> str | None:
        return obj.historical_district.name if obj.historical_district_id else None


class ProducerPatch(Schema):
    legal_name: str | None = None
    short_name: str | None = None
    tax_code: str | None = None
    registration_number: str | None = None
    registration_date: date | None = None
    representative_name: str | None = None
    address: str | None = None
    commune_code: int | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    founded_year: int | None = None
    employees: int | None = None
    members: int | None = None
    local_labour_share: int | None = None
    story_vi: str | None = None
    story_en: str | None = None


@router.get("/", response=list[ProducerOut], summary="Danh sách chủ thể / List producers")
@paginate(LimitOffsetPagination)
def list_producers(request, q: str = ""):
    return producer_list(user=request.auth, query=q)


@router.get("/{producer_id}", response=ProducerOut, summary="Một chủ thể / One producer")
def get_producer(request, producer_id: int):
    return get_visible_or_404(
        request.auth, Producer.objects.select_related("commune__province", "historical_district"), pk=producer_id
    )


@router.patch("/{producer_id}", response=ProducerOut, summary="Sửa chủ thể / Update a producer")
def patch_producer(request, producer_id: int, payload: ProducerPatch):
    producer = get_visible_or_404(request.auth, Producer.objects.all(), pk=producer_id)
    changes = payload.dict(exclude_unset=True)
    if "commune_code" in changes:
        changes["commune"] = get_object_or_404(Commune, code=changes.pop("commune_code"))
    updated = producer_update(actor=request.auth, producer=producer, changes=changes)
    return Producer.objects.select_related("commune__province", "historical_district").get(pk=updated.pk)
