"""Writes of distribution and export records. Every change is audited in the same transaction."""

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.policy import require_change, role_of
from ocop.core.errors import DomainError
from ocop.core.outbox import outbox_enqueue
from ocop.core.services import audit_changes, audit_record, fields_apply, snapshot
from ocop.core.text import fold_vietnamese
from ocop.producers.models import Producer
from ocop.products.models import Product
from ocop.products.selectors import public_products
from ocop.trade.models import (
    Agreement,
    ExportCredential,
    ExportProfile,
    Incoterm,
    Inquiry,
    InquiryMessage,
    InquiryStatus,
    Listing,
    Market,
    MessageSide,
    Partner,
    Platform,
    SalesPoint,
)

UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_SIGNATURES = {".pdf": (b"%PDF",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG",)}
MESSAGE_MAX_CHARS = 4000

AGREEMENT_FIELDS = [
    "kind",
    "title",
    "number",
    "department",
    "producer",
    "partner",
    "signed_on",
    "ends_on",
    "value_vnd",
    "scope_note",
    "status",
]
LISTING_FIELDS = ["platform", "url", "listed_since", "status", "notes"]
SALES_POINT_FIELDS = ["name", "kind", "address", "commune", "operator", "phone", "opening_hours", "active"]
CREDENTIAL_FIELDS = ["product", "market", "kind", "number", "issuer", "issued_on", "expires_on", "notes"]
PROFILE_FIELDS = [
    "capacity_per_month",
    "capacity_unit",
    "min_order_quantity",
    "min_order_unit",
    "lead_time_days",
    "incoterms",
    "port_of_loading",
    "notes",
]


# --- Shared checks ----------------------------------------------------------------------------


def check_upload(upload, field: str) -> None:
    """A PDF, JPEG or PNG of at most 10 MB whose first bytes match its extension."""
    if upload is None:
        return
    if upload.size > UPLOAD_MAX_BYTES:
        raise ValidationError({field: _("Tệp quá lớn: tối đa 10 MB.")})
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    signatures = UPLOAD_SIGNATURES.get(extension)
    head = upload.read(8)
    upload.seek(0)
    if signatures is None or not head.startswith(signatures):
        raise ValidationError({field: _("Chỉ nhận tệp PDF, JPEG hoặc PNG.")})


def may_manage_province(user, province_id: int | None) -> bool:
    """Provincial officers of that province, and administrators."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return role == Role.PROVINCIAL_OFFICER and province_id is not None and user.province_id == province_id


def require_manage_province(user, province_id: int | None) -> None:
    if not may_manage_province(user, province_id):
        raise PermissionDenied


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def single_line(value: str, max_length: int) -> str:
    """A single line: every control character (CR, LF, tab…) becomes a space; spaces collapsed; cut."""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", value or ""))
    return re.sub(r" {2,}", " ", text).strip()[:max_length]


def multi_line(value: str) -> str:
    """Free text: line breaks kept (as \\n), other control characters dropped."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C"))
    return unicodedata.normalize("NFC", text).strip()


# --- Partners and agreements --------------------------------------------------------------------


@transaction.atomic
def partner_create(
    *, actor, name: str, kind: str, country: str = "Việt Nam", website: str = "", is_demo=False
) -> Partner:
    if role_of(actor) not in (Role.PROVINCIAL_OFFICER, Role.ADMIN) and actor is not None:
        raise PermissionDenied
    partner = Partner(
        name=single_line(name, 255),
        kind=kind,
        country=single_line(country, 100),
        website=website,
        is_demo=is_demo,
    )
    partner.name_folded = fold_vietnamese(partner.name)
    partner.full_clean()
    partner.save()
    audit_record(actor=actor, action="trade.partner_create", target=partner, after=snapshot(partner, ["name", "kind"]))
    return partner


def _check_agreement(agreement: Agreement, products: list[Product] | None) -> None:
    if agreement.producer_id and agreement.producer.commune.province_id != agreement.province_id:
        raise ValidationError({"producer": _("Chủ thể ký phải thuộc tỉnh của thoả thuận.")})
    for product in products or []:
        if product.producer.commune.province_id != agreement.province_id:
            raise ValidationError(
                {"products": _("Sản phẩm %(name)s không thuộc tỉnh của thoả thuận.") % {"name": product}}
            )
        if agreement.producer_id and product.producer_id != agreement.producer_id:
            raise ValidationError({"products": _("Sản phẩm %(name)s không thuộc chủ thể ký.") % {"name": product}})


@transaction.atomic
def agreement_create(
    *, actor, province, products: list[Product] | None = None, upload=None, **fields: Any
) -> Agreement:
    if actor is not None:
        require_manage_province(actor, province.pk)
    agreement = Agreement(province=province, **fields)
    agreement.title = single_line(agreement.title, 300)
    agreement.full_clean(exclude=["document"])
    _check_agreement(agreement, products)
    check_upload(upload, "document")
    if upload is not None:
        agreement.document.save(upload.name, upload, save=False)
    agreement.save()
    if products:
        agreement.products.set(products)
    after = snapshot(agreement, AGREEMENT_FIELDS)
    after["products"] = sorted(product.pk for product in products or [])
    audit_record(actor=actor, action="trade.agreement_create", target=agreement, after=after)
    return agreement


@transaction.atomic
def agreement_update(
    *, actor, agreement: Agreement, changes: dict[str, Any], products: list[Product] | None = None, upload=None
) -> Agreement:
    unknown = set(changes) - set(AGREEMENT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    require_change(actor, locked)
    before = snapshot(locked, list(changes))
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["document"])
    _check_agreement(
        locked, products if products is not None else list(locked.products.select_related("producer__commune"))
    )
    check_upload(upload, "document")
    if upload is not None:
        before["document"] = locked.document.name
        locked.document.save(upload.name, upload, save=False)
    locked.save()
    after = snapshot(locked, list(changes))
    if upload is not None:
        after["document"] = locked.document.name
    if products is not None:
        before["products"] = sorted(locked.products.values_list("pk", flat=True))
        locked.products.set(products)
        after["products"] = sorted(product.pk for product in products)
    if before != after:
        audit_record(actor=actor, action="trade.agreement_update", target=locked, before=before, after=after)
    return locked


# --- Listings -----------------------------------------------------------------------------------


def platform_domains(platform: Platform) -> list[str]:
    return [domain.strip().lower().lstrip(".") for domain in platform.domain.split(",") if domain.strip()]


def _host_matches(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def listing_url_problems(platform: Platform, url: str) -> tuple[list[str], list[str]]:
    """(errors, warnings) about a listing's address on a platform.

    Errors: not http(s), not a valid address, or not on the platform's domain when it has one.
    Warnings (the listing is still saved): an own-shop address on a known platform's domain, plain http.
    """
    errors: list[str] = []
    warnings: list[str] = []
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return [_("Đường dẫn phải là một địa chỉ web đầy đủ, bắt đầu bằng https:// hoặc http://.")], []
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    domains = platform_domains(platform)
    if domains:
        if not any(_host_matches(host, domain) for domain in domains):
            errors.append(
                _("Đường dẫn %(host)s không thuộc sàn %(platform)s (tên miền %(domains)s).")
                % {"host": host, "platform": platform.name, "domains": ", ".join(domains)}
            )
    else:
        for other in Platform.objects.exclude(domain="").exclude(pk=platform.pk):
            if any(_host_matches(host, domain) for domain in platform_domains(other)):
                warnings.append(
                    _("Đường dẫn này thuộc sàn %(other)s: nên chọn sàn %(other)s thay vì %(platform)s.")
                    % {"other": other.name, "platform": platform.name}
                )
                break
    if url.lower().startswith("http://"):
        warnings.append(_("Đường dẫn dùng http (không mã hoá): nên dùng https nếu trang hỗ trợ."))
    return errors, warnings


def _check_listing(listing: Listing) -> None:
    errors, _warnings = listing_url_problems(listing.platform, listing.url)
    if errors:
        raise ValidationError({"url": errors})
    listing.full_clean()


@transaction.atomic
def listing_create(*, actor, product: Product, **fields: Any) -> Listing:
    if actor is not None:
        require_change(actor, product)
    listing = Listing(product=product, **fields)
    listing.url = (listing.url or "").strip()
    _check_listing(listing)
    listing.save()
    audit_record(actor=actor, action="trade.listing_create", target=listing, after=snapshot(listing, LISTING_FIELDS))
    return listing


@transaction.atomic
def listing_update(*, actor, listing: Listing, changes: dict[str, Any]) -> Listing:
    locked = Listing.objects.select_for_update().select_related("platform").get(pk=listing.pk)
    require_change(actor, locked)
    before = fields_apply(locked, changes, editable=LISTING_FIELDS)
    locked.url = (locked.url or "").strip()
    _check_listing(locked)
    locked.save()
    audit_changes(actor=actor, action="trade.listing_update", target=locked, before=before)
    return locked


# --- Sales points -------------------------------------------------------------------------------


def _check_sales_point_products(point: SalesPoint, products: list[Product]) -> None:
    for product in products:
        if product.producer.commune.province_id != point.commune.province_id:
            raise ValidationError(
                {"products": _("Sản phẩm %(name)s không thuộc tỉnh của điểm bán.") % {"name": product}}
            )


@transaction.atomic
def sales_point_create(*, actor, products: list[Product] | None = None, **fields: Any) -> SalesPoint:
    point = SalesPoint(**fields)
    if actor is not None:
        require_manage_province(actor, point.commune.province_id)
    point.name_folded = fold_vietnamese(f"{point.name} {point.address}")
    point.full_clean()
    _check_sales_point_products(point, products or [])
    point.save()
    if products:
        point.products.set(products)
    after = snapshot(point, SALES_POINT_FIELDS)
    after["products"] = sorted(product.pk for product in products or [])
    audit_record(actor=actor, action="trade.sales_point_create", target=point, after=after)
    return point


@transaction.atomic
def sales_point_update(
    *, actor, point: SalesPoint, changes: dict[str, Any], products: list[Product] | None = None
) -> SalesPoint:
    unknown = set(changes) - set(SALES_POINT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = SalesPoint.objects.select_for_update().get(pk=point.pk)
    require_change(actor, locked)
    before = snapshot(locked, list(changes))
    for name, value in changes.items():
        setattr(locked, name, value)
    if "commune" in changes:
        require_manage_province(actor, locked.commune.province_id)
    locked.name_folded = fold_vietnamese(f"{locked.name} {locked.address}")
    locked.full_clean()
    if products is not None:
        _check_sales_point_products(locked, products)
    locked.save()
    after = snapshot(locked, list(changes))
    if products is not None:
        before["products"] = sorted(locked.products.values_list("pk", flat=True))
        locked.products.set(products)
        after["products"] = sorted(product.pk for product in products)
    if before != after:
        audit_record(actor=actor, action="trade.sales_point_update", target=locked, before=before, after=after)
    return locked


# --- Export credentials and profiles ---------------------------------------------------------------


@transaction.atomic
def credential_create(*, actor, producer: Producer, upload=None, **fields: Any) -> ExportCredential:
    if actor is not None:
        require_change(actor, producer)
    credential = ExportCredential(producer=producer, **fields)
    if credential.product_id and credential.product.producer_id != producer.pk:
        raise ValidationError({"product": _("Sản phẩm này không thuộc chủ thể.")})
    credential.full_clean(exclude=["file"])
    check_upload(upload, "file")
    if upload is not None:
        credential.file.save(upload.name, upload, save=False)
    credential.save()
    audit_record(
        actor=actor, action="trade.credential_create", target=credential, after=snapshot(credential, CREDENTIAL_FIELDS)
    )
    return credential


@transaction.atomic
def credential_update(*, actor, credential: ExportCredential, changes: dict[str, Any], upload=None) -> ExportCredential:
    unknown = set(changes) - set(CREDENTIAL_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = ExportCredential.objects.select_for_update().get(pk=credential.pk)
    require_change(actor, locked)
    before = snapshot(locked, list(changes))
    for name, value in changes.items():
        setattr(locked, name, value)
    if locked.product_id and locked.product.producer_id != locked.producer_id:
        raise ValidationError({"product": _("Sản phẩm này không thuộc chủ thể.")})
    locked.full_clean(exclude=["file"])
    check_upload(upload, "file")
    if upload is not None:
        before["file"] = locked.file.name
        locked.file.save(upload.name, upload, save=False)
    locked.save()
    after = snapshot(locked, list(changes))
    if upload is not None:
        after["file"] = locked.file.name
    if before != after:
        audit_record(actor=actor, action="trade.credential_update", target=locked, before=before, after=after)
    return locked


def normalise_incoterms(value) -> str:
    """A list or a comma/space separated text of Incoterms → "EXW,FOB" (known codes, in a fixed order)."""
    codes = value if isinstance(value, list | tuple) else re.split(r"[\s,;]+", value or "")
    wanted = {code.strip().upper() for code in codes if code and code.strip()}
    unknown = wanted - set(Incoterm.values)
    if unknown:
        raise ValidationError(
            {"incoterms": _("Mã Incoterms không hợp lệ: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
        )
    return ",".join(code for code in Incoterm.values if code in wanted)


@transaction.atomic
def export_profile_save(*, actor, product: Product, changes: dict[str, Any]) -> ExportProfile:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if actor is not None:
        require_change(actor, product)
    profile, _created = ExportProfile.objects.select_for_update().get_or_create(product=product)
    before = snapshot(profile, list(changes))
    for name, value in changes.items():
        setattr(profile, name, normalise_incoterms(value) if name == "incoterms" else value)
    profile.full_clean()
    profile.save()
    after = snapshot(profile, list(changes))
    if before != after:
        audit_record(actor=actor, action="trade.export_profile_update", target=product, before=before, after=after)
    return profile


# --- Buyer inquiries ------------------------------------------------------------------------------


@transaction.atomic
def inquiry_submit(
    *,
    product: Product,
    company: str,
    country: str,
    email: str,
    quantity: str,
    message: str,
    contact_name: str = "",
    phone: str = "",
    target_market: Market | None = None,
    incoterm: str = "",
    buyer=None,
    language: str = "vi",
    is_demo: bool = False,
) -> Inquiry:
    """Record a buyer's inquiry and notify the producer and the office after the commit.

    Single-line fields lose every control character, so nothing a buyer types can add a mail header.
    """
    if not public_products().filter(pk=product.pk).exists():
        raise DomainError(_("Sản phẩm này không còn nhận yêu cầu."), field="product")
    body = multi_line(message)
    if len(body) > MESSAGE_MAX_CHARS:
        raise ValidationError({"message": _("Nội dung tối đa %(max)s ký tự.") % {"max": MESSAGE_MAX_CHARS}})
    inquiry = Inquiry(
        product=product,
        buyer=buyer if getattr(buyer, "is_authenticated", False) else None,
        company=single_line(company, 200),
        contact_name=single_line(contact_name, 150),
        country=single_line(country, 100),
        email=single_line(email, 254),
        phone=single_line(phone, 30),
        quantity=single_line(quantity, 100),
        target_market=target_market,
        incoterm=incoterm,
        message=body,
        language=language if language in ("vi", "en") else "vi",
        is_demo=is_demo,
    )
    inquiry.full_clean()
    inquiry.save()
    audit_record(
        actor=buyer,
        action="trade.inquiry_submit",
        target=inquiry,
        after=snapshot(inquiry, ["product", "company", "country", "email", "quantity", "incoterm", "status"]),
    )
    from ocop.trade.tasks import notify_inquiry_received

    outbox_enqueue(notify_inquiry_received, inquiry.pk)
    return inquiry


def inquiry_side(user, inquiry: Inquiry) -> str | None:
    """Which side of the thread the user writes for, or None if the user may not write in it."""
    role = role_of(user)
    if role == Role.BUYER:
        return MessageSide.BUYER if inquiry.buyer_id == user.pk else None
    if role == Role.PRODUCER:
        return MessageSide.PRODUCER if user.producer_id == inquiry.product.producer_id else None
    if role == Role.ADMIN:
        return MessageSide.OFFICE
    if role == Role.PROVINCIAL_OFFICER:
        return MessageSide.OFFICE if user.province_id == inquiry.product.producer.commune.province_id else None
    return None


@transaction.atomic
def inquiry_reply(*, actor, inquiry: Inquiry, body: str) -> InquiryMessage:
    """Add a message to the thread. A producer's or office's answer marks the inquiry answered; a
    buyer's follow-up marks it new again. Closed inquiries take no more messages."""
    locked = Inquiry.objects.select_for_update().select_related("product__producer__commune").get(pk=inquiry.pk)
    side = inquiry_side(actor, locked)
    if side is None:
        raise PermissionDenied
    if locked.status == InquiryStatus.CLOSED:
        raise DomainError(_("Yêu cầu đã đóng: không gửi thêm tin nhắn được."), field="body")
    text = multi_line(body)
    if not text:
        raise ValidationError({"body": _("Hãy viết nội dung tin nhắn.")})
    if len(text) > MESSAGE_MAX_CHARS:
        raise ValidationError({"body": _("Nội dung tối đa %(max)s ký tự.") % {"max": MESSAGE_MAX_CHARS}})
    reply = InquiryMessage.objects.create(inquiry=locked, author=actor, side=side, body=text)
    before = {"status": locked.status}
    locked.status = InquiryStatus.NEW if side == MessageSide.BUYER else InquiryStatus.ANSWERED
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="trade.inquiry_reply",
        target=locked,
        before=before,
        after={"status": locked.status, "message": reply.pk, "side": side},
    )
    from ocop.trade.tasks import notify_inquiry_message

    outbox_enqueue(notify_inquiry_message, reply.pk)
    return reply


@transaction.atomic
def inquiry_set_status(*, actor, inquiry: Inquiry, status: str) -> Inquiry:
    """Close an inquiry, or reopen a closed one (producer or office)."""
    locked = Inquiry.objects.select_for_update().select_related("product__producer__commune").get(pk=inquiry.pk)
    if inquiry_side(actor, locked) not in (MessageSide.PRODUCER, MessageSide.OFFICE):
        raise PermissionDenied
    if status not in (InquiryStatus.CLOSED, InquiryStatus.ANSWERED, InquiryStatus.NEW):
        raise DomainError(_("Trạng thái không hợp lệ."), field="status")
    if status != InquiryStatus.CLOSED and locked.status != InquiryStatus.CLOSED:
        raise DomainError(_("Chỉ mở lại được yêu cầu đã đóng."), field="status")
    if status == locked.status:
        return locked
    before = {"status": locked.status}
    if status != InquiryStatus.CLOSED:
        status = (
            InquiryStatus.ANSWERED if locked.messages.exclude(side=MessageSide.BUYER).exists() else InquiryStatus.NEW
        )
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="trade.inquiry_status", target=locked, before=before, after={"status": status})
    return locked
