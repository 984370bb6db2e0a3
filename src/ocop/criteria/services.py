"""Writes of the criteria app: load the versions, taxonomy and sheets shipped with the project."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ocop.core.services import audit_record
from ocop.core.text import fold_vietnamese
from ocop.criteria.errors import CriteriaImportError
from ocop.criteria.importer import SheetImport, VersionSpec, version_import, versions_read
from ocop.criteria.models import (
    CriteriaVersion,
    Criterion,
    Knockout,
    Option,
    Part,
    ProductGroup,
    ProductSet,
    Section,
)
from ocop.criteria.sheets import SheetDef


@dataclass(slots=True)
class LoadReport:
    versions: list[str] = field(default_factory=list)
    sheets: list[SheetImport] = field(default_factory=list)
    changed_sets: list[str] = field(default_factory=list)  # codes of sets created or rewritten

    @property
    def refused(self) -> list[SheetImport]:
        return [s for s in self.sheets if s.status == "refused"]


def _version_upsert(spec: VersionSpec) -> CriteriaVersion:
    values = {
        "name": spec.name,
        "name_en": spec.name_en,
        "legal_document": spec.legal_document,
        "signed_on": spec.signed_on,
        "effective_from": spec.effective_from,
        "effective_to": spec.effective_to,
        "max_total": spec.max_total,
        "parts": spec.parts,
        "star_bands": spec.star_bands,
        "certified_min_stars": spec.certified_min_stars,
        "has_sheets": spec.has_sheets,
        "notes": spec.notes,
    }
    version, created = CriteriaVersion.objects.get_or_create(code=spec.code, defaults=values)
    if not created and any(getattr(version, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(version, key, value)
        version.full_clean()
        version.save()
    for group in spec.groups:
        ProductGroup.objects.update_or_create(
            version=version,
            number=group["number"],
            defaults={"code": group["code"], "name_vi": group["name_vi"], "name_en": group["name_en"]},
        )
    return version


def _tree_write(product_set: ProductSet, sheet: SheetDef) -> None:
    """Replace the set's tree. Refused when an evaluation already points at a criterion or option."""
    try:
        Knockout.objects.filter(product_set=product_set).delete()
        Criterion.objects.filter(product_set=product_set).update(requires_criterion=None)
        Part.objects.filter(product_set=product_set).delete()
    except ProtectedError as exc:
        raise CriteriaImportError(
            _("Bộ %s đã được dùng để chấm điểm nên không thể thay phiếu chấm; hãy tạo phiên bản bộ tiêu chí mới.")
            % product_set.code
        ) from exc
    sections: dict[str, Section] = {}
    criteria: dict[str, Criterion] = {}
    for position, part_def in enumerate(sheet.parts, start=1):
        part = Part.objects.create(
            product_set=product_set,
            code=part_def.code,
            position=position,
            title=part_def.title,
            source_title=part_def.source_title,
            max_points=part_def.max_points,
            source_line=part_def.source_line,
        )
        for section_position, code in enumerate(part_def.section_codes, start=1):
            section_def = sheet.sections[code]
            sections[code] = Section.objects.create(
                part=part,
                code=code,
                position=section_position,
                title=section_def.title,
                description=section_def.description,
                max_points=section_def.max_points,
                choose_one=section_def.choose_one,
                source_line=section_def.source_line,
            )
    positions: dict[tuple[str, str | None], int] = {}
    options: list[Option] = []
    for code, definition in sheet.criteria.items():
        key = (definition.section_code, definition.parent_code)
        positions[key] = positions.get(key, 0) + 1
        criterion = Criterion.objects.create(
            section=sections[definition.section_code],
            parent=criteria.get(definition.parent_code) if definition.parent_code else None,
            product_set=product_set,
            code=code,
            label=definition.label,
            position=positions[key],
            title=definition.title,
            description=definition.description,
            max_points=definition.max_points,
            mandatory_stars=definition.mandatory_stars,
            source_line=definition.source_line,
        )
        criteria[code] = criterion
        options += [
            Option(
                criterion=criterion,
                code=o.code,
                position=o.position,
                text=o.text,
                note=o.note,
                points=o.points,
                mandatory_stars=o.mandatory_stars,
                source_line=o.source_line,
            )
            for o in definition.options
        ]
    Option.objects.bulk_create(options)
    for code, definition in sheet.criteria.items():
        if definition.requires_code:
            criteria[code].requires_criterion = criteria[definition.requires_code]
            criteria[code].save(update_fields=["requires_criterion"])
    Knockout.objects.bulk_create(
        Knockout(
            product_set=product_set,
            code=k.code,
            kind=k.kind,
            scope=k.scope,
            section=sections.get(k.section_code) if k.section_code else None,
            criterion=criteria.get(k.criterion_code) if k.criterion_code else None,
            note=k.note,
            source_line=k.source_line,
        )
        for k in sheet.knockouts
    )


def _set_upsert(*, version: CriteriaVersion, spec: dict[str, Any], result: SheetImport) -> bool:
    """Create or refresh one product set. Returns True when something changed."""
    assert result.sheet is not None
    existing = ProductSet.objects.filter(version=version, number=spec["number"]).first()
    if existing is not None and existing.fingerprint == result.fingerprint:
        return False
    group = ProductGroup.objects.get(version=version, number=spec["group"])
    values = {
        "group": group,
        "code": f"{spec['number']:02d}",
        "slug": slugify(fold_vietnamese(spec["name_vi"]))[:120],
        "name_vi": spec["name_vi"],
        "name_en": spec["name_en"],
        "status": result.status,
        "max_total": result.sheet.max_total,
        "source_file": f"{version.code.lower()}/{spec['file']}",
        "source_sha256": result.source_sha256,
        "fingerprint": result.fingerprint,
        "problems": sorted(result.problem_records(), key=lambda p: (p["line"], p["field"], p["code"])),
        "corrections": [c.as_dict() for c in result.applied],
        "unverified_reason": result.unverified_reason if result.status == "unverified" else "",
    }
    before = {"status": existing.status, "fingerprint": existing.fingerprint} if existing else None
    product_set, _created = ProductSet.objects.update_or_create(version=version, number=spec["number"], defaults=values)
    _tree_write(product_set, result.sheet)
    audit_record(
        actor=None,
        action="criteria_set_load",
        target=product_set,
        before=before,
        after={"status": product_set.status, "fingerprint": product_set.fingerprint},
    )
    return True


@transaction.atomic
def criteria_load(*, data_dir: Path | None = None) -> LoadReport:
    """Load every version, group, product set and sheet. Idempotent: an unchanged set is not touched.

    A refused sheet (problems left that no correction or [[unverified]] entry accepts) stops the
    whole load with every problem listed, and nothing is written.
    """
    report = LoadReport()
    specs = versions_read(data_dir / "versions.toml" if data_dir else None)
    imports: dict[str, list[SheetImport]] = {}
    for spec in specs:
        imports[spec.code] = version_import(spec, data_dir=data_dir)
        report.sheets += imports[spec.code]
    if report.refused:
        problems = [p for sheet in report.refused for p in sheet.errors_remaining]
        raise CriteriaImportError(
            _("Bộ tiêu chí không cộng đúng và chưa có hiệu chỉnh: %s") % ", ".join(s.file for s in report.refused),
            problems=problems,
        )
    for spec in specs:
        version = _version_upsert(spec)
        report.versions.append(version.code)
        for set_spec, result in zip(spec.sets, imports[spec.code], strict=True):
            if _set_upsert(version=version, spec=set_spec, result=result):
                report.changed_sets.append(f"{version.code}/{set_spec['number']:02d}")
    if report.changed_sets:
        from ocop.criteria.selectors import sheet_cache_clear

        transaction.on_commit(sheet_cache_clear)
    return report
