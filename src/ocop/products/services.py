"""Writes of products, their photos and certification documents. Every change is audited."""

from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.models import User
from ocop.accounts.policy import may_change, require_change
from ocop.accounts.system import SystemCaller, require_system_caller
from ocop.core.formatting import file_size
from ocop.core.hooks import ProductsChanged, PublicContentChanged, run_hooks
from ocop.core.images import decoded_thumbnail, open_checked_image
from ocop.core.services import audit_changes, audit_record, fields_apply, snapshot
from ocop.core.text import fold_vietnamese
from ocop.producers.models import Producer
from ocop.products.models import CertificationDocument, Product, ProductPhoto, ProductStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PRODUCT_FIELDS = [
    "name_vi",
    "name_en",
    "product_set",
    "description_vi",
    "description_en",
    "story_vi",
    "story_en",
    "ingredients",
    "net_content",
    "net_content_unit",
    "packaging",
    "shelf_life_days",
    "price_min_vnd",
    "price_max_vnd",
    "gtin",
    "hs_code",
    "status",
]
DOCUMENT_FIELDS = ["product", "kind", "number", "issuer", "issued_on", "expires_on", "notes"]

PHOTO_MAX_BYTES = 8 * 1024 * 1024
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDE = 1600
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


STATUS_FROM_CERTIFICATES = gettext_lazy(
    "Trạng thái “%(status)s” do giấy chứng nhận OCOP của sản phẩm quyết định, không chọn tay được."
)
STATUS_HELD_BY_CERTIFICATES = gettext_lazy(
    "Sản phẩm đã có giấy chứng nhận OCOP: trạng thái “%(status)s” theo giấy chứng nhận, không sửa tay được. "
    "Muốn rút sản phẩm khỏi chương trình, hãy đề nghị thu hồi giấy chứng nhận."
)


def status_change_problem(*, current: str | None, new: str) -> "tuple[StrOrPromise, dict[str, StrOrPromise]] | None":
    """Why a person (form, API, import) may not write this status, as (message, params); None if they may.

    "Certified", "expired" and "revoked" follow the product's certificates (the certificate services
    recompute them); while a product holds one of them, its status is not edited by hand either.
    """
    derived = ProductStatus.from_certificates()
    if new == current:
        return None
    if new in derived:
        return STATUS_FROM_CERTIFICATES, {"status": ProductStatus(new).label}
    if current in derived:
        return STATUS_HELD_BY_CERTIFICATES, {"status": ProductStatus(current).label}
    return None


def check_status_change(*, current: str | None, new: str) -> None:
    found = status_change_problem(current=current, new=new)
    if found is not None:
        message, params = found
        raise ValidationError({"status": str(message) % params})


def refresh_product_folded(product: Product) -> None:
    product.name_folded = fold_vietnamese(f"{product.name_vi} {product.name_en}")


@transaction.atomic
def product_create(
    *, actor: User | None, producer: Producer, system: SystemCaller | None = None, **fields: Any
) -> Product:
    """Register a product of `producer`. `actor=None` is the system, allowed only for a named caller (`system`)."""
    if actor is None:
        require_system_caller(system)
    elif not may_change(actor, producer):
        raise PermissionDenied
    product = Product(producer=producer, **fields)
    if "status" in fields:
        check_status_change(current=None, new=product.status)
    refresh_product_folded(product)
    product.full_clean()
    product.save()
    audit_record(actor=actor, action="product.create", target=product, after=snapshot(product, PRODUCT_FIELDS))
    run_hooks(ProductsChanged(product_ids=(product.pk,)))
    return product


@transaction.atomic
def product_update(*, actor: User | None, product: Product, changes: dict[str, Any]) -> Product:
    locked = Product.objects.select_for_update().get(pk=product.pk)
    require_change(actor, locked)
    if "status" in changes:
        check_status_change(current=locked.status, new=changes["status"])
    before = fields_apply(locked, changes, editable=PRODUCT_FIELDS)
    refresh_product_folded(locked)
    locked.full_clean()
    locked.save()
    if audit_changes(actor=actor, action="product.update", target=locked, before=before):
        run_hooks(ProductsChanged(product_ids=(locked.pk,)))
    return locked


@transaction.atomic
def product_archive(*, actor: User | None, product: Product, archived: bool = True) -> Product:
    """Archive (or restore) a product: it leaves lists and the catalogue but keeps its history."""
    locked = Product.objects.select_for_update().get(pk=product.pk)
    require_change(actor, locked)
    before = {"archived_at": str(locked.archived_at) if locked.archived_at else None}
    locked.archived_at = timezone.now() if archived else None
    locked.save(update_fields=["archived_at", "updated_at"])
    audit_record(
        actor=actor,
        action="product.archive" if archived else "product.restore",
        target=locked,
        before=before,
        after={"archived_at": str(locked.archived_at) if locked.archived_at else None},
    )
    run_hooks(ProductsChanged(product_ids=(locked.pk,)))
    return locked


def _resized_image(upload: UploadedFile) -> "tuple[ContentFile[bytes], int, int]":
    """Check an uploaded photo and shrink it to at most PHOTO_MAX_SIDE pixels a side."""
    size = upload.size or 0
    if size > PHOTO_MAX_BYTES:
        raise ValidationError(
            {
                "image": _("Ảnh quá lớn (%(size)s). Tối đa %(limit)s.")
                % {"size": file_size(size), "limit": file_size(PHOTO_MAX_BYTES)}
            }
        )
    image = open_checked_image(upload, field="image", formats=PHOTO_FORMATS)
    try:
        image = decoded_thumbnail(image, max_side=PHOTO_MAX_SIDE)
    except (OSError, SyntaxError, ValueError):
        raise ValidationError({"image": _("Tệp không phải là ảnh JPEG, PNG hoặc WebP đọc được.")}) from None
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue()), image.width, image.height


@transaction.atomic
def product_photo_add(
    *,
    actor: User | None,
    product: Product,
    upload: UploadedFile,
    caption: str = "",
    system: SystemCaller | None = None,
) -> ProductPhoto:
    """Add a photo. `actor=None` is the system (the demo's illustrations), allowed only for a named caller."""
    if actor is None:
        require_system_caller(system)
    else:
        require_change(actor, product)
    content, width, height = _resized_image(upload)
    position = product.photos.count()
    photo = ProductPhoto(product=product, caption=caption, position=position, width=width, height=height)
    photo.image.save(f"{product.pk}-{position}.jpg", content, save=False)
    photo.save()
    audit_record(actor=actor, action="product.photo_add", target=product, after={"photo": photo.image.name})
    run_hooks(PublicContentChanged())
    return photo


@transaction.atomic
def product_photo_remove(*, actor: User | None, photo: ProductPhoto) -> None:
    require_change(actor, photo.product)
    name = photo.image.name
    product = photo.product
    photo.delete()
    transaction.on_commit(lambda: product.photos.model.image.field.storage.delete(name))
    audit_record(actor=actor, action="product.photo_remove", target=product, before={"photo": name})
    run_hooks(PublicContentChanged())


@transaction.atomic
def document_create(
    *,
    actor: User | None,
    producer: Producer,
    upload: UploadedFile | None = None,
    system: SystemCaller | None = None,
    **fields: Any,
) -> CertificationDocument:
    """Record a certification document. `actor=None` is the system, allowed only for a named caller (`system`)."""
    if actor is None:
        require_system_caller(system)
    else:
        require_change(actor, producer)
    document = CertificationDocument(producer=producer, **fields)
    if document.product is not None and document.product.producer_id != producer.pk:
        raise ValidationError({"product": _("Sản phẩm này không thuộc chủ thể.")})
    document.full_clean(exclude=["file"])
    if upload is not None:
        document.file.save(upload.name, upload, save=False)
    document.save()
    audit_record(actor=actor, action="document.create", target=document, after=snapshot(document, DOCUMENT_FIELDS))
    run_hooks(PublicContentChanged())
    return document


@transaction.atomic
def document_update(
    *, actor: User | None, document: CertificationDocument, changes: dict[str, Any], upload: UploadedFile | None = None
) -> CertificationDocument:
    locked = CertificationDocument.objects.select_for_update().get(pk=document.pk)
    require_change(actor, locked)
    before = fields_apply(locked, changes, editable=DOCUMENT_FIELDS)
    if locked.product is not None and locked.product.producer_id != locked.producer_id:
        raise ValidationError({"product": _("Sản phẩm này không thuộc chủ thể.")})
    locked.full_clean(exclude=["file"])
    if upload is not None:
        before["file"] = locked.file.name
        locked.file.save(upload.name, upload, save=False)
    locked.save()
    if audit_changes(actor=actor, action="document.update", target=locked, before=before):
        run_hooks(PublicContentChanged())
    return locked
