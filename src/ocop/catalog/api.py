"""Public catalogue API: search with the page's filters, and a product's public record. No login."""

from datetime import date

from django.http import Http404
from ninja import Field, Query, Router, Schema

from ocop.accounts.policy import PUBLIC, permission
from ocop.catalog import integrations, selectors
from ocop.catalog.forms import CERTIFICATION_KINDS, PAGE_SIZE, CatalogFilters, Sort
from ocop.catalog.links import producer_url, product_url
from ocop.core.fields import Int, one_of, require_known_code
from ocop.core.pagination import MAX_LIMIT, MAX_OFFSET, page_of
from ocop.core.ratelimit import rate_limited

router = Router(tags=["catalog"])


class SearchParams(Schema):
    q: str = ""
    group: Int | None = None
    product_set: Int | None = None
    stars: Int | None = None
    commune: Int | None = None
    district: Int | None = None
    certification: one_of(*sorted(CERTIFICATION_KINDS)) = ""
    market: str = Field("", description="Mã thị trường (GET /api/v1/trade/markets) / a market code")
    online: bool = False
    sort: one_of(*(code for code, _label in Sort.CHOICES)) = ""
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT, description=f"Số dòng mỗi trang, 1–{MAX_LIMIT} / page size")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Bỏ qua bao nhiêu dòng đầu / rows to skip")


class PublicProducerOut(Schema):
    id: Int
    name: str
    url: str
    commune: str
    province: str


class ProductCard(Schema):
    id: Int
    name_vi: str
    name_en: str
    url: str
    stars: Int | None
    product_set: str | None
    producer: PublicProducerOut
    is_demo: bool


class SearchOut(Schema):
    items: list[ProductCard]
    count: Int
    limit: Int
    offset: Int
    corrected: bool = Field(description="Đã sửa lỗi chính tả của từ khoá / the query was spell-corrected")


class PublicCertificateOut(Schema):
    number: str
    stars: Int
    valid_until: date
    verification_url: str


class ProductDetail(ProductCard):
    description_vi: str
    description_en: str
    story_vi: str
    story_en: str
    gtin: str
    photos: list[str]
    certificate: PublicCertificateOut | None
    certifications: list[str]
    inquiry_url: str


def _producer(product) -> dict:
    producer = product.producer
    return {
        "id": producer.pk,
        "name": producer.legal_name,
        "url": producer_url(producer),
        "commune": producer.commune.name,
        "province": producer.commune.province.name,
    }


def _card(product) -> dict:
    return {
        "id": product.pk,
        "name_vi": product.name_vi,
        "name_en": product.name_en,
        "url": product_url(product),
        "stars": product.current_stars,
        "product_set": product.product_set.name_vi if product.product_set_id else None,
        "producer": _producer(product),
        "is_demo": product.is_demo,
    }


@router.get("/search", response=SearchOut, auth=None, summary="Tìm sản phẩm / search products")
@rate_limited("search")
@permission(PUBLIC)
def search(request, params: Query[SearchParams]):
    """Same rules and filters as the catalogue page: without diacritics, last word as a prefix."""
    filters = CatalogFilters(
        q=params.q.strip()[:200],
        group=params.group,
        product_set=params.product_set,
        stars=params.stars if params.stars in (3, 4, 5) else None,
        commune=params.commune,
        district=params.district,
        certification=params.certification,
        market=require_known_code("market", params.market, (code for code, _label in integrations.export_markets())),
        online=params.online,
        sort=params.sort,
    )
    page = selectors.catalogue_page(filters, page_size=params.limit, offset=params.offset)
    return page_of(
        [_card(product) for product in page.products],
        count=page.total,
        limit=params.limit,
        offset=params.offset,
        corrected=page.corrected,
    )


@router.get("/products/{product_id}", response=ProductDetail, auth=None, summary="Sản phẩm / product")
@permission(PUBLIC)
def product_detail(request, product_id: int):
    product = selectors.product_detail(product_id)
    if product is None:
        raise Http404
    certificate = selectors.current_certificate(product) if product.current_stars else None
    return {
        **_card(product),
        "description_vi": product.description_vi,
        "description_en": product.description_en,
        "story_vi": product.story_vi,
        "story_en": product.story_en,
        "gtin": product.gtin,
        "photos": [photo.image.url for photo in product.photo_list],
        "certificate": {
            "number": certificate.number,
            "stars": certificate.stars,
            "valid_until": certificate.valid_until,
            "verification_url": integrations.verification_url(certificate),
        }
        if certificate
        else None,
        "certifications": [document.kind for document in selectors.product_certifications(product)],
        "inquiry_url": integrations.inquiry_url(product),
    }
