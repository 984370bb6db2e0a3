"""Which evidence each claimed option needs, and whether the dossier has it.

`EVIDENCE_RULES` is data: a rule matches an option the producer claims (with points above zero)
by words in the option's text or in its criterion's title and notes (compared without diacritics),
and names the document kinds that prove it. A requirement is met by a valid (not expired)
certification document in the registry — the producer's, or this product's — or by an evidence
file of one of those kinds uploaded to the dossier.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ocop.core.text import fold_vietnamese
from ocop.criteria.sheets import SheetDef
from ocop.evaluations.models import EvidenceKind
from ocop.products.models import CertificationDocument


@dataclass(frozen=True)
class EvidenceRule:
    key: str
    label: Promise
    kinds: tuple[str, ...]  # any one of them proves the claim
    option: str = ""  # regex on the folded option text
    context: str = ""  # regex on the folded criterion title, description and section note


EVIDENCE_RULES: tuple[EvidenceRule, ...] = (
    EvidenceRule(
        "international_qms",
        _("Chứng nhận quản lý chất lượng quốc tế (HACCP, ISO 22000, GlobalG.A.P., Halal…)"),
        (EvidenceKind.HACCP, EvidenceKind.ISO_22000, EvidenceKind.GLOBALGAP, EvidenceKind.HALAL),
        option=r"tieu chuan quoc te",
    ),
    EvidenceRule(
        "advanced_qms",
        _("Chứng nhận quản lý chất lượng tiên tiến (HACCP, ISO 22000…)"),
        (EvidenceKind.HACCP, EvidenceKind.ISO_22000),
        option=r"\b(iso|gmp|haccp)\b",
    ),
    EvidenceRule(
        "vietgap_organic",
        _("Chứng nhận VietGAP, hữu cơ hoặc tương đương"),
        (EvidenceKind.VIETGAP, EvidenceKind.ORGANIC, EvidenceKind.GLOBALGAP),
        option=r"vietgap|huu co",
    ),
    EvidenceRule(
        "trademark",
        _("Giấy chứng nhận đăng ký nhãn hiệu"),
        (EvidenceKind.TRADEMARK,),
        option=r"nhan hieu.*(duoc cap|giay chung nhan dang ky)",
    ),
    EvidenceRule(
        "quality_declaration",
        _("Bản công bố chất lượng, tiêu chuẩn sản phẩm"),
        (EvidenceKind.QUALITY_DECLARATION,),
        option=r"cong bo (tieu chuan|chat luong)",
    ),
    EvidenceRule(
        "test_report",
        _("Phiếu kết quả kiểm nghiệm các chỉ tiêu an toàn thực phẩm"),
        (EvidenceKind.TEST_REPORT,),
        context=r"kiem nghiem dinh ky",
    ),
    EvidenceRule(
        "food_safety_facility",
        _("Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"),
        (EvidenceKind.FOOD_SAFETY_FACILITY,),
        context=r"chung nhan du dieu kien attp",
    ),
    EvidenceRule(
        "contract",
        _("Hợp đồng liên kết sản xuất hoặc phân phối"),
        (EvidenceKind.CONTRACT,),
        option=r"(co hop dong|\(co hop dong)",
    ),
    EvidenceRule(
        "environment",
        _("Hồ sơ, thủ tục về môi trường"),
        (EvidenceKind.ENVIRONMENT,),
        option=r"ho so, thu tuc ve moi truong",
    ),
)


@dataclass
class Requirement:
    rule: EvidenceRule
    criteria: list[str] = field(default_factory=list)  # names of the criteria whose claim needs it
    satisfied_by: str = ""  # what proves it, empty when missing

    @property
    def key(self) -> str:
        return self.rule.key

    @property
    def label(self) -> str:
        return str(self.rule.label)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(str(k) for k in self.rule.kinds)

    @property
    def missing(self) -> bool:
        return not self.satisfied_by


def _compiled() -> list[tuple[EvidenceRule, re.Pattern | None, re.Pattern | None]]:
    return [
        (rule, re.compile(rule.option) if rule.option else None, re.compile(rule.context) if rule.context else None)
        for rule in EVIDENCE_RULES
    ]


def rules_for_option(*, sheet: SheetDef, criterion_code: str, option_code: str) -> list[EvidenceRule]:
    """The rules a claimed option triggers (none for an option worth 0 points)."""
    criterion = sheet.criteria[criterion_code]
    option = criterion.option(option_code)
    if option is None or option.points <= Decimal(0):
        return []
    option_text = fold_vietnamese(f"{option.text} {option.note}")
    section = sheet.sections[criterion.section_code]
    context_parts = [criterion.display_title, criterion.description, section.description]
    parent = criterion.parent_code
    while parent:
        context_parts += [sheet.criteria[parent].title, sheet.criteria[parent].description]
        parent = sheet.criteria[parent].parent_code
    context_text = fold_vietnamese(" ".join(context_parts))
    found = []
    for rule, option_re, context_re in _compiled():
        if option_re is not None and not option_re.search(option_text):
            continue
        if context_re is not None and not context_re.search(context_text):
            continue
        found.append(rule)
    return found


def requirements(*, sheet: SheetDef, answers: dict[str, str | None]) -> list[Requirement]:
    """One requirement per rule the claimed answers trigger, in the rules' order."""
    by_key: dict[str, Requirement] = {}
    for code in sheet.leaf_codes:
        option_code = answers.get(code)
        if not option_code:
            continue
        for rule in rules_for_option(sheet=sheet, criterion_code=code, option_code=option_code):
            requirement = by_key.setdefault(rule.key, Requirement(rule))
            requirement.criteria.append(sheet.criterion_name(code))
    order = [rule.key for rule in EVIDENCE_RULES]
    return sorted(by_key.values(), key=lambda r: order.index(r.key))


def check(*, dossier, sheet: SheetDef, answers: dict[str, str | None], today=None) -> list[Requirement]:
    """Requirements with what satisfies each: a valid registry document, or a file in the dossier."""
    found = requirements(sheet=sheet, answers=answers)
    if not found:
        return found
    today = today or timezone.localdate()
    documents = list(
        CertificationDocument.objects.filter(producer_id=dossier.producer_id)
        .filter(Q(product__isnull=True) | Q(product_id=dossier.product_id))
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .order_by("kind", "-issued_on")
    )
    files = list(dossier.evidence.all())
    for requirement in found:
        kinds = set(requirement.kinds)
        document = next((d for d in documents if d.kind in kinds), None)
        if document is not None:
            requirement.satisfied_by = str(_("Giấy tờ trong hồ sơ chủ thể: %s")) % document
            continue
        upload = next((f for f in files if f.kind in kinds), None)
        if upload is not None:
            requirement.satisfied_by = str(_("Tệp minh chứng: %s")) % upload.original_name
    return found
