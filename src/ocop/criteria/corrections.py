"""The corrections file: each change to a sheet's printed value, with why and on what evidence.

Format (TOML, see docs/criteria.md):

    [[correction]]           # one per changed field
    file, line, field, old, new, why, evidence
    [[unverified]]           # a set accepted although it does not add up
    file, reason
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from ocop.criteria.errors import CriteriaImportError
from ocop.criteria.parsing import FIELDS, RawRow
from ocop.criteria.problems import Problem, Severity


@dataclass(frozen=True, slots=True)
class Correction:
    file: str
    line: int
    field: str
    old: str
    new: str
    why: str
    evidence: str

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "why": self.why,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class CorrectionsFile:
    corrections: tuple[Correction, ...]
    unverified: dict[str, str]  # file name → reason

    def for_file(self, file: str) -> list[Correction]:
        return [c for c in self.corrections if c.file == file]


def corrections_read(path: Path) -> CorrectionsFile:
    """Parse and check the file's shape; a malformed entry refuses the whole load."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CriteriaImportError(
            _("Không đọc được tệp hiệu chỉnh %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from exc
    corrections = []
    for index, entry in enumerate(data.get("correction", []), start=1):
        missing = [key for key in ("file", "line", "field", "old", "new", "why", "evidence") if key not in entry]
        empty = [key for key in ("why", "evidence") if not str(entry.get(key, "")).strip()]
        if missing or empty or entry["field"] not in FIELDS or not isinstance(entry["line"], int):
            raise CriteriaImportError(
                _("Hiệu chỉnh thứ %(index)d trong %(path)s thiếu hoặc sai trường: %(fields)s")
                % {"index": index, "path": path.name, "fields": ", ".join(missing + empty) or "field/line"}
            )
        corrections.append(
            Correction(
                file=entry["file"],
                line=entry["line"],
                field=entry["field"],
                old=str(entry["old"]),
                new=str(entry["new"]),
                why=entry["why"].strip(),
                evidence=entry["evidence"].strip(),
            )
        )
    unverified = {}
    for entry in data.get("unverified", []):
        if not str(entry.get("file", "")).strip() or not str(entry.get("reason", "")).strip():
            raise CriteriaImportError(_("Mục [[unverified]] trong %s cần “file” và “reason”.") % path.name)
        unverified[entry["file"]] = entry["reason"].strip()
    return CorrectionsFile(corrections=tuple(corrections), unverified=unverified)


def corrections_apply(
    *, file: str, rows: list[RawRow], corrections: list[Correction]
) -> tuple[list[RawRow], list[Correction], list[Problem]]:
    """Rows with the corrections applied (the input is not changed), those applied, and stale ones.

    A correction whose `old` no longer matches the file is a problem, never applied silently.
    """
    by_line = {row.line: row for row in rows}
    corrected = {row.line: RawRow(line=row.line, values=dict(row.values)) for row in rows}
    applied: list[Correction] = []
    problems: list[Problem] = []
    for correction in corrections:
        row = by_line.get(correction.line)
        if row is None:
            problems.append(
                Problem(
                    file,
                    correction.line,
                    correction.field,
                    "stale_correction",
                    Severity.ERROR,
                    _("Hiệu chỉnh chỉ tới dòng không bắt đầu một bản ghi."),
                )
            )
            continue
        if row.values[correction.field] != correction.old:
            problems.append(
                Problem(
                    file,
                    correction.line,
                    correction.field,
                    "stale_correction",
                    Severity.ERROR,
                    _("Hiệu chỉnh chờ giá trị “%(old)s” nhưng tệp ghi “%(found)s”; không áp dụng.")
                    % {"old": correction.old, "found": row.values[correction.field]},
                )
            )
            continue
        corrected[correction.line].values[correction.field] = correction.new
        applied.append(correction)
    return [corrected[row.line] for row in rows], applied, problems
