from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from ocop.accounts.policy import LOGGED_IN, get_visible_or_404, permission
from ocop.core.api_errors import ErrorOut, error_body, item
from ocop.core.errors import DomainError
from ocop.core.fields import Int, IsoDate, PatchSchema, Year, one_of
from ocop.core.pagination import paginated
from ocop.geo.models import Commune, HistoricalCommune, HistoricalDistrict
from ocop.geo.services import AddressError
from ocop.producers.models import Producer, ProducerType
from ocop.producers.selectors import producer_list
from ocop.producers.services import producer_archive, producer_create, producer_update

router = Router(tags=["producers"])

_DETAIL = ("commune__province", "historical_district", "historical_commune")
_UNIT_MODELS = {"commune": Commune, "historical_district": HistoricalDistrict, "historical_commune": HistoricalCommune}
_API_FIELDS = {name: f"{name}_code" for name in _UNIT_MODELS}


class ProducerOut(Schema):
    id: Int
    legal_name: str
    short_name: str
    producer_type: str
    tax_code: str
    representative_name: str
    address: str
    commune_code: Int
    commune_name: str
    province_code: Int
    historical_district: str | None
    historical_district_code: Int | None
    historical_commune: str | None
    historical_commune_code: Int | None
    phone: str
    email: str
    website: str
    founded_year: Int | None
    employees: Int | None
    local_labour_share: Int | None
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

    @staticmethod
    def resolve_historical_district_code(obj: Producer) -> int | None:
        return obj.historical_district.code if obj.historical_district_id else None

    @staticmethod
    def resolve_historical_commune(obj: Producer) -> str | None:
        return obj.historical_commune.name if obj.historical_commune_id else None

    @staticmethod
    def resolve_historical_commune_code(obj: Producer) -> int | None:
        return obj.historical_commune.code if obj.historical_commune_id else None


class UnitOut(Schema):
    code: Int
    name: str


class AddressErrorOut(ErrorOut):
    """The error shape; for an address refused by the succession table (`code: address`), also the units
    to choose from. The operation's other refusals (a tax code taken…) have no `successors`."""

    successors: list[UnitOut] = Field(
        default_factory=list,
        description="Đơn vị kế thừa để chọn, khi `code` là `address` / the units to choose from, with `code` `address`",
    )


class ProducerCreate(Schema):
    """The address: `commune_code` (today's unit), or `historical_commune_code` (before 7/2025, with or
    without `historical_district_code`) alone, which gives today's unit from the succession table."""

    legal_name: str
    producer_type: str
    commune_code: Int | None = None
    historical_district_code: Int | None = None
    historical_commune_code: Int | None = None
    short_name: str = ""
    tax_code: str = ""
    registration_number: str = ""
    registration_date: IsoDate | None = None
    representative_name: str = ""
    representative_gender: str = ""
    representative_ethnic_minority: bool = False
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    founded_year: Year | None = None
    employees: Int | None = None
    members: Int | None = None
    local_labour_share: Int | None = None
    story_vi: str = ""
    story_en: str = ""


class ProducerPatch(PatchSchema):
    """`commune_code: null` with a `historical_commune_code` moves the producer to an old address and lets
    the succession table give today's unit; without an old commune it is a 400 naming `commune_code` (a
    rule across two fields, which the schema cannot say, so not a 422)."""

    nullable = frozenset(
        {
            "commune_code",
            "registration_date",
            "historical_district_code",
            "historical_commune_code",
            "founded_year",
            "employees",
            "members",
            "local_labour_share",
        }
    )

    legal_name: str | None = None
    short_name: str | None = None
    tax_code: str | None = None
    registration_number: str | None = None
    registration_date: IsoDate | None = None
    representative_name: str | None = None
    address: str | None = None
    commune_code: Int | None = None
    historical_district_code: Int | None = None
    historical_commune_code: Int | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    founded_year: Year | None = None
    employees: Int | None = None
    members: Int | None = None
    local_labour_share: Int | None = None
    story_vi: str | None = None
    story_en: str | None = None


@router.get("/", response=list[ProducerOut], summary="Danh sách chủ thể / List producers")
@paginated
@permission(LOGGED_IN)
def list_producers(
    request,
    q: str = "",
    commune_code: Int | None = None,
    producer_type: one_of(*ProducerType.values) = "",
    archived: bool = False,
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


def _units_by_code(fields: dict) -> dict:
    """`commune_code` etc. → the unit (404 for an unknown code); an explicit null stays null."""
    for name, model in _UNIT_MODELS.items():
        key = _API_FIELDS[name]
        if key in fields:
            code = fields.pop(key)
            fields[name] = None if code is None else get_object_or_404(model, code=code)
    return fields


def _address_refused(error: AddressError) -> Status:
    """The one error shape, naming the API's field, plus the units to choose from."""
    successors = [{"code": unit.code, "name": unit.name} for unit in error.successors]
    field = _API_FIELDS.get(error.field or "", error.field or "")
    errors = [item(field, error.message, "address")]
    return Status(
        400, {**error_body(400, code="address", detail=error.message, errors=errors), "successors": successors}
    )


@router.post("/", response={201: ProducerOut, 400: AddressErrorOut}, summary="Đăng ký chủ thể / Register a producer")
@permission(LOGGED_IN)
def create_producer(request, payload: ProducerCreate):
    fields = _units_by_code(payload.dict())
    try:
        producer = producer_create(actor=request.auth, **fields)
    except AddressError as error:
        return _address_refused(error)
    return Status(201, Producer.objects.select_related(*_DETAIL).get(pk=producer.pk))


@router.post("/{producer_id}/archive", response=ProducerOut, summary="Lưu trữ / Archive a producer")
@permission(LOGGED_IN)
def archive_producer(request, producer_id: int, archived: bool = True):
    producer = get_visible_or_404(request.auth, Producer.objects.all(), pk=producer_id)
    producer_archive(actor=request.auth, producer=producer, archived=archived)
    return Producer.objects.select_related(*_DETAIL).get(pk=producer_id)


@router.get("/{producer_id}", response=ProducerOut, summary="Một chủ thể / One producer")
@permission(LOGGED_IN)
def get_producer(request, producer_id: int):
    return get_visible_or_404(request.auth, Producer.objects.select_related(*_DETAIL), pk=producer_id)


@router.patch(
    "/{producer_id}", response={200: ProducerOut, 400: AddressErrorOut}, summary="Sửa chủ thể / Update a producer"
)
@permission(LOGGED_IN)
def patch_producer(request, producer_id: int, payload: ProducerPatch):
    producer = get_visible_or_404(request.auth, Producer.objects.all(), pk=producer_id)
    changes = payload.dict(exclude_unset=True)
    if "commune_code" in changes and changes["commune_code"] is None and changes.get("historical_commune_code") is None:
        raise DomainError(
            _("Chỉ bỏ trống xã, phường hiện nay khi ghi xã, phường trước 7/2025 (historical_commune_code)."),
            field="commune_code",
        )
    changes = _units_by_code(changes)
    try:
        updated = producer_update(actor=request.auth, producer=producer, changes=changes)
    except AddressError as error:
        return _address_refused(error)
    return Producer.objects.select_related(*_DETAIL).get(pk=updated.pk)
