"""Read the criteria data shipped with the project and decide, per set, whether it can be loaded.

Pure: reads files, touches no database. `services.criteria_load` writes what this returns.
For each sheet: read → report every problem as printed → apply the recorded corrections →
re-check → verified (no error), corrected (no error left after corrections), unverified (errors
left, accepted by an [[unverified]] entry) or refused.
"""

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from ocop.criteria.corrections import Correction, corrections_apply, corrections_read
from ocop.criteria.engine import star_bands_of
from ocop.criteria.errors import CriteriaImportError
from ocop.criteria.parsing import parse_sheet, read_rows
from ocop.criteria.problems import Problem, Severity
from ocop.criteria.sheets import SheetDef, sheet_from_parsed
from ocop.criteria.validation import validate_sheet

DATA_DIR = Path(__file__).resolve().parent / "data"
IMPORTER_REVISION = "2"  # bump when parsing rules change, so that loaded sets are refreshed


@dataclass(frozen=True, slots=True)
class VersionSpec:
    code: str
    name: str
    name_en: str
    legal_document: str
    signed_on: date
    effective_from: date
    effective_to: date | None
    max_total: Decimal
    certified_min_stars: int
    has_sheets: bool
    notes: str
    parts: list[dict]
    star_bands: list[dict]
    groups: list[dict]
    sets: list[dict]
    sheets_dir: str | None
    corrections: str | None

    @property
    def band_tuples(self) -> tuple[tuple[int, Decimal], ...]:
        return star_bands_of(self.star_bands)


@dataclass(frozen=True, slots=True)
class Reading:
    """How the importer reads a rule printed in the sheet, shown in the import report for an auditor."""

    file: str
    line: int
    code: str  # the section or criterion the reading is about
    kind: str  # choose_one | only_if_story
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} [{self.code}] {self.kind}: {self.message}"


def sheet_readings(*, file: str, sheet: SheetDef) -> list[Reading]:
    """The readings of a loaded sheet: "choose one of the two cases" sections, "only when there is a story"."""
    readings = []
    for section in sheet.sections.values():
        if not section.choose_one:
            continue
        cases = "; ".join(
            _("%(code)s “%(title)s” (dòng %(line)d)")
            % {
                "code": code,
                "title": sheet.criteria[code].display_title.split("\n", 1)[0].strip(),
                "line": sheet.criteria[code].source_line,
            }
            for code in section.criterion_codes
        )
        readings.append(
            Reading(
                file,
                section.source_line,
                section.code,
                "choose_one",
                _(
                    "Mục %(code)s. %(title)s ghi “%(note)s”: được chấm theo đúng một trường hợp, "
                    "điểm của mục là điểm của trường hợp được chọn; các trường hợp: %(cases)s."
                )
                % {
                    "code": section.code,
                    "title": section.title,
                    "note": section.description.strip().rstrip(":"),
                    "cases": cases,
                },
            )
        )
    for code, criterion in sheet.criteria.items():
        if criterion.requires_code:
            readings.append(
                Reading(
                    file,
                    criterion.source_line,
                    code,
                    "only_if_story",
                    _(
                        "Tiêu chí %(criterion)s ghi “Chỉ áp dụng khi có câu chuyện”: chỉ được tính khi %(requires)s "
                        "có điểm trên 0; nếu không, phương án đã chọn được 0 điểm và phiếu chấm hiện cảnh báo."
                    )
                    % {
                        "criterion": sheet.criterion_name(code),
                        "requires": sheet.criterion_name(criterion.requires_code),
                    },
                )
            )
    return sorted(readings, key=lambda reading: reading.line)


@dataclass(slots=True)
class SheetImport:
    file: str
    number: int
    found: list[Problem] = field(default_factory=list)  # every problem as printed in the file
    remaining: list[Problem] = field(default_factory=list)  # problems left after the corrections
    applied: list[Correction] = field(default_factory=list)
    unverified_reason: str = ""
    status: str = ""  # verified | corrected | unverified | refused
    sheet: SheetDef | None = None
    readings: list[Reading] = field(default_factory=list)  # how printed rules are read (choose-one, story-only)
    source_sha256: str = ""
    fingerprint: str = ""

    @property
    def errors_found(self) -> list[Problem]:
        return [p for p in self.found if p.severity == Severity.ERROR]

    @property
    def errors_remaining(self) -> list[Problem]:
        return [p for p in self.remaining if p.severity == Severity.ERROR]

    def problem_records(self) -> list[dict]:
        """Every problem found, each with what was done about it."""
        remaining = {p.key for p in self.remaining}
        corrected_lines = {(c.line, c.field) for c in self.applied}
        records = []
        for problem in self.found + [p for p in self.remaining if p.key not in {f.key for f in self.found}]:
            if problem.key not in remaining:
                resolution = "corrected" if (problem.line, problem.field) in corrected_lines else "resolved"
            elif problem.severity == Severity.WARNING:
                resolution = "noted"
            else:
                resolution = "unverified" if self.status == "unverified" else "refused"
            records.append({**problem.as_dict(), "resolution": resolution})
        return records


def versions_read(path: Path | None = None) -> list[VersionSpec]:
    data = tomllib.loads((path or DATA_DIR / "versions.toml").read_text(encoding="utf-8"))
    return [
        VersionSpec(
            code=entry["code"],
            name=entry["name"],
            name_en=entry.get("name_en", ""),
            legal_document=entry["legal_document"],
            signed_on=entry["signed_on"],
            effective_from=entry["effective_from"],
            effective_to=entry.get("effective_to"),
            max_total=Decimal(entry["max_total"]),
            certified_min_stars=entry["certified_min_stars"],
            has_sheets=entry["has_sheets"],
            notes=entry.get("notes", "").strip(),
            parts=entry["parts"],
            star_bands=entry["star_bands"],
            groups=entry["groups"],
            sets=entry.get("sets", []),
            sheets_dir=entry.get("sheets_dir"),
            corrections=entry.get("corrections"),
        )
        for entry in data["version"]
    ]


def _check(*, file: str, text: str, version: VersionSpec) -> tuple[list[Problem], object]:
    rows, problems = read_rows(file=file, text=text)
    parsed = parse_sheet(file=file, rows=rows)
    problems += parsed.problems
    problems += validate_sheet(sheet=parsed, version_parts=version.parts, max_total=version.max_total)
    return problems, (rows, parsed)


def sheet_import(
    *, version: VersionSpec, set_spec: dict, text: str, corrections: list[Correction], unverified_reason: str = ""
) -> SheetImport:
    """Check one sheet as printed and as corrected; decide its status."""
    file = set_spec["file"]
    result = SheetImport(file=file, number=set_spec["number"], unverified_reason=unverified_reason)
    result.found, (rows, _parsed) = _check(file=file, text=text, version=version)
    corrected_rows, result.applied, stale = corrections_apply(file=file, rows=rows, corrections=corrections)
    corrected_parsed = parse_sheet(file=file, rows=corrected_rows)
    result.remaining = (
        stale
        + corrected_parsed.problems
        + validate_sheet(sheet=corrected_parsed, version_parts=version.parts, max_total=version.max_total)
    )
    structural = {"bad_header", "bad_columns", "bad_level", "orphan_section", "orphan_criterion", "orphan_option"}
    structural |= {"orphan_sub_criterion", "mixed_children", "unreadable_number", "empty_score", "empty_title"}
    structural |= {"bad_part", "bad_section", "no_options", "empty_section", "empty_part", "part_order"}
    structural |= {"stale_correction", "bad_stars", "star_mismatch"}
    errors = result.errors_remaining
    if not errors:
        result.status = "corrected" if result.applied else "verified"
    elif unverified_reason and not any(p.code in structural for p in errors):
        result.status = "unverified"
    else:
        result.status = "refused"
    if result.status != "refused":
        result.sheet = sheet_from_parsed(
            parsed=corrected_parsed,
            version_code=version.code,
            set_code=f"{set_spec['number']:02d}",
            set_number=set_spec["number"],
            set_name=set_spec["name_vi"],
            status=result.status,
            part_titles={p["code"]: p["name_vi"] for p in version.parts},
            star_bands=version.band_tuples,
            certified_min_stars=version.certified_min_stars,
        )
        result.readings = sheet_readings(file=file, sheet=result.sheet)
    result.source_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    fingerprint_input = json.dumps(
        [IMPORTER_REVISION, result.source_sha256, [c.as_dict() for c in result.applied], unverified_reason, set_spec],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    result.fingerprint = hashlib.sha256(fingerprint_input.encode("utf-8")).hexdigest()
    return result


def version_import(version: VersionSpec, *, data_dir: Path | None = None) -> list[SheetImport]:
    """Check every sheet of a version. Raises if a corrections entry names a file that is not a set."""
    if not version.has_sheets:
        return []
    base = data_dir or DATA_DIR
    corrections_file = corrections_read(base / version.corrections) if version.corrections else None
    files = {s["file"] for s in version.sets}
    if corrections_file:
        unknown = sorted({c.file for c in corrections_file.corrections} | set(corrections_file.unverified) - files)
        unknown = [name for name in unknown if name not in files]
        if unknown:
            raise CriteriaImportError(_("Tệp hiệu chỉnh nhắc tới tệp không có trong danh mục: %s") % ", ".join(unknown))
    results = []
    for set_spec in version.sets:
        path = base / version.sheets_dir / set_spec["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CriteriaImportError(
                _("Không đọc được tệp %(file)s: %(error)s") % {"file": path, "error": exc}
            ) from exc
        results.append(
            sheet_import(
                version=version,
                set_spec=set_spec,
                text=text,
                corrections=corrections_file.for_file(set_spec["file"]) if corrections_file else [],
                unverified_reason=corrections_file.unverified.get(set_spec["file"], "") if corrections_file else "",
            )
        )
    return results
