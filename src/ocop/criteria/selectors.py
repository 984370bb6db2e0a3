"""Reads of the criteria app: versions, sets, and a set's sheet as engine data (cached)."""

import datetime
import threading
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.criteria.assessment import NONE_VALUE, Assessment
from ocop.criteria.engine import star_bands_of
from ocop.criteria.models import CriteriaVersion, Criterion, Knockout, Option, Part, ProductSet, Section
from ocop.criteria.sheets import (
    CriterionDef,
    KnockoutDef,
    OptionDef,
    PartDef,
    SectionDef,
    SheetDef,
)

_cache: dict[tuple[str, int, str], SheetDef] = {}
_cache_lock = threading.Lock()


def sheet_cache_clear() -> None:
    with _cache_lock:
        _cache.clear()


def versions_list() -> QuerySet[CriteriaVersion]:
    return CriteriaVersion.objects.order_by("-effective_from")


def version_current(*, on: datetime.date | None = None) -> CriteriaVersion | None:
    """The version with sheets in force on a date (today by default)."""
    day = on or timezone.localdate()
    return (
        CriteriaVersion.objects.filter(has_sheets=True, effective_from__lte=day)
        .exclude(effective_to__lt=day)
        .order_by("-effective_from")
        .first()
    )


def version_get(*, code: str) -> CriteriaVersion:
    version = CriteriaVersion.objects.filter(code__iexact=code).first()
    if version is None:
        raise Http404(_("Không có phiên bản bộ tiêu chí “%s”.") % code)
    return version


def product_sets_list(*, version: CriteriaVersion) -> QuerySet[ProductSet]:
    return ProductSet.objects.filter(version=version).select_related("group", "version").order_by("number")


def product_set_get(*, version: CriteriaVersion, key: str) -> ProductSet:
    """A set by number ("1"), code ("01") or slug."""
    sets = ProductSet.objects.filter(version=version).select_related("group", "version")
    found = sets.filter(number=int(key)).first() if key.isdigit() else sets.filter(slug=key).first()
    if found is None:
        raise Http404(_("Không có bộ sản phẩm “%(set)s” trong %(version)s.") % {"set": key, "version": version.code})
    return found


def _sheet_build(product_set: ProductSet) -> SheetDef:
    parts = list(
        Part.objects.filter(product_set=product_set)
        .order_by("position")
        .prefetch_related(Prefetch("sections", queryset=Section.objects.order_by("position")))
    )
    criteria = list(
        Criterion.objects.filter(product_set=product_set)
        .select_related("section", "section__part", "parent", "requires_criterion")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position")))
        .order_by("source_line")
    )
    top_level: dict[int, list[str]] = {}
    for criterion in sorted(criteria, key=lambda c: (c.section_id, c.position)):
        if criterion.parent_id is None:
            top_level.setdefault(criterion.section_id, []).append(criterion.code)
    english_titles = {row.get("code"): row.get("name_en", "") for row in product_set.version.parts or []}
    part_defs, section_defs = [], {}
    for part in parts:
        for section in part.sections.all():
            section_defs[section.code] = SectionDef(
                code=section.code,
                title=section.title,
                description=section.description,
                part_code=part.code,
                max_points=section.max_points,
                choose_one=section.choose_one,
                criterion_codes=tuple(top_level.get(section.pk, [])),
                source_line=section.source_line,
            )
        part_defs.append(
            PartDef(
                code=part.code,
                title=part.title,
                max_points=part.max_points,
                section_codes=tuple(s.code for s in part.sections.all()),
                source_title=part.source_title,
                source_line=part.source_line,
                title_en=english_titles.get(part.code, ""),
            )
        )
    criterion_defs = {
        c.code: CriterionDef(
            code=c.code,
            label=c.label,
            title=c.title,
            display_title=c.title or c.section.title,
            description=c.description,
            section_code=c.section.code,
            part_code=c.section.part.code,
            parent_code=c.parent.code if c.parent is not None else None,
            max_points=c.max_points,
            mandatory_stars=c.mandatory_stars,
            requires_code=c.requires_criterion.code if c.requires_criterion is not None else None,
            options=tuple(
                OptionDef(
                    code=o.code,
                    position=o.position,
                    text=o.text,
                    note=o.note,
                    points=o.points,
                    mandatory_stars=o.mandatory_stars,
                    source_line=o.source_line,
                )
                for o in c.options.all()
            ),
            source_line=c.source_line,
        )
        for c in criteria
    }
    knockouts = tuple(
        KnockoutDef(
            code=k.code,
            kind=k.kind,
            scope=k.scope,
            section_code=k.section.code if k.section is not None else None,
            criterion_code=k.criterion.code if k.criterion is not None else None,
            note=k.note,
            source_line=k.source_line,
        )
        for k in Knockout.objects.filter(product_set=product_set).select_related("section", "criterion")
    )
    version = product_set.version
    return SheetDef(
        version_code=version.code,
        set_code=product_set.code,
        set_number=product_set.number,
        set_name=product_set.name_vi,
        status=product_set.status,
        max_total=product_set.max_total,
        star_bands=star_bands_of(version.star_bands),
        certified_min_stars=version.certified_min_stars,
        parts=tuple(part_defs),
        sections=section_defs,
        criteria=criterion_defs,
        knockouts=knockouts,
        leaf_codes=tuple(code for code, c in criterion_defs.items() if c.options),
    )


def sheet_get(*, product_set: ProductSet) -> SheetDef:
    """The set's sheet as engine data; cached per process and refreshed when the set is reloaded."""
    key = (product_set.version.code, product_set.number, product_set.fingerprint)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    sheet = _sheet_build(product_set)
    with _cache_lock:
        _cache[key] = sheet
    return sheet


def sheet_layout(sheet: SheetDef, assessment: Assessment) -> list[dict[str, Any]]:
    """Parts → sections → criteria, with each criterion's options, answer and points, for the template."""
    result = assessment.result
    warnings = assessment.applicability_warnings()
    knockouts_by_block: dict[str, list[KnockoutDef]] = {}
    for knockout in sheet.knockouts:
        knockouts_by_block.setdefault(knockout.section_code or knockout.criterion_code or "", []).append(knockout)
    parts = []
    for part in sheet.parts:
        sections = []
        for section_code in part.section_codes:
            section = sheet.sections[section_code]
            criteria = []
            for code, criterion in sheet.criteria.items():
                if criterion.section_code != section_code:
                    continue
                selected = assessment.answers.get(code, "") if code in assessment.answers else ""
                criteria.append(
                    {
                        "code": code,
                        "criterion": criterion,
                        "depth": code.count(".") - 1,
                        "case": criterion.parent_code is None and section.choose_one,
                        "selected": NONE_VALUE if selected is None else selected,
                        "score": result.criteria[code],
                        "knockouts": knockouts_by_block.get(code, []),
                        "warning": warnings.get(code, ""),
                    }
                )
            sections.append(
                {
                    "section": section,
                    "score": result.sections[section_code],
                    "criteria": criteria,
                    "case": assessment.cases.get(section_code),
                    "knockouts": knockouts_by_block.get(section_code, []),
                }
            )
        parts.append({"part": part, "score": result.parts[part.code], "sections": sections})
    return parts
