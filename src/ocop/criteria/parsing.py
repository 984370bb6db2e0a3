"""Read one scoring-sheet CSV into a tree, reporting every structural problem with its line.

The CSV (`title,description,level,stars,score`, one pre-order row per node) is described in
docs/criteria.md. Reading never changes a value: corrections are applied to the raw rows before
this module sees them (see `corrections.py`), and sums are checked in `validation.py`.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ocop.criteria.problems import Problem, Severity

HEADER = ["title", "description", "level", "stars", "score"]
FIELDS = tuple(HEADER)

_PART = re.compile(r"^\s*Phần\s+([A-Z])\b[\s.:]*(.*)$", re.S)
_PART_POINTS = re.compile(r"\((\d+)\s*Điểm\)", re.I)
_SECTION = re.compile(r"^\s*(\d+)\s*\.\s*(.*)$", re.S)
_LABEL = re.compile(r"^\s*([a-zđ])\s*[).]\s*(.*)$", re.S)
_STARS_AT_END = re.compile(r"\s*(\*{1,7})\s*[.;:]?\s*$")
_NOTE_IN_TITLE = re.compile(r"\n\s*((?:Ghi chú|Chú ý)\s*:.*|Chỉ áp dụng khi.*)$", re.S)
_CHOOSE_ONE = re.compile(r"lựa chọn một trong", re.I)


@dataclass(slots=True)
class RawRow:
    line: int
    values: dict[str, str]


@dataclass(slots=True)
class OptionNode:
    line: int
    text: str
    note: str
    points: Decimal | None
    stars: int | None


@dataclass(slots=True)
class CriterionNode:
    line: int
    label: str
    title: str
    description: str
    max_points: Decimal | None
    stars: int | None
    implicit: bool = False  # a section that holds its options directly
    subs: list["CriterionNode"] = field(default_factory=list)
    options: list[OptionNode] = field(default_factory=list)
    is_sub: bool = False


@dataclass(slots=True)
class SectionNode:
    line: int
    number: str
    title: str
    description: str
    max_points: Decimal | None
    choose_one: bool
    criteria: list[CriterionNode] = field(default_factory=list)


@dataclass(slots=True)
class PartNode:
    line: int
    code: str
    source_title: str
    max_points: Decimal | None
    title_points: Decimal | None
    sections: list[SectionNode] = field(default_factory=list)


@dataclass(slots=True)
class ParsedSheet:
    file: str
    parts: list[PartNode]
    problems: list[Problem]


def read_rows(*, file: str, text: str) -> tuple[list[RawRow], list[Problem]]:
    """The CSV's records with the line each starts on (a quoted title may span several lines)."""
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != HEADER:
        problems.append(
            Problem(file, 1, "header", "bad_header", Severity.ERROR, _("Dòng tiêu đề phải là: %s") % ",".join(HEADER))
        )
        return [], problems
    rows: list[RawRow] = []
    start = reader.line_num + 1
    for record in reader:
        if not any(cell.strip() for cell in record):
            start = reader.line_num + 1
            continue
        if len(record) != len(HEADER):
            problems.append(
                Problem(
                    file,
                    start,
                    "row",
                    "bad_columns",
                    Severity.ERROR,
                    _("Dòng có %(found)d cột, cần %(expected)d.") % {"found": len(record), "expected": len(HEADER)},
                )
            )
        else:
            rows.append(RawRow(line=start, values=dict(zip(HEADER, record, strict=True))))
        start = reader.line_num + 1
    return rows, problems


class _Builder:
    """Walks the rows once, keeping the current part, section and criterion."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.parts: list[PartNode] = []
        self.section: SectionNode | None = None
        self.criterion: CriterionNode | None = None  # the latest top-level criterion
        self.leaf: CriterionNode | None = None  # where options go

    def problem(self, line: int, field_name: str, code: str, message: str, severity: str = Severity.ERROR) -> None:
        self.problems.append(Problem(self.file, line, field_name, code, severity, message))

    def number(self, row: RawRow, *, required: bool) -> Decimal | None:
        raw = row.values["score"].strip()
        if not raw:
            if required:
                self.problem(row.line, "score", "empty_score", _("Điểm bị bỏ trống."))
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.problem(row.line, "score", "unreadable_number", _("Không đọc được điểm “%s” thành số.") % raw)
            return None
        if not value.is_finite() or value < 0:
            self.problem(row.line, "score", "unreadable_number", _("Điểm “%s” không hợp lệ.") % raw)
            return None
        return value

    def title_and_stars(self, row: RawRow) -> tuple[str, str, int | None]:
        """The title without its star marks, a note written inside the title, and the star mark."""
        title = row.values["title"].strip()
        note = ""
        note_match = _NOTE_IN_TITLE.search(title)
        if note_match:
            note = note_match.group(1).strip()
            title = title[: note_match.start()].rstrip()
        asterisks = 0
        star_match = _STARS_AT_END.search(title)
        if star_match:
            asterisks = len(star_match.group(1))
            title = title[: star_match.start()].rstrip()
        stars_raw = row.values["stars"].strip()
        stars: int | None = None
        if stars_raw:
            if stars_raw in {"3", "4", "5"}:
                stars = int(stars_raw)
            else:
                self.problem(
                    row.line, "stars", "bad_stars", _("Hạng sao bắt buộc “%s” phải là 3, 4 hoặc 5.") % stars_raw
                )
        if asterisks and asterisks != (stars or 0):
            self.problem(
                row.line,
                "stars",
                "star_mismatch",
                _("Tiêu đề có %(asterisks)d dấu * nhưng cột hạng sao ghi “%(stars)s”.")
                % {"asterisks": asterisks, "stars": stars_raw},
            )
        elif stars and not asterisks:
            self.problem(
                row.line,
                "stars",
                "star_mismatch",
                _("Cột hạng sao ghi %d nhưng tiêu đề không có dấu *.") % stars,
                Severity.WARNING,
            )
        return title, note, stars

    def add(self, row: RawRow) -> None:
        level_raw = row.values["level"].strip()
        if level_raw not in {"0", "1", "2", "3"}:
            self.problem(row.line, "level", "bad_level", _("Cấp “%s” phải là 0, 1, 2 hoặc 3.") % level_raw)
            return
        title, note, stars = self.title_and_stars(row)
        description = "\n".join(part for part in (row.values["description"].strip(), note) if part)
        if not title:
            self.problem(row.line, "title", "empty_title", _("Tiêu đề bị bỏ trống."))
        level = int(level_raw)
        if level == 0:
            self.add_part(row, title)
        elif level == 1:
            self.add_section(row, title, description)
        elif level == 2:
            self.add_criterion(row, title, description, stars)
        else:
            self.add_option(row, title, note, stars)

    def add_part(self, row: RawRow, title: str) -> None:
        match = _PART.match(title)
        if not match:
            self.problem(row.line, "title", "bad_part", _("Không nhận ra phần (Phần A, B hoặc C) trong tiêu đề."))
            code = "?"
        else:
            code = match.group(1)
        points = _PART_POINTS.search(title)
        self.parts.append(
            PartNode(
                line=row.line,
                code=code,
                source_title=title,
                max_points=self.number(row, required=True),
                title_points=Decimal(points.group(1)) if points else None,
            )
        )
        self.section = self.criterion = self.leaf = None

    def add_section(self, row: RawRow, title: str, description: str) -> None:
        if not self.parts:
            self.problem(row.line, "level", "orphan_section", _("Mục nằm ngoài mọi phần."))
            return
        match = _SECTION.match(title)
        if not match:
            self.problem(row.line, "title", "bad_section", _("Tiêu đề mục không bắt đầu bằng số thứ tự (“1. …”)."))
            number, text = "?", title
        else:
            number, text = match.group(1), match.group(2).strip()
        self.section = SectionNode(
            line=row.line,
            number=number,
            title=text,
            description=description,
            max_points=self.number(row, required=True),
            choose_one=bool(_CHOOSE_ONE.search(description)),
        )
        self.parts[-1].sections.append(self.section)
        self.criterion = self.leaf = None

    def add_criterion(self, row: RawRow, title: str, description: str, stars: int | None) -> None:
        if self.section is None:
            self.problem(row.line, "level", "orphan_criterion", _("Tiêu chí nằm ngoài mọi mục."))
            return
        is_sub = title.startswith("-")
        text = title.lstrip("-").strip() if is_sub else title
        label = ""
        match = _LABEL.match(text)
        if match and not is_sub:
            label, text = match.group(1), match.group(2).strip()
        if title and not text:
            self.problem(
                row.line,
                "title",
                "empty_title",
                _("Tiêu chí chỉ có ký hiệu “%s”, không có tên; trang chấm hiển thị tên của mục.") % title,
                Severity.WARNING,
            )
        node = CriterionNode(
            line=row.line,
            label=label,
            title=text,
            description=description,
            max_points=self.number(row, required=True),
            stars=stars,
            is_sub=is_sub,
        )
        if is_sub:
            if self.criterion is None or self.criterion.options:
                self.problem(
                    row.line, "title", "orphan_sub_criterion", _("Tiêu chí con (“- …”) không có tiêu chí cha.")
                )
                return
            self.criterion.subs.append(node)
        else:
            if self.section.criteria and self.section.criteria[0].implicit:
                self.problem(row.line, "level", "mixed_children", _("Mục vừa có phương án trực tiếp vừa có tiêu chí."))
            self.section.criteria.append(node)
            self.criterion = node
        self.leaf = node

    def add_option(self, row: RawRow, title: str, note: str, stars: int | None) -> None:
        if self.section is None:
            self.problem(row.line, "level", "orphan_option", _("Phương án không thuộc tiêu chí nào."))
            return
        if not title.startswith("□"):
            self.problem(row.line, "title", "option_marker", _("Phương án không bắt đầu bằng “□”."), Severity.WARNING)
        leaf = self.leaf
        if leaf is None:
            # A section that holds its options directly is its own criterion.
            leaf = CriterionNode(
                line=self.section.line,
                label="",
                title=self.section.title,
                description="",
                max_points=self.section.max_points,
                stars=None,
                implicit=True,
            )
            self.section.criteria.append(leaf)
            self.criterion = self.leaf = leaf
        elif leaf.subs:
            self.problem(row.line, "level", "mixed_children", _("Tiêu chí vừa có tiêu chí con vừa có phương án."))
            return
        leaf.options.append(
            OptionNode(
                line=row.line,
                text=title.lstrip("□").strip(),
                note=note,
                points=self.number(row, required=True),
                stars=stars,
            )
        )


def parse_sheet(*, file: str, rows: list[RawRow]) -> ParsedSheet:
    builder = _Builder(file)
    for row in rows:
        builder.add(row)
    return ParsedSheet(file=file, parts=builder.parts, problems=builder.problems)
