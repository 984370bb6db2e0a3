from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from ocop.accounts.policy import LOGGED_IN, PUBLIC, get_visible_or_404, permission
from ocop.certificates.codes import make_code, parse_code
from ocop.certificates.models import CertificateStatus, RevocationGround
from ocop.certificates.selectors import certificate_detail_queryset, certificate_list, verification_queryset
from ocop.certificates.services import (
    certificate_issue_for_number,
    certificate_record_historical,
    certificate_renewal_data,
    certificate_revoke,
    may_issue_any,
)
from ocop.core.api_errors import ErrorOut, error_body
from ocop.core.fields import Days, Int, IsoDate, Year, one_of
from ocop.core.pagination import paginated
from ocop.core.ratelimit import rate_limited
from ocop.criteria.models import CriteriaVersion
from ocop.products.models import Product

router = Router(tags=["certificates"])


class CertificateOut(Schema):
    id: Int
    number: str
    code: str
    product_id: Int
    product_name: str
    producer_id: Int
    producer_name: str
    commune: str
    stars: Int
    total: Decimal | None
    criteria_version: str
    decision_number: str
    decision_date: date
    authority_level: str
    authority_name: str
    signer_name: str
    signer_title: str
    valid_from: date
    valid_until: date
    status: str
    supersedes_id: Int | None
    revoked_at: datetime | None
    revocation_ground: str | None
    revocation_reason: str
    is_historical: bool
    decision_id: Int | None
    has_decision_document: bool
    is_demo: bool

    @staticmethod
    def resolve_decision_id(obj) -> int | None:
        return obj.evaluation_decision_id

    @staticmethod
    def resolve_has_decision_document(obj) -> bool:
        return bool(obj.decision_document)

    @staticmethod
    def resolve_code(obj) -> str:
        return make_code(obj.pk)

    @staticmethod
    def resolve_product_name(obj) -> str:
        return obj.product.name_vi

    @staticmethod
    def resolve_producer_name(obj) -> str:
        return obj.producer.legal_name

    @staticmethod
    def resolve_commune(obj) -> str:
        return obj.producer.commune.name

    @staticmethod
    def resolve_criteria_version(obj) -> str:
        return obj.criteria_version.code

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.effective_status(timezone.localdate())

    @staticmethod
    def resolve_revocation_ground(obj) -> str | None:
        return obj.revocation_ground.code if obj.revocation_ground_id else None


class VerificationOut(Schema):
    genuine: bool
    number: str
    status: str
    stars: Int
    product_name_vi: str
    product_name_en: str
    producer_name: str
    commune: str
    province: str
    decision_number: str
    decision_date: date
    authority_name: str
    valid_from: date
    valid_until: date
    revoked_at: datetime | None
    revocation_ground_vi: str | None
    revocation_ground_en: str | None
    revocation_reason: str
    superseded_by_code: str | None
    is_historical: bool


class IssueIn(Schema):
    """Issue from a decision recorded in the system; everything printed comes from the decision."""

    product_id: Int
    stars: Int
    decision_number: str
    valid_from: IsoDate | None = None


class HistoricalIn(Schema):
    """A paper certificate issued before the platform (multipart, with the scan `decision_document`)."""

    product_id: Int
    number: str
    stars: Int
    criteria_version: str
    decision_number: str
    decision_date: IsoDate
    signer_name: str
    signer_title: str = ""
    total: Decimal | None = None
    valid_from: IsoDate | None = None


class RevokeIn(Schema):
    ground: str
    reason: str


class GroundOut(Schema):
    code: str
    name_vi: str
    name_en: str
    legal_basis: str


class RenewalOut(Schema):
    kind: str
    product_id: Int
    producer_id: Int
    previous_certificate_id: Int
    previous_stars: Int
    previous_total: Decimal | None
    criteria_version: str
    due_by: date
    history: list[str]
    years: list[dict]


@router.get("/", response=list[CertificateOut], summary="Sổ đăng ký giấy chứng nhận / Certificate register")
@paginated
@permission(LOGGED_IN)
def list_certificates(
    request,
    q: str = "",
    stars: Int | None = None,
    status: one_of(*CertificateStatus.values) = "",
    commune_id: Int | None = None,
    year: Year | None = None,
    expiring_within: Days | None = None,
    product_id: Int | None = None,
    producer_id: Int | None = None,
):
    return certificate_list(
        user=request.auth,
        query=q,
        stars=stars,
        status=status,
        commune_id=commune_id,
        year=year,
        expiring_within=expiring_within,
        product_id=product_id,
        producer_id=producer_id,
    )


@router.get(
    "/verify/{code}",
    auth=None,
    response={200: VerificationOut, 404: ErrorOut},
    summary="Xác thực mã (công khai) / Verify a code (public)",
)
@rate_limited("verification")
@permission(PUBLIC)
def verify_code(request, code: str):
    certificate_id = parse_code(code)
    certificate = verification_queryset().filter(pk=certificate_id).first() if certificate_id else None
    if certificate is None:
        return Status(404, error_body(404, code="not_genuine", detail=_("Mã không phải mã thật")))
    successor = getattr(certificate, "superseded_by", None)
    ground = certificate.revocation_ground
    commune = certificate.producer.commune
    return {
        "genuine": True,
        "number": certificate.number,
        "status": certificate.effective_status(timezone.localdate()),
        "stars": certificate.stars,
        "product_name_vi": certificate.product.name_vi,
        "product_name_en": certificate.product.name_en,
        "producer_name": certificate.producer.legal_name,
        "commune": commune.name,
        "province": commune.province.name,
        "decision_number": certificate.decision_number,
        "decision_date": certificate.decision_date,
        "authority_name": certificate.authority_name,
        "valid_from": certificate.valid_from,
        "valid_until": certificate.valid_until,
        "revoked_at": certificate.revoked_at,
        "revocation_ground_vi": ground.name_vi if ground else None,
        "revocation_ground_en": ground.name_en if ground else None,
        "revocation_reason": certificate.revocation_reason,
        "superseded_by_code": make_code(successor.pk) if successor else None,
        "is_historical": certificate.is_historical,
    }


@router.get("/revocation-grounds", response=list[GroundOut], summary="Căn cứ thu hồi / Revocation grounds")
@paginated
@permission(LOGGED_IN)
def list_grounds(request):
    return RevocationGround.objects.filter(active=True)


@router.post(
    "/historical",
    response={201: CertificateOut},
    summary="Ghi nhận hồ sơ lịch sử / Record a historical (paper) certificate",
)
@permission(LOGGED_IN)
def record_historical(request, payload: Form[HistoricalIn], decision_document: File[UploadedFile]):
    if not may_issue_any(request.auth):
        raise PermissionDenied
    product = get_visible_or_404(request.auth, Product.objects.all(), pk=payload.product_id)
    version = get_object_or_404(CriteriaVersion, code__iexact=payload.criteria_version)
    fields = payload.dict(exclude={"product_id", "criteria_version"})
    certificate = certificate_record_historical(
        actor=request.auth, product=product, criteria_version=version, decision_document=decision_document, **fields
    )
    return Status(201, certificate_detail_queryset().get(pk=certificate.pk))


@router.get("/{certificate_id}", response=CertificateOut, summary="Một giấy chứng nhận / One certificate")
@permission(LOGGED_IN)
def get_certificate(request, certificate_id: int):
    return get_visible_or_404(request.auth, certificate_detail_queryset(), pk=certificate_id)


@router.post("/", response={201: CertificateOut}, summary="Cấp giấy chứng nhận từ quyết định / Issue from a decision")
@permission(LOGGED_IN)
def issue_certificate(request, payload: IssueIn):
    if not may_issue_any(request.auth):
        raise PermissionDenied
    product = get_visible_or_404(request.auth, Product.objects.all(), pk=payload.product_id)
    certificate = certificate_issue_for_number(
        actor=request.auth,
        product=product,
        stars=payload.stars,
        decision_number=payload.decision_number,
        valid_from=payload.valid_from,
    )
    return Status(201, certificate_detail_queryset().get(pk=certificate.pk))


@router.post("/{certificate_id}/revoke", response=CertificateOut, summary="Thu hồi / Revoke")
@permission(LOGGED_IN)
def revoke_certificate(request, certificate_id: int, payload: RevokeIn):
    certificate = get_visible_or_404(request.auth, certificate_detail_queryset(), pk=certificate_id)
    ground = get_object_or_404(RevocationGround, code=payload.ground, active=True)
    certificate_revoke(actor=request.auth, certificate=certificate, ground=ground, reason=payload.reason)
    return certificate_detail_queryset().get(pk=certificate_id)


@router.get("/{certificate_id}/renewal", response=RenewalOut, summary="Dữ liệu gia hạn / Renewal data")
@permission(LOGGED_IN)
def renewal_data(request, certificate_id: int):
    certificate = get_visible_or_404(request.auth, certificate_detail_queryset(), pk=certificate_id)
    data = certificate_renewal_data(certificate)
    return {
        "kind": data["kind"],
        "product_id": data["product"].pk,
        "producer_id": data["producer"].pk,
        "previous_certificate_id": certificate.pk,
        "previous_stars": data["previous_stars"],
        "previous_total": data["previous_total"],
        "criteria_version": data["criteria_version"].code,
        "due_by": data["due_by"],
        "history": [item.number for item in data["history"]],
        "years": data["years"],
    }
