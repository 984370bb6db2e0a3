"""Dossier writes: the producer (create, self-assessment, evidence, submit) and the commune (check, return, accept, pre-evaluate, forward)."""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.accounts.policy import is_admin, is_producer, may_check_dossier, may_prepare_dossier
from ocop.core.services import audit_record
from ocop.criteria import engine
from ocop.criteria import selectors as criteria_selectors
from ocop.criteria.assessment import assess
from ocop.evaluations import evidence, scoring
from ocop.evaluations.models import (
    Dossier,
    DossierKind,
    DossierVersion,
    EvidenceFile,
    ScoreSheet,
    SheetKind,
)
from ocop.evaluations.services.common import (
    REGISTRATION_FIELDS,
    S,
    commune_officers,
    lock_dossier,
    product_set_id_of,
    provincial_officers,
    refuse,
    registration_from_registry,
    require_scope,
    require_status,
    self_sheet_of,
    transition,
)
from ocop.evaluations.uploads import check_evidence_upload
from ocop.products.models import Product

# ---------------------------------------------------------------- producer


@transaction.atomic
def dossier_create(*, actor: User, product: Product, kind: str = DossierKind.FIRST) -> Dossier:
    """Open a dossier for one product on the criteria version in force, prefilled from the registry."""
    if not may_prepare_dossier(actor):
        raise PermissionDenied
    if is_producer(actor) and actor.producer_id != product.producer_id:
        raise PermissionDenied
    if kind not in DossierKind.values:
        raise refuse(_("Loại hồ sơ không hợp lệ."), "kind")
    if product.archived_at is not None:
        raise refuse(_("Sản phẩm đã lưu trữ, không thể lập hồ sơ."), "product")
    product_set = product.product_set
    if product_set is None:
        raise refuse(
            _("Sản phẩm chưa được xếp vào bộ sản phẩm nào: hãy chọn bộ sản phẩm trong thông tin sản phẩm trước."),
            "product_set",
        )
    version = criteria_selectors.version_current()
    if version is None or product_set.version_id != version.pk:
        raise refuse(_("Bộ sản phẩm của sản phẩm không thuộc phiên bản bộ tiêu chí đang có hiệu lực."), "product_set")
    if Dossier.objects.filter(product=product, is_historical=False).exclude(status=S.DECIDED).exists():
        raise refuse(_("Sản phẩm này đang có một hồ sơ chưa có quyết định."), "product")
    dossier = Dossier(
        product=product,
        producer=product.producer,
        kind=kind,
        criteria_version=version,
        product_set=product_set,
        registration=registration_from_registry(product),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    dossier.full_clean()
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError:
        raise refuse(_("Sản phẩm này đang có một hồ sơ chưa có quyết định."), "product") from None
    ScoreSheet.objects.create(dossier=dossier, kind=SheetKind.SELF, author=actor)
    audit_record(
        actor=actor,
        action="dossier.create",
        target=dossier,
        after={"status": dossier.status, "kind": kind, "product_set": product_set.code},
    )
    return dossier


def _require_producer_editing(actor: User | None, dossier: Dossier, action: str) -> None:
    if not may_prepare_dossier(actor):
        raise PermissionDenied
    require_scope(actor, dossier)
    require_status(dossier, (S.DRAFT, S.RETURNED), action)


@transaction.atomic
def dossier_registration_update(*, actor: User | None, dossier: Dossier, changes: Mapping[str, str]) -> Dossier:
    dossier = lock_dossier(dossier)
    _require_producer_editing(actor, dossier, _("sửa phiếu đăng ký"))
    unknown = set(changes) - set(REGISTRATION_FIELDS)
    if unknown:
        raise refuse(_("Trường không có trong phiếu đăng ký: %s") % ", ".join(sorted(unknown)), sorted(unknown)[0])
    before = {key: dossier.registration.get(key, "") for key in changes}
    dossier.registration = {**dossier.registration, **{k: str(v) for k, v in changes.items()}}
    dossier.save()
    audit_record(actor=actor, action="dossier.registration", target=dossier, before=before, after=dict(changes))
    return dossier


@transaction.atomic
def self_assessment_save(
    *, actor: User | None, dossier: Dossier, answers: Mapping[str, str | None], knockouts: Iterable[str] = ()
) -> Dossier:
    """Save the producer's self-assessment (it may be incomplete until submission)."""
    dossier = lock_dossier(dossier)
    _require_producer_editing(actor, dossier, _("sửa phiếu tự đánh giá"))
    sheet = scoring.sheet_of(dossier)
    checked = engine.answers_from_pairs(sheet=sheet, pairs=list(answers.items()))
    knockouts = list(knockouts)
    assessment = assess(sheet=sheet, answers=checked, knockouts=knockouts)
    sheet_row = self_sheet_of(dossier)
    scoring.answers_store(sheet_row=sheet_row, product_set_id=product_set_id_of(dossier), answers=checked)
    sheet_row.knockouts = list(assessment.result.knockouts)
    sheet_row.total = assessment.result.total
    sheet_row.stars = assessment.classification.stars
    sheet_row.author = actor
    sheet_row.save()
    before = {"self_total": str(dossier.self_total) if dossier.self_total is not None else None}
    dossier.self_total = assessment.result.total
    dossier.self_stars = assessment.classification.stars
    dossier.save()
    audit_record(
        actor=actor,
        action="dossier.self_assessment",
        target=dossier,
        before=before,
        after={"self_total": str(dossier.self_total), "answered": len(checked)},
    )
    return dossier


@transaction.atomic
def evidence_add(*, actor: User | None, dossier: Dossier, upload: UploadedFile, kind: str) -> EvidenceFile:
    dossier = lock_dossier(dossier)
    _require_producer_editing(actor, dossier, _("thêm minh chứng"))
    content_type = check_evidence_upload(upload=upload, kind=kind)
    item = EvidenceFile(
        dossier=dossier,
        kind=kind,
        original_name=(upload.name or "")[:255],
        size=upload.size or 0,
        content_type=content_type,
        uploaded_by=actor,
    )
    item.file.save(upload.name, upload, save=False)
    item.save()
    audit_record(
        actor=actor, action="dossier.evidence_add", target=dossier, after={"evidence": item.original_name, "kind": kind}
    )
    return item


EVIDENCE_FILES_AT_ONCE = 10


@transaction.atomic
def evidence_add_many(
    *, actor: User | None, dossier: Dossier, uploads: list[UploadedFile], kind: str
) -> list[EvidenceFile]:
    """Several evidence files of one kind at once, all or none: every file is checked (size, content,
    kind) before any is stored, so a refused file leaves nothing half-added, and the error names it."""
    if len(uploads) > EVIDENCE_FILES_AT_ONCE:
        raise ValidationError({"file": _("Tối đa %(count)s tệp một lần.") % {"count": EVIDENCE_FILES_AT_ONCE}})
    for upload in uploads:
        check_evidence_upload(upload=upload, kind=kind)
    return [evidence_add(actor=actor, dossier=dossier, upload=upload, kind=kind) for upload in uploads]


@transaction.atomic
def evidence_remove(*, actor: User | None, item: EvidenceFile) -> None:
    dossier = lock_dossier(item.dossier)
    _require_producer_editing(actor, dossier, _("xoá minh chứng"))
    name, stored = item.original_name, item.file.name
    item.delete()
    storage = EvidenceFile.file.field.storage
    transaction.on_commit(lambda: storage.delete(stored))
    audit_record(actor=actor, action="dossier.evidence_remove", target=dossier, before={"evidence": name})


def evidence_check(dossier: Dossier) -> list[evidence.Requirement]:
    sheet = scoring.sheet_of(dossier)
    self_sheet = dossier.sheets.filter(kind=SheetKind.SELF).first()
    return evidence.check(dossier=dossier, sheet=sheet, answers=scoring.answers_of(self_sheet))


@transaction.atomic
def dossier_submit(*, actor: User | None, dossier: Dossier) -> Dossier:
    """Draft or returned → submitted: a complete self-assessment and every evidence it needs."""
    dossier = lock_dossier(dossier)
    _require_producer_editing(actor, dossier, _("nộp hồ sơ"))
    sheet = scoring.sheet_of(dossier)
    self_sheet = self_sheet_of(dossier)
    answers = scoring.answers_of(self_sheet)
    result = engine.score(sheet, answers=answers, knockouts=self_sheet.knockouts)  # refuses an incomplete sheet
    missing = [r for r in evidence.check(dossier=dossier, sheet=sheet, answers=answers) if r.missing]
    if missing:
        raise refuse(
            _("Hồ sơ còn thiếu minh chứng: %s.") % "; ".join(r.label for r in missing),
            "evidence",
        )
    number = dossier.versions.count() + 1
    now = timezone.now()
    DossierVersion.objects.create(
        dossier=dossier,
        number=number,
        submitted_at=now,
        submitted_by=actor,
        snapshot={
            "registration": dossier.registration,
            "answers": answers,
            "knockouts": list(self_sheet.knockouts),
            "self_total": str(result.total),
            "self_stars": dossier.self_stars,
            "evidence": [
                {"id": f.pk, "kind": f.kind, "name": f.original_name, "size": f.size} for f in dossier.evidence.all()
            ],
        },
    )
    self_sheet.status = ScoreSheet.Status.SUBMITTED
    self_sheet.submitted_at = now
    self_sheet.save()
    dossier.submitted_at = now
    return transition(
        actor=actor,
        dossier=dossier,
        to=S.SUBMITTED,
        action="dossier.submit",
        extra={"version": number, "self_total": str(result.total)},
        notify=commune_officers(dossier),
    )


# ---------------------------------------------------------------- commune


def _require_commune(actor: User, dossier: Dossier) -> None:
    if not may_check_dossier(actor):
        raise PermissionDenied
    if not is_admin(actor) and actor.commune_id != dossier.producer.commune_id:
        raise PermissionDenied


@transaction.atomic
def dossier_return(*, actor: User, dossier: Dossier, reason: str) -> Dossier:
    dossier = lock_dossier(dossier)
    _require_commune(actor, dossier)
    require_status(dossier, (S.SUBMITTED, S.ACCEPTED), _("trả lại hồ sơ"))
    reason = (reason or "").strip()
    if not reason:
        raise refuse(_("Hãy ghi rõ lý do trả lại để chủ thể biết cần bổ sung gì."), "reason")
    version = dossier.versions.order_by("-number").first()
    assert version is not None, "a submitted dossier has its submitted version"
    version.returned_at = timezone.now()
    version.returned_by = actor
    version.return_reason = reason
    version.save()
    ScoreSheet.objects.filter(dossier=dossier, kind=SheetKind.SELF).update(status=ScoreSheet.Status.DRAFT)
    return transition(actor=actor, dossier=dossier, to=S.RETURNED, action="dossier.return", extra={"reason": reason})


@transaction.atomic
def dossier_accept(*, actor: User, dossier: Dossier) -> Dossier:
    dossier = lock_dossier(dossier)
    _require_commune(actor, dossier)
    require_status(dossier, (S.SUBMITTED,), _("tiếp nhận hồ sơ"))
    return transition(actor=actor, dossier=dossier, to=S.ACCEPTED, action="dossier.accept")


@transaction.atomic
def commune_assessment_save(
    *, actor: User, dossier: Dossier, answers: Mapping[str, str | None], comment: str = ""
) -> ScoreSheet:
    """The commune's pre-evaluation of the four local criteria (every one of them answered)."""
    dossier = lock_dossier(dossier)
    _require_commune(actor, dossier)
    require_status(dossier, (S.ACCEPTED,), _("đánh giá sơ bộ"))
    sheet = scoring.sheet_of(dossier)
    local = scoring.local_criteria(sheet)
    allowed = set(local.values())
    outside = sorted(set(answers) - allowed)
    if outside:
        raise refuse(
            _("Xã chỉ đánh giá sơ bộ các tiêu chí địa phương; tiêu chí %s không thuộc phần này.")
            % sheet.criterion_name(outside[0])
            if outside[0] in sheet.criteria
            else _("Tiêu chí “%s” không có trong phiếu chấm.") % outside[0],
            outside[0],
        )
    missing = [code for code in local.values() if code not in answers]
    if missing:
        raise refuse(_("Tiêu chí %s chưa được đánh giá sơ bộ.") % sheet.criterion_name(missing[0]), missing[0])
    checked = engine.answers_from_pairs(sheet=sheet, pairs=list(answers.items()))
    total = sum((sheet.index.options[code][option].points for code, option in checked.items() if option), Decimal(0))
    sheet_row, _created = ScoreSheet.objects.get_or_create(dossier=dossier, kind=SheetKind.COMMUNE)
    before = {"total": str(sheet_row.total) if sheet_row.total is not None else None}
    scoring.answers_store(sheet_row=sheet_row, product_set_id=product_set_id_of(dossier), answers=checked)
    sheet_row.total = total
    sheet_row.comment = comment
    sheet_row.author = actor
    sheet_row.status = ScoreSheet.Status.SUBMITTED
    sheet_row.submitted_at = timezone.now()
    sheet_row.save()
    audit_record(
        actor=actor, action="dossier.commune_assessment", target=dossier, before=before, after={"total": str(total)}
    )
    return sheet_row


@transaction.atomic
def dossier_forward(*, actor: User, dossier: Dossier) -> Dossier:
    dossier = lock_dossier(dossier)
    _require_commune(actor, dossier)
    require_status(dossier, (S.ACCEPTED,), _("chuyển hồ sơ lên tỉnh"))
    if not dossier.sheets.filter(kind=SheetKind.COMMUNE, status=ScoreSheet.Status.SUBMITTED).exists():
        raise refuse(_("Hãy ghi kết quả đánh giá sơ bộ 4 tiêu chí địa phương trước khi chuyển lên tỉnh."), "commune")
    return transition(
        actor=actor, dossier=dossier, to=S.FORWARDED, action="dossier.forward", notify=provincial_officers(dossier)
    )
