from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from ocop.accounts.policy import get_visible_or_404
from ocop.core.pagination import paginated
from ocop.geo.models import Commune
from ocop.producers.models import Producer
from ocop.producers.selectors import producer_list
from ocop.producers.services import producer_archive, producer_create, producer_update

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
    archived: bool

    @staticmethod
    def resolve_archived(obj: Producer) -> bool:
        return obj.archived_at is not None

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


class ProducerCreate(Schema):
    legal_name: str
    producer_type: str
    commune_code: int
    short_name: str = ""
    tax_code: str = ""
    registration_number: str = ""
    registration_date: date | None = None
    representative_name: str = ""
    representative_gender: str = ""
    representative_ethnic_minority: bool = False
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    founded_year: int | None = None
    employees: int | None = None
    members: int | None = None
    local_labour_share: int | None = None
    story_vi: str = ""
    story_en: str = ""


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
@paginated
def list_producers(
    request, q: str = "", commune_code: int | None = None, producer_type: str = "", archived: bool = False
):
    commune = Commune.objects.filter(code=commune_code).first() if commune_code else None
    if commune_code and commune is None:
        return Producer.objects.none()
    return producer_list(
        user=request.auth,
        query=q,
        commune_id=commune.pk if commune else None,
        producer_type=producer_type,
        include_archived=archived,
    )


@router.post("/", response={201: ProducerOut}, summary="Đăng ký chủ thể / Register a producer")
def create_producer(request, payload: ProducerCreate):
    fields = payload.dict()
    fields["commune"] = get_object_or_404(Commune, code=fields.pop("commune_code"))
    producer = producer_create(actor=request.auth, **fields)
    return Status(201, Producer.objects.select_related("commune__province", "historical_district").get(pk=producer.pk))


@router.post("/{producer_id}/archive", response=ProducerOut, summary="Lưu trữ / Archive a producer")
def archive_producer(request, producer_id: int, archived: bool = True):
    producer = get_visible_or_404(request.auth, Producer.objects.all(), pk=producer_id)
    producer_archive(actor=request.auth, producer=producer, archived=archived)
    return Producer.objects.select_related("commune__province", "historical_district").get(pk=producer_id)


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
