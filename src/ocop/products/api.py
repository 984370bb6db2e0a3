from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from ocop.accounts.policy import LOGGED_IN, get_visible_or_404, permission, visible
from ocop.core.fields import Int, IsoDate, PatchSchema, one_of
from ocop.core.pagination import paginated
from ocop.criteria.models import ProductSet
from ocop.producers.models import Producer
from ocop.products.models import CertificationDocument, ProductStatus
from ocop.products.selectors import product_detail_queryset, product_list
from ocop.products.services import (
    document_create,
    product_archive,
    product_create,
    product_photo_add,
    product_update,
)

router = Router(tags=["products"])


class PhotoOut(Schema):
    id: Int
    url: str
    width: Int
    height: Int
    caption: str

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.image.url


class DocumentOut(Schema):
    id: Int
    producer_id: Int
    product_id: Int | None
    kind: str
    number: str
    issuer: str
    issued_on: date | None
    expires_on: date | None
    expired: bool

    @staticmethod
    def resolve_expired(obj) -> bool:
        return obj.is_expired()


class ProductOut(Schema):
    id: Int
    producer_id: Int
    producer_name: str
    name_vi: str
    name_en: str
    product_set: str | None
    description_vi: str
    description_en: str
    story_vi: str
    story_en: str
    ingredients: str
    net_content: Decimal | None
    net_content_unit: str
    packaging: str
    shelf_life_days: Int | None
    price_min_vnd: Int | None
    price_max_vnd: Int | None
    gtin: str
    hs_code: str
    status: str
    archived: bool
    is_demo: bool

    @staticmethod
    def resolve_producer_name(obj) -> str:
        return obj.producer.legal_name

    @staticmethod
    def resolve_product_set(obj) -> str | None:
        return f"{obj.product_set.version.code}/{obj.product_set.slug}" if obj.product_set_id else None

    @staticmethod
    def resolve_archived(obj) -> bool:
        return obj.archived_at is not None


class ProductDetailOut(ProductOut):
    photos: list[PhotoOut]
    documents: list[DocumentOut]

    @staticmethod
    def resolve_photos(obj):
        return list(obj.photos.all())

    @staticmethod
    def resolve_documents(obj):
        return list(obj.documents.all())


class ProductIn(PatchSchema):
    nullable = frozenset({"product_set_id", "net_content", "shelf_life_days", "price_min_vnd", "price_max_vnd"})

    name_vi: str | None = None
    name_en: str | None = None
    product_set_id: Int | None = None
    description_vi: str | None = None
    description_en: str | None = None
    story_vi: str | None = None
    story_en: str | None = None
    ingredients: str | None = None
    net_content: Decimal | None = None
    net_content_unit: str | None = None
    packaging: str | None = None
    shelf_life_days: Int | None = None
    price_min_vnd: Int | None = None
    price_max_vnd: Int | None = None
    gtin: str | None = None
    hs_code: str | None = None
    status: str | None = None


class ProductCreateIn(ProductIn):
    producer_id: Int
    name_vi: str


class DocumentIn(Schema):
    producer_id: Int
    product_id: Int | None = None
    kind: str
    number: str = ""
    issuer: str = ""
    issued_on: IsoDate | None = None
    expires_on: IsoDate | None = None
    notes: str = ""


def _fields(payload: ProductIn) -> dict:
    fields = payload.dict(exclude_unset=True)
    fields.pop("producer_id", None)
    if "product_set_id" in fields:
        set_id = fields.pop("product_set_id")
        fields["product_set"] = get_object_or_404(ProductSet, pk=set_id) if set_id else None
    return {key: ("" if value is None and key not in _NULLABLE else value) for key, value in fields.items()}


_NULLABLE = {"product_set", "net_content", "shelf_life_days", "price_min_vnd", "price_max_vnd"}


@router.get("/", response=list[ProductOut], summary="Danh sách sản phẩm / List products")
@paginated
@permission(LOGGED_IN)
def list_products(
    request,
    q: str = "",
    status: one_of(*ProductStatus.values) = "",
    producer_id: Int | None = None,
    archived: bool = False,
):
    return product_list(user=request.auth, query=q, status=status, producer_id=producer_id, include_archived=archived)


@router.post("/", response={201: ProductDetailOut}, summary="Thêm sản phẩm / Create a product")
@permission(LOGGED_IN)
def create_product(request, payload: ProductCreateIn):
    producer = get_visible_or_404(request.auth, Producer.objects.all(), pk=payload.producer_id)
    product = product_create(actor=request.auth, producer=producer, **_fields(payload))
    return Status(201, product_detail_queryset().get(pk=product.pk))


@router.get("/{product_id}", response=ProductDetailOut, summary="Một sản phẩm / One product")
@permission(LOGGED_IN)
def get_product(request, product_id: int):
    return get_visible_or_404(request.auth, product_detail_queryset(), pk=product_id)


@router.patch("/{product_id}", response=ProductDetailOut, summary="Sửa sản phẩm / Update a product")
@permission(LOGGED_IN)
def patch_product(request, product_id: int, payload: ProductIn):
    product = get_visible_or_404(request.auth, product_detail_queryset(), pk=product_id)
    product_update(actor=request.auth, product=product, changes=_fields(payload))
    return product_detail_queryset().get(pk=product_id)


@router.post("/{product_id}/archive", response=ProductDetailOut, summary="Lưu trữ / Archive a product")
@permission(LOGGED_IN)
def archive_product(request, product_id: int, archived: bool = True):
    product = get_visible_or_404(request.auth, product_detail_queryset(), pk=product_id)
    product_archive(actor=request.auth, product=product, archived=archived)
    return product_detail_queryset().get(pk=product_id)


@router.post("/{product_id}/photos", response={201: PhotoOut}, summary="Thêm ảnh / Add a photo")
@permission(LOGGED_IN)
def add_photo(request, product_id: int, image: File[UploadedFile], caption: Form[str] = ""):
    product = get_visible_or_404(request.auth, product_detail_queryset(), pk=product_id)
    return Status(201, product_photo_add(actor=request.auth, product=product, upload=image, caption=caption))


@router.get("/documents/", response=list[DocumentOut], summary="Giấy chứng nhận / Certification documents")
@paginated
@permission(LOGGED_IN)
def list_documents(request, producer_id: int | None = None, product_id: int | None = None):
    documents = visible(request.auth, CertificationDocument.objects.all()).order_by("kind", "pk")
    if producer_id:
        documents = documents.filter(producer_id=producer_id)
    if product_id:
        documents = documents.filter(product_id=product_id)
    return documents


@router.post("/documents/", response={201: DocumentOut}, summary="Thêm giấy chứng nhận / Add a document")
@permission(LOGGED_IN)
def create_document(request, payload: DocumentIn):
    producer = get_visible_or_404(request.auth, Producer.objects.all(), pk=payload.producer_id)
    fields = payload.dict(exclude={"producer_id", "product_id"})
    product = None
    if payload.product_id:
        product = get_visible_or_404(request.auth, product_detail_queryset(), pk=payload.product_id)
    return Status(201, document_create(actor=request.auth, producer=producer, product=product, **fields))
