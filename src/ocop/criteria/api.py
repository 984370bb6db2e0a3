"""Criteria API: versions, product sets, a set's full sheet, and a stateless score endpoint."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from ocop.accounts.policy import PUBLIC, permission
from ocop.core.fields import Int
from ocop.core.pagination import paginated
from ocop.criteria import selectors
from ocop.criteria.advisor import advice_messages, advise
from ocop.criteria.engine import answers_from_pairs, classify, score
from ocop.criteria.explanation import StarExplanation, applicability_messages, explain, explanation_messages

router = Router(tags=["criteria"])


class CriteriaVersionOut(Schema):
    code: str
    name: str
    name_en: str
    legal_document: str
    effective_from: date
    effective_to: date | None
    max_total: Decimal
    parts: list[dict]
    star_bands: list[dict]
    has_sheets: bool


class ProductSetOut(Schema):
    number: Int
    code: str
    slug: str
    name_vi: str
    name_en: str
    group: str
    status: str
    max_total: Decimal
    warning: str | None


class OptionOut(Schema):
    code: str
    text: str
    note: str
    points: Decimal
    mandatory_stars: Int | None


class CriterionOut(Schema):
    code: str
    name: str
    label: str
    title: str
    description: str
    parent: str | None
    max_points: Decimal
    mandatory_stars: Int | None
    only_if_scored: str | None
    options: list[OptionOut]


class SectionOut(Schema):
    code: str
    title: str
    description: str
    max_points: Decimal
    choose_one: bool
    criteria: list[CriterionOut]


class PartOut(Schema):
    code: str
    title: str
    max_points: Decimal
    sections: list[SectionOut]


class KnockoutOut(Schema):
    code: str
    kind: str
    scope: str
    section: str | None
    criterion: str | None
    note: str


class CriteriaSheetOut(Schema):
    version: str
    product_set: ProductSetOut
    max_total: Decimal
    parts: list[PartOut]
    knockouts: list[KnockoutOut]
    problems: list[dict]
    corrections: list[dict]


class CriteriaAnswerIn(Schema):
    criterion: str = Field(description="Mã tiêu chí, ví dụ “1.1” / criterion code")
    option: str | None = Field(description="Mã phương án, hoặc null: không phương án nào phù hợp / option or null")


class CriteriaScoreIn(Schema):
    answers: list[CriteriaAnswerIn]
    knockouts: list[str] = Field(default_factory=list, description="Điều kiện loại trừ xảy ra / knock-outs that apply")


class CriterionScoreOut(Schema):
    code: str
    points: Decimal
    max_points: Decimal
    option: str | None
    outcome: str


class BlockOut(Schema):
    code: str
    points: Decimal
    max_points: Decimal


class GapOut(Schema):
    criterion: str
    criterion_name: str
    mark_stars: Int
    option: str | None
    required_points: Decimal
    current_points: Decimal


class MissingOut(Schema):
    stars: Int
    points_needed: Decimal
    mandatory: list[GapOut]


class AdviceStepOut(Schema):
    kind: str
    criterion: str
    criterion_name: str
    from_option: str | None
    to_option: str
    to_option_text: str
    gain: Decimal
    mandatory_for: Int | None


class AdviceOut(Schema):
    target_stars: Int | None
    reachable: bool
    points_needed: Decimal
    steps: list[AdviceStepOut]
    message_vi: list[str]
    message_en: list[str]


class StarCapOut(Schema):
    stars: Int = Field(description="Hạng sao mà mức tối thiểu này bắt buộc / the star this minimum is marked for")
    criterion: str
    criterion_name: str
    required_option: str | None = Field(description="null: tiêu chí phải có điểm / null: any option above zero")
    required_option_text: str
    required_points: Decimal
    chosen_option: str | None
    chosen_option_text: str
    counted_points: Decimal
    outcome: str = Field(description="scored | none | not_applicable | knocked_out | not_chosen")


class ExplanationOut(Schema):
    total: Decimal
    band_stars: Int
    band_min: Decimal
    band_next: Decimal | None
    stars: Int
    certified: bool
    disqualified: bool
    caps: list[StarCapOut]
    message_vi: list[str]
    message_en: list[str]


class NotApplicableOut(Schema):
    criterion: str
    requires: str
    option: str
    option_points: Decimal
    message_vi: str
    message_en: str


class ScoreOut(Schema):
    version: str
    product_set: str
    status: str
    warning: str | None
    total: Decimal
    max_total: Decimal
    stars: Int
    band_stars: Int
    certified: bool
    disqualified: bool
    knockouts: list[str]
    parts: list[BlockOut]
    sections: list[BlockOut]
    criteria: list[CriterionScoreOut]
    missing: list[MissingOut]
    advice: AdviceOut
    explanation: ExplanationOut
    not_applicable: list[NotApplicableOut]


def explanation_out(explanation: StarExplanation, *, sheet) -> dict:
    """The star's explanation as the API returns it (criteria and evaluations alike)."""
    return {
        "total": explanation.total,
        "band_stars": explanation.band_stars,
        "band_min": explanation.band_min,
        "band_next": explanation.band_next,
        "stars": explanation.stars,
        "certified": explanation.certified,
        "disqualified": explanation.disqualified,
        "caps": [
            {
                "stars": cap.stars,
                "criterion": cap.criterion_code,
                "criterion_name": cap.criterion_name,
                "required_option": cap.required_option_code,
                "required_option_text": cap.required_option_text,
                "required_points": cap.required_points,
                "chosen_option": cap.chosen_option_code,
                "chosen_option_text": cap.chosen_option_text,
                "counted_points": cap.counted_points,
                "outcome": cap.outcome,
            }
            for cap in explanation.caps
        ],
        "message_vi": explanation_messages(explanation, sheet=sheet, language="vi"),
        "message_en": explanation_messages(explanation, sheet=sheet, language="en"),
    }


def not_applicable_out(result) -> list[dict]:
    """The "counts only when there is a story" notices of a scored sheet, one per criterion."""
    vi = applicability_messages(result, language="vi")
    en = applicability_messages(result, language="en")
    return [
        {
            "criterion": notice.criterion_code,
            "requires": notice.requires_code,
            "option": notice.option_code,
            "option_points": notice.option_points,
            "message_vi": vi[index],
            "message_en": en[index],
        }
        for index, notice in enumerate(result.not_applicable)
    ]


def _warning(product_set) -> str | None:
    if product_set.status != "unverified":
        return None
    return _("Bộ tiêu chí chưa kiểm chứng: %s") % product_set.unverified_reason


def _set_out(product_set) -> dict:
    return {
        "number": product_set.number,
        "code": product_set.code,
        "slug": product_set.slug,
        "name_vi": product_set.name_vi,
        "name_en": product_set.name_en,
        "group": product_set.group.name_vi,
        "status": product_set.status,
        "max_total": product_set.max_total,
        "warning": _warning(product_set),
    }


@router.get(
    "/versions", response=list[CriteriaVersionOut], auth=None, summary="Phiên bản bộ tiêu chí / Criteria versions"
)
@paginated
@permission(PUBLIC)
def versions(request):
    return list(selectors.versions_list())


@router.get(
    "/{version}/sets", response=list[ProductSetOut], auth=None, summary="Bộ sản phẩm / Product sets of a version"
)
@paginated
@permission(PUBLIC)
def product_sets(request, version: str):
    found = selectors.version_get(code=version)
    return [_set_out(s) for s in selectors.product_sets_list(version=found)]


@router.get(
    "/{version}/sets/{product_set}", response=CriteriaSheetOut, auth=None, summary="Phiếu chấm / Full scoring sheet"
)
@permission(PUBLIC)
def sheet_detail(request, version: str, product_set: str):
    found = selectors.product_set_get(version=selectors.version_get(code=version), key=product_set)
    sheet = selectors.sheet_get(product_set=found)

    def criterion_out(code: str) -> dict:
        c = sheet.criteria[code]
        return {
            "code": code,
            "name": sheet.criterion_name(code),
            "label": c.label,
            "title": c.display_title,
            "description": c.description,
            "parent": c.parent_code,
            "max_points": c.max_points,
            "mandatory_stars": c.mandatory_stars,
            "only_if_scored": c.requires_code,
            "options": [_option(o) for o in c.options],
        }

    parts = []
    for part in sheet.parts:
        sections = []
        for section_code in part.section_codes:
            section = sheet.sections[section_code]
            codes = [c for c in sheet.criteria if sheet.criteria[c].section_code == section_code]
            sections.append(
                {
                    "code": section.code,
                    "title": section.title,
                    "description": section.description,
                    "max_points": section.max_points,
                    "choose_one": section.choose_one,
                    "criteria": [criterion_out(c) for c in codes],
                }
            )
        parts.append({"code": part.code, "title": part.title, "max_points": part.max_points, "sections": sections})
    return {
        "version": sheet.version_code,
        "product_set": _set_out(found),
        "max_total": sheet.max_total,
        "parts": parts,
        "knockouts": [
            {
                "code": k.code,
                "kind": k.kind,
                "scope": k.scope,
                "section": k.section_code,
                "criterion": k.criterion_code,
                "note": k.note,
            }
            for k in sheet.knockouts
        ],
        "problems": found.problems,
        "corrections": found.corrections,
    }


def _option(option) -> dict:
    return {
        "code": option.code,
        "text": option.text,
        "note": option.note,
        "points": option.points,
        "mandatory_stars": option.mandatory_stars,
    }


@router.post(
    "/{version}/sets/{product_set}/score",
    response=ScoreOut,
    auth=None,
    summary="Tự chấm điểm / Score a sheet (stateless)",
)
@permission(PUBLIC)
def sheet_score(request, version: str, product_set: str, payload: CriteriaScoreIn):
    found = selectors.product_set_get(version=selectors.version_get(code=version), key=product_set)
    sheet = selectors.sheet_get(product_set=found)
    answers = answers_from_pairs(sheet=sheet, pairs=[(a.criterion, a.option) for a in payload.answers])
    result = score(sheet, answers=answers, knockouts=payload.knockouts)
    classification = classify(
        total=result.total, answers=result.effective_options(), sheet=sheet, disqualified=result.disqualified
    )
    advice = advise(result=result, classification=classification)
    return {
        "version": sheet.version_code,
        "product_set": sheet.set_code,
        "status": found.status,
        "warning": _warning(found),
        "total": result.total,
        "max_total": sheet.max_total,
        "stars": classification.stars,
        "band_stars": classification.band_stars,
        "certified": classification.certified,
        "disqualified": classification.disqualified,
        "knockouts": list(result.knockouts),
        "parts": [{"code": b.code, "points": b.points, "max_points": b.max_points} for b in result.parts.values()],
        "sections": [
            {"code": b.code, "points": b.points, "max_points": b.max_points} for b in result.sections.values()
        ],
        "criteria": [
            {
                "code": c.code,
                "points": c.points,
                "max_points": c.max_points,
                "option": c.option_code,
                "outcome": c.outcome,
            }
            for c in result.criteria.values()
        ],
        "missing": [
            {
                "stars": stars,
                "points_needed": classification.points_needed[stars],
                "mandatory": [
                    {
                        "criterion": g.criterion_code,
                        "criterion_name": sheet.criterion_name(g.criterion_code),
                        "mark_stars": g.mark_stars,
                        "option": g.option_code,
                        "required_points": g.required_points,
                        "current_points": g.current_points,
                    }
                    for g in gaps
                ],
            }
            for stars, gaps in classification.missing.items()
        ],
        "advice": {
            "target_stars": advice.target_stars,
            "reachable": advice.reachable,
            "points_needed": advice.points_needed,
            "steps": [
                {
                    "kind": s.kind,
                    "criterion": s.criterion_code,
                    "criterion_name": s.criterion_name,
                    "from_option": s.from_option_code,
                    "to_option": s.to_option_code,
                    "to_option_text": s.to_option_text,
                    "gain": s.gain,
                    "mandatory_for": s.mandatory_for,
                }
                for s in advice.steps
            ],
            "message_vi": advice_messages(advice, language="vi"),
            "message_en": advice_messages(advice, language="en"),
        },
        "explanation": explanation_out(explain(result=result, classification=classification), sheet=sheet),
        "not_applicable": not_applicable_out(result),
    }
