"""Distribution and export API at /api/v1/trade/. Thin: parse, check the policy, call a service or selector."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from ocop.accounts import policy
from ocop.accounts.policy import LOGGED_IN, PUBLIC, get_visible_or_404, permission, visible
from ocop.core.errors import DomainError
from ocop.core.fields import Int, IsoDate, PatchSchema, one_of, require_known_code
from ocop.core.formatting import localized
from ocop.core.pagination import paginated
from ocop.core.ratelimit import rate_limited
from ocop.geo.models import Commune, Province
from ocop.producers.models import Producer
from ocop.products.models import Product
from ocop.products.selectors import public_products
from ocop.trade import selectors, services
from ocop.trade.models import (
    DistributionAgreement,
    DistributionAgreementKind,
    DistributionAgreementStatus,
    ExportCredential,
    ExportProfile,
    InquiryStatus,
    Listing,
    ListingStatus,
    Market,
    Partner,
    Platform,
    SalesPoint,
)
from ocop.trade.readiness import Readiness, product_readiness, readiness_matrix

router = Router(tags=["trade"])


def _products(user, ids: list[int]) -> list[Product]:
    products = list(visible(user, Product.objects.select_related("producer__commune")).filter(pk__in=ids))
    if len(products) != len(set(ids)):
        raise DomainError(_("Có sản phẩm không tồn tại hoặc ngoài phạm vi của bạn."), field="product_ids")
    return products


# --- Reference data ---------------------------------------------------------------------------


class PlatformOut(Schema):
    id: Int
    code: str
    name: str
    domain: str
    counts_for_national_target: bool


class MarketRequirementOut(Schema):
    code: str
    name_vi: str
    name_en: str
    document_kinds: list[str]
    credential_kinds: list[str]
    product_field: str
    product_groups: list[str]


class MarketOut(Schema):
    id: Int
    code: str
    name_vi: str
    name_en: str
    requirements: list[MarketRequirementOut]

    @staticmethod
    def resolve_requirements(obj):
        return list(obj.requirements.all())


@router.get("/platforms", response=list[PlatformOut], auth=None, summary="Sàn TMĐT / E-commerce platforms")
@paginated
@permission(PUBLIC)
def list_platforms(request):
    return selectors.platforms_active()


@router.get("/markets", response=list[MarketOut], auth=None, summary="Thị trường và yêu cầu / Markets and checklists")
@paginated
@permission(PUBLIC)
def list_markets(request):
    return Market.objects.filter(active=True).prefetch_related("requirements").order_by("position", "code")


# --- Listings ----------------------------------------------------------------------------------


class ListingOut(Schema):
    id: Int
    product_id: Int
    product_name: str
    platform: str
    platform_name: str
    url: str
    listed_since: date | None
    status: str
    notes: str

    @staticmethod
    def resolve_product_name(obj) -> str:
        return obj.product.name_vi

    @staticmethod
    def resolve_platform(obj) -> str:
        return obj.platform.code

    @staticmethod
    def resolve_platform_name(obj) -> str:
        return obj.platform.name


class ListingSavedOut(ListingOut):
    warnings: list[str]


class ListingIn(Schema):
    product_id: Int
    platform: str
    url: str
    listed_since: IsoDate | None = None
    status: str = "active"
    notes: str = ""


class ListingPatch(PatchSchema):
    nullable = frozenset({"listed_since"})

    platform: str | None = None
    url: str | None = None
    listed_since: IsoDate | None = None
    status: str | None = None
    notes: str | None = None


def _platform(code: str) -> Platform:
    platform = Platform.objects.filter(code=code).first()
    if platform is None:
        raise DomainError(_("Không có sàn mã %(code)s.") % {"code": code}, field="platform")
    return platform


def _with_warnings(listing: Listing) -> Listing:
    listing.warnings = services.listing_url_problems(listing.platform, listing.url)[1]
    return listing


class CoverageMissingOut(Schema):
    product_id: Int
    product_name: str
    producer_name: str
    commune: str
    stars: Int | None
    other_platforms: list[str]


class CoveragePlatformOut(Schema):
    code: str
    name: str
    products: Int
    counts_for_national_target: bool


class CoverageOut(Schema):
    day: date
    products_total: Int
    products_online: Int
    certified_total: Int
    certified_online: Int
    certified_on_target: Int
    platforms: list[CoveragePlatformOut]
    certified_missing_target: list[CoverageMissingOut]


@router.get("/listings/coverage", response=CoverageOut, summary="Độ phủ TMĐT / Online coverage and ★3+ not online")
@permission(policy.may_see_trade)
def listing_coverage(request):
    report = selectors.listing_coverage(user=request.auth)
    return {
        **report,
        "platforms": [
            {
                "code": p.code,
                "name": p.name,
                "products": p.product_count,
                "counts_for_national_target": p.counts_for_national_target,
            }
            for p in report["platforms"]
        ],
        "certified_missing_target": [
            {
                "product_id": p.pk,
                "product_name": p.name_vi,
                "producer_name": p.producer.legal_name,
                "commune": p.producer.commune.name,
                "stars": p.current_stars,
                "other_platforms": [listing.platform.name for listing in p.active_listings],
            }
            for p in report["certified_missing_target"]
        ],
    }


@router.get("/listings", response=list[ListingOut], summary="Gian hàng TMĐT / Listings")
@paginated
@permission(LOGGED_IN)
def list_listings(
    request, platform: str = "", status: one_of(*ListingStatus.values) = "", q: str = "", product_id: int | None = None
):
    platform_id = _platform(platform).pk if platform else None
    return selectors.listing_list(
        user=request.auth, platform_id=platform_id, status=status, query=q, product_id=product_id
    )


@router.post("/listings", response={201: ListingSavedOut}, summary="Thêm gian hàng / Add a listing")
@permission(LOGGED_IN)
def create_listing(request, payload: ListingIn):
    product = get_visible_or_404(request.auth, Product.objects.select_related("producer"), pk=payload.product_id)
    listing = services.listing_create(
        actor=request.auth,
        product=product,
        platform=_platform(payload.platform),
        url=payload.url,
        listed_since=payload.listed_since,
        status=payload.status,
        notes=payload.notes,
    )
    return Status(201, _with_warnings(listing))


@router.patch("/listings/{listing_id}", response=ListingSavedOut, summary="Sửa gian hàng / Update a listing")
@permission(LOGGED_IN)
def patch_listing(request, listing_id: int, payload: ListingPatch):
    listing = get_visible_or_404(request.auth, Listing.objects.select_related("product", "platform"), pk=listing_id)
    changes = payload.dict(exclude_unset=True)
    if "platform" in changes:
        changes["platform"] = _platform(changes["platform"])
    for key in ("url", "notes", "status"):
        if key in changes and changes[key] is None:
            changes[key] = ""
    return _with_warnings(services.listing_update(actor=request.auth, listing=listing, changes=changes))


# --- Sales points ---------------------------------------------------------------------------------


class SalesPointOut(Schema):
    id: Int
    name: str
    kind: str
    address: str
    commune_code: Int
    commune: str
    operator: str
    phone: str
    opening_hours: str
    active: bool
    product_ids: list[Int]

    @staticmethod
    def resolve_commune_code(obj) -> int:
        return obj.commune.code

    @staticmethod
    def resolve_commune(obj) -> str:
        return obj.commune.name

    @staticmethod
    def resolve_product_ids(obj) -> list[int]:
        return sorted(product.pk for product in obj.products.all())


class SalesPointIn(Schema):
    name: str
    kind: str = "ocop_shop"
    address: str
    commune_code: Int
    operator: str = ""
    phone: str = ""
    opening_hours: str = ""
    active: bool = True
    product_ids: list[Int] = []


class SalesPointPatch(PatchSchema):
    name: str | None = None
    kind: str | None = None
    address: str | None = None
    commune_code: Int | None = None
    operator: str | None = None
    phone: str | None = None
    opening_hours: str | None = None
    active: bool | None = None
    product_ids: list[Int] | None = None


@router.get("/sales-points", response=list[SalesPointOut], auth=None, summary="Điểm bán OCOP / Sales points")
@paginated
@permission(PUBLIC)
def list_sales_points(request, q: str = "", commune_code: int | None = None):
    commune_id = (
        Commune.objects.filter(code=commune_code).values_list("pk", flat=True).first() if commune_code else None
    )
    return selectors.sales_point_list(user=request.user, query=q, commune_id=commune_id).prefetch_related("products")


@router.post("/sales-points", response={201: SalesPointOut}, summary="Thêm điểm bán / Add a sales point")
@permission(LOGGED_IN)
def create_sales_point(request, payload: SalesPointIn):
    fields = payload.dict(exclude={"commune_code", "product_ids"})
    commune = get_object_or_404(Commune.objects.select_related("province"), code=payload.commune_code)
    services.require_manage_province(request.auth, commune.province_id)
    point = services.sales_point_create(
        actor=request.auth, commune=commune, products=_products(request.auth, payload.product_ids), **fields
    )
    return Status(201, selectors.sales_point_detail_queryset().get(pk=point.pk))


@router.patch("/sales-points/{point_id}", response=SalesPointOut, summary="Sửa điểm bán / Update a sales point")
@permission(LOGGED_IN)
def patch_sales_point(request, point_id: int, payload: SalesPointPatch):
    point = get_object_or_404(SalesPoint, pk=point_id)
    changes = payload.dict(exclude_unset=True, exclude={"product_ids", "commune_code"})
    changes = {key: ("" if value is None and key not in ("active",) else value) for key, value in changes.items()}
    if payload.commune_code is not None:
        changes["commune"] = get_object_or_404(Commune, code=payload.commune_code)
    products = _products(request.auth, payload.product_ids) if payload.product_ids is not None else None
    services.sales_point_update(actor=request.auth, point=point, changes=changes, products=products)
    return selectors.sales_point_detail_queryset().get(pk=point_id)


# --- Partners and agreements ------------------------------------------------------------------------


class PartnerOut(Schema):
    id: Int
    name: str
    kind: str
    country: str
    website: str


class PartnerIn(Schema):
    name: str
    kind: str
    country: str = "Việt Nam"
    website: str = ""


@router.get("/partners", response=list[PartnerOut], summary="Đối tác / Partners")
@paginated
@permission(policy.may_see_trade_office)
def list_partners(request):
    return Partner.objects.order_by("name")


@router.post("/partners", response={201: PartnerOut}, summary="Thêm đối tác / Add a partner")
@permission(policy.may_see_trade_office)
def create_partner(request, payload: PartnerIn):
    return Status(201, services.partner_create(actor=request.auth, **payload.dict()))


class DistributionAgreementOut(Schema):
    id: Int
    province_code: Int
    kind: str
    title: str
    number: str
    department: str
    producer_id: Int | None
    partner: PartnerOut
    signed_on: date
    ends_on: date | None
    value_vnd: Int | None
    scope_note: str
    status: str
    effective_status: str
    product_ids: list[Int]
    document_url: str | None

    @staticmethod
    def resolve_province_code(obj) -> int:
        return obj.province.code

    @staticmethod
    def resolve_effective_status(obj) -> str:
        return obj.effective_status()

    @staticmethod
    def resolve_product_ids(obj) -> list[int]:
        return sorted(product.pk for product in obj.products.all())

    @staticmethod
    def resolve_document_url(obj) -> str | None:
        return obj.document.url if obj.document else None


class DistributionAgreementIn(Schema):
    province_code: Int | None = None
    kind: str
    title: str
    number: str = ""
    department: str = ""
    producer_id: Int | None = None
    partner_id: Int
    signed_on: IsoDate
    ends_on: IsoDate | None = None
    value_vnd: Int | None = None
    scope_note: str = ""
    status: str = "active"
    product_ids: list[Int] = []


class DistributionAgreementPatch(PatchSchema):
    nullable = frozenset({"producer_id", "ends_on", "value_vnd"})

    kind: str | None = None
    title: str | None = None
    number: str | None = None
    department: str | None = None
    producer_id: Int | None = None
    partner_id: Int | None = None
    signed_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    value_vnd: Int | None = None
    scope_note: str | None = None
    status: str | None = None
    product_ids: list[Int] | None = None


def _agreement_fields(user, data: dict) -> dict:
    if "producer_id" in data:
        producer_id = data.pop("producer_id")
        data["producer"] = (
            get_visible_or_404(user, Producer.objects.select_related("commune"), pk=producer_id)
            if producer_id
            else None
        )
    if "partner_id" in data:
        data["partner"] = get_object_or_404(Partner, pk=data.pop("partner_id"))
    nullable = {"producer", "ends_on", "value_vnd"}
    return {key: ("" if value is None and key not in nullable else value) for key, value in data.items()}


@router.get("/agreements", response=list[DistributionAgreementOut], summary="Thoả thuận phân phối / Agreements")
@paginated
@permission(LOGGED_IN)
def list_agreements(
    request,
    kind: one_of(*DistributionAgreementKind.values) = "",
    status: one_of(*DistributionAgreementStatus.values) = "",
    q: str = "",
):
    return selectors.agreement_list(user=request.auth, kind=kind, status=status, query=q).prefetch_related("products")


@router.get("/agreements/{agreement_id}", response=DistributionAgreementOut, summary="Một thoả thuận / One agreement")
@permission(LOGGED_IN)
def get_agreement(request, agreement_id: int):
    return get_visible_or_404(request.auth, selectors.agreement_detail_queryset(), pk=agreement_id)


@router.post("/agreements", response={201: DistributionAgreementOut}, summary="Thêm thoả thuận / Add an agreement")
@permission(LOGGED_IN)
def create_agreement(request, payload: DistributionAgreementIn):
    user = request.auth
    code = payload.province_code or (user.province.code if getattr(user, "province_id", None) else None)
    province = get_object_or_404(Province, code=code) if code else None
    if province is None:
        raise DomainError(_("Cần chọn tỉnh của thoả thuận."), field="province_code")
    services.require_manage_province(user, province.pk)
    fields = _agreement_fields(user, payload.dict(exclude={"province_code", "product_ids"}))
    agreement = services.agreement_create(
        actor=user, province=province, products=_products(user, payload.product_ids), **fields
    )
    return Status(201, selectors.agreement_detail_queryset().get(pk=agreement.pk))


@router.patch(
    "/agreements/{agreement_id}", response=DistributionAgreementOut, summary="Sửa thoả thuận / Update an agreement"
)
@permission(LOGGED_IN)
def patch_agreement(request, agreement_id: int, payload: DistributionAgreementPatch):
    agreement = get_visible_or_404(request.auth, DistributionAgreement.objects.all(), pk=agreement_id)
    changes = _agreement_fields(request.auth, payload.dict(exclude_unset=True, exclude={"product_ids"}))
    products = _products(request.auth, payload.product_ids) if payload.product_ids is not None else None
    services.agreement_update(actor=request.auth, agreement=agreement, changes=changes, products=products)
    return selectors.agreement_detail_queryset().get(pk=agreement_id)


# --- Export credentials, profiles, readiness ----------------------------------------------------------


class CredentialOut(Schema):
    id: Int
    producer_id: Int
    product_id: Int | None
    market: str | None
    kind: str
    number: str
    issuer: str
    issued_on: date | None
    expires_on: date | None
    expired: bool

    @staticmethod
    def resolve_market(obj) -> str | None:
        return obj.market.code if obj.market_id else None

    @staticmethod
    def resolve_expired(obj) -> bool:
        return obj.is_expired()


class CredentialIn(Schema):
    producer_id: Int
    product_id: Int | None = None
    market: str | None = None
    kind: str
    number: str = ""
    issuer: str = ""
    issued_on: IsoDate | None = None
    expires_on: IsoDate | None = None
    notes: str = ""


@router.get("/credentials", response=list[CredentialOut], summary="Giấy tờ xuất khẩu / Export credentials")
@paginated
@permission(LOGGED_IN)
def list_credentials(request, producer_id: int | None = None, product_id: int | None = None):
    return selectors.credential_list(user=request.auth, producer_id=producer_id, product_id=product_id)


@router.post("/credentials", response={201: CredentialOut}, summary="Thêm giấy tờ xuất khẩu / Add an export credential")
@permission(LOGGED_IN)
def create_credential(request, payload: CredentialIn):
    producer = get_visible_or_404(request.auth, Producer.objects.all(), pk=payload.producer_id)
    product = None
    if payload.product_id:
        product = get_visible_or_404(request.auth, Product.objects.all(), pk=payload.product_id)
    market = get_object_or_404(Market, code=payload.market) if payload.market else None
    fields = payload.dict(exclude={"producer_id", "product_id", "market"})
    credential = services.credential_create(
        actor=request.auth, producer=producer, product=product, market=market, **fields
    )
    return Status(201, ExportCredential.objects.select_related("market").get(pk=credential.pk))


class ProfileOut(Schema):
    product_id: Int
    hs_code: str
    capacity_per_month: Decimal | None = None
    capacity_unit: str = ""
    min_order_quantity: Decimal | None = None
    min_order_unit: str = ""
    lead_time_days: Int | None = None
    incoterms: list[str] = []
    port_of_loading: str = ""
    notes: str = ""


class ProfileIn(Schema):
    capacity_per_month: Decimal | None = None
    capacity_unit: str | None = None
    min_order_quantity: Decimal | None = None
    min_order_unit: str | None = None
    lead_time_days: Int | None = None
    incoterms: list[str] | None = None
    port_of_loading: str | None = None
    notes: str | None = None


def _profile_out(product: Product) -> dict:
    profile = ExportProfile.objects.filter(product=product).first()
    data = {"product_id": product.pk, "hs_code": product.hs_code}
    if profile is not None:
        data.update(
            capacity_per_month=profile.capacity_per_month,
            capacity_unit=profile.capacity_unit,
            min_order_quantity=profile.min_order_quantity,
            min_order_unit=profile.min_order_unit,
            lead_time_days=profile.lead_time_days,
            incoterms=profile.incoterm_list,
            port_of_loading=profile.port_of_loading,
            notes=profile.notes,
        )
    return data


@router.get(
    "/products/{product_id}/export-profile", response=ProfileOut, summary="Hồ sơ chào hàng / Export offer terms"
)
@permission(LOGGED_IN)
def get_profile(request, product_id: int):
    return _profile_out(get_visible_or_404(request.auth, Product.objects.all(), pk=product_id))


@router.put(
    "/products/{product_id}/export-profile", response=ProfileOut, summary="Lưu hồ sơ chào hàng / Save offer terms"
)
@permission(LOGGED_IN)
def put_profile(request, product_id: int, payload: ProfileIn):
    product = get_visible_or_404(request.auth, Product.objects.all(), pk=product_id)
    nullable = {"capacity_per_month", "min_order_quantity", "lead_time_days"}
    changes = {
        key: ("" if value is None and key not in nullable else value)
        for key, value in payload.dict(exclude_unset=True).items()
    }
    services.export_profile_save(actor=request.auth, product=product, changes=changes)
    return _profile_out(product)


class LineOut(Schema):
    code: str
    name: str
    met: bool
    accepted: list[str]
    evidence: str | None
    lapsed: str | None
    lapsed_on: date | None


class ReadinessOut(Schema):
    product_id: Int
    product_name: str
    market: str
    total: Int
    met: Int
    percent: Int | None
    ready: bool
    lines: list[LineOut]


def _paper_out(paper, *, numbers: bool) -> str | None:
    """A document as the caller may read it: its type, and its number only for those who hold the file."""
    if paper is None:
        return None
    return f"{paper.kind_label} {paper.number}".strip() if numbers else paper.kind_label


def _readiness_out(readiness: Readiness, *, numbers: bool = True) -> dict:
    lines = []
    for check in readiness.checks:
        lines.append(
            {
                "code": check.requirement.code,
                "name": check.name,
                "met": check.met,
                "accepted": check.accepted,
                "evidence": _paper_out(check.evidence, numbers=numbers),
                "lapsed": _paper_out(check.lapsed, numbers=numbers),
                "lapsed_on": check.lapsed.expires_on if check.lapsed else None,
            }
        )
    return {
        "product_id": readiness.product.pk,
        "product_name": localized(readiness.product, "name"),
        "market": readiness.market.code,
        "total": readiness.total,
        "met": readiness.met_count,
        "percent": readiness.percent,
        "ready": readiness.ready,
        "lines": lines,
    }


class ReadinessRowOut(Schema):
    product_id: Int
    product_name: str
    producer_name: str
    markets: list[ReadinessOut]


class _ReadinessRows:
    """Rows of the matrix for the paginator: each page is computed as one matrix (no query per cell)."""

    def __init__(self, products, markets, day, *, numbers: bool):
        self.products, self.markets, self.day, self.numbers = products, markets, day, numbers

    def __len__(self) -> int:
        return self.products.count()

    def __getitem__(self, window: slice) -> list[dict]:
        matrix = readiness_matrix(list(self.products[window]), self.markets, self.day)
        return [
            {
                "product_id": product.pk,
                "product_name": product.name_vi,
                "producer_name": product.producer.legal_name,
                "markets": [_readiness_out(cell, numbers=self.numbers) for cell in cells],
            }
            for product, cells in matrix.rows()
        ]


@router.get("/readiness", response=list[ReadinessRowOut], summary="Ma trận sẵn sàng xuất khẩu / Readiness matrix")
@paginated
@permission(policy.may_see_readiness)
def readiness(request, market: str = "", q: str = "", certified_only: bool = False, day: IsoDate | None = None):
    """One row per product the user may see, one cell per active market (or only `market`). The trade
    workspace's roles (producers, commune and provincial officers, the central office) see the products in
    their scope with the numbers of the documents that meet a line; a buyer sees the public, certified
    products and only the types of the documents."""
    user = request.auth
    markets = list(Market.objects.filter(active=True))
    if market:
        require_known_code("market", market, (each.code for each in markets))
        markets = [each for each in markets if each.code == market]
    products = selectors.readiness_products(user=user, query=q, certified_only=certified_only, day=day)
    return _ReadinessRows(products, markets, day or timezone.localdate(), numbers=policy.may_see_trade(user))


@router.get(
    "/products/{product_id}/readiness", response=list[ReadinessOut], summary="Sẵn sàng xuất khẩu / Product readiness"
)
@paginated
@permission(LOGGED_IN)
def readiness_of_product(request, product_id: int, day: IsoDate | None = None):
    product = get_visible_or_404(request.auth, Product.objects.all(), pk=product_id)
    return [_readiness_out(item) for item in product_readiness(product, day=day)]


class ReadyProductOut(Schema):
    id: Int
    name_vi: str
    name_en: str
    producer_name: str

    @staticmethod
    def resolve_producer_name(obj) -> str:
        return obj.producer.legal_name


@router.get(
    "/export-ready/{market_code}",
    response=list[ReadyProductOut],
    auth=None,
    summary="Sản phẩm sẵn sàng xuất khẩu / Products export-ready for a market",
)
@paginated
@permission(PUBLIC)
def export_ready(request, market_code: str):
    """Scoped roles get the products of their scope; buyers and the public get certified (★3+) products."""
    user = request.user
    base = Product.objects.filter(archived_at__isnull=True)
    public = not policy.LOGGED_IN(user) or policy.is_buyer(user)
    base = base.filter(selectors.certified_q(3)) if public else visible(user, base)
    return selectors.filter_export_ready(base, market_code).select_related("producer").order_by("name_vi", "pk")


# --- Inquiries ---------------------------------------------------------------------------------------


class MessageOut(Schema):
    id: Int
    side: str
    author: str | None
    body: str
    created_at: str

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.display_name if obj.author_id else None

    @staticmethod
    def resolve_created_at(obj) -> str:
        return obj.created_at.isoformat()


class InquiryOut(Schema):
    id: Int
    product_id: Int
    product_name: str
    company: str
    contact_name: str
    country: str
    email: str
    quantity: str
    target_market: str | None
    incoterm: str
    message: str
    status: str
    created_at: str

    @staticmethod
    def resolve_product_name(obj) -> str:
        return obj.product.name_vi

    @staticmethod
    def resolve_target_market(obj) -> str | None:
        return obj.target_market.code if obj.target_market_id else None

    @staticmethod
    def resolve_created_at(obj) -> str:
        return obj.created_at.isoformat()


class InquiryDetailOut(InquiryOut):
    messages: list[MessageOut]

    @staticmethod
    def resolve_messages(obj):
        return list(obj.messages.all())


class InquiryIn(Schema):
    product_id: Int
    company: str
    contact_name: str = ""
    country: str
    email: str
    phone: str = ""
    quantity: str
    target_market: str | None = None
    incoterm: str = ""
    message: str


class ReplyIn(Schema):
    body: str


class StatusIn(Schema):
    status: str


@router.get("/inquiries", response=list[InquiryOut], summary="Yêu cầu của người mua / Buyer inquiries")
@paginated
@permission(LOGGED_IN)
def list_inquiries(request, status: one_of(*InquiryStatus.values) = "", product_id: int | None = None):
    return selectors.inquiry_list(user=request.auth, status=status, product_id=product_id)


@router.get("/inquiries/{inquiry_id}", response=InquiryDetailOut, summary="Một yêu cầu / One inquiry")
@permission(LOGGED_IN)
def get_inquiry(request, inquiry_id: int):
    return selectors.inquiry_for(request.auth, inquiry_id, detail=True)


@router.post("/inquiries", response={201: InquiryDetailOut}, summary="Gửi yêu cầu / Send an inquiry")
@rate_limited("inquiry")
@permission(LOGGED_IN)
def create_inquiry(request, payload: InquiryIn):
    product = get_object_or_404(public_products().select_related("producer"), pk=payload.product_id)
    market = get_object_or_404(Market, code=payload.target_market) if payload.target_market else None
    inquiry = services.inquiry_submit(
        product=product,
        buyer=request.auth,
        target_market=market,
        language=get_language() or "vi",
        **payload.dict(exclude={"product_id", "target_market"}),
    )
    return Status(201, selectors.inquiry_detail_queryset().get(pk=inquiry.pk))


@router.post("/inquiries/{inquiry_id}/messages", response={201: MessageOut}, summary="Trả lời / Reply")
@permission(LOGGED_IN)
def reply_inquiry(request, inquiry_id: int, payload: ReplyIn):
    inquiry = selectors.inquiry_for(request.auth, inquiry_id)
    return Status(201, services.inquiry_reply(actor=request.auth, inquiry=inquiry, body=payload.body))


@router.post("/inquiries/{inquiry_id}/status", response=InquiryDetailOut, summary="Đóng, mở lại / Close or reopen")
@permission(LOGGED_IN)
def set_inquiry_status(request, inquiry_id: int, payload: StatusIn):
    inquiry = selectors.inquiry_for(request.auth, inquiry_id)
    services.inquiry_set_status(actor=request.auth, inquiry=inquiry, status=payload.status)
    return selectors.inquiry_detail_queryset().get(pk=inquiry_id)
