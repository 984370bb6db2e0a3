"""Check that a parsed sheet adds up at every level, and flag what a careful reader would."""

from decimal import Decimal

from django.utils.translation import gettext as _

from ocop.core.formatting import score
from ocop.core.text import fold_vietnamese
from ocop.criteria.parsing import CriterionNode, ParsedSheet, SectionNode
from ocop.criteria.problems import Problem, Severity


def _fmt(value: Decimal | None) -> str:
    """Points as the reader's language writes them (99,5 / 99.5); "?" for a value not read."""
    if value is None:
        return "?"
    return score(value)


def _sum(values: list[Decimal | None]) -> Decimal | None:
    if any(v is None for v in values):
        return None
    return sum(values, Decimal(0))  # type: ignore[arg-type]


class _Checker:
    def __init__(self, sheet: ParsedSheet, version_parts: list[dict], max_total: Decimal):
        self.sheet = sheet
        self.version_parts = {p["code"]: p for p in version_parts}
        self.part_order = [p["code"] for p in version_parts]
        self.max_total = max_total
        self.problems: list[Problem] = []

    def problem(self, line: int, field: str, code: str, message: str, severity: str = Severity.ERROR) -> None:
        self.problems.append(Problem(self.sheet.file, line, field, code, severity, message))

    def run(self) -> list[Problem]:
        parts = self.sheet.parts
        codes = [p.code for p in parts]
        if codes != self.part_order:
            line = parts[0].line if parts else 1
            self.problem(
                line,
                "title",
                "part_order",
                _("Phiếu có các phần %(found)s, cần %(expected)s.")
                % {"found": ", ".join(codes) or "—", "expected": ", ".join(self.part_order)},
            )
        total = _sum([p.max_points for p in parts])
        if total is not None and parts and total != self.max_total:
            self.problem(
                parts[0].line,
                "score",
                "sum_parts",
                _("Các phần cộng được %(sum)s điểm, cần %(max)s.") % {"sum": _fmt(total), "max": _fmt(self.max_total)},
            )
        expected_numbers = 1
        for part in parts:
            self.check_part(part)
            for section in part.sections:
                if section.number.isdigit():
                    if int(section.number) != expected_numbers:
                        self.problem(
                            section.line,
                            "title",
                            "section_number",
                            _("Mục số %(found)s, lẽ ra là %(expected)d.")
                            % {"found": section.number, "expected": expected_numbers},
                            Severity.WARNING,
                        )
                    expected_numbers = int(section.number) + 1
                self.check_section(section)
        return self.problems

    def check_part(self, part) -> None:
        spec = self.version_parts.get(part.code)
        if spec is not None:
            expected = Decimal(spec["max_points"])
            if part.max_points is not None and part.max_points != expected:
                self.problem(
                    part.line,
                    "score",
                    "part_max",
                    _("Phần %(code)s ghi %(found)s điểm, bộ tiêu chí quy định %(expected)s.")
                    % {"code": part.code, "found": _fmt(part.max_points), "expected": _fmt(expected)},
                )
            printed = fold_vietnamese(part.source_title)
            if fold_vietnamese(spec["name_vi"]) not in printed:
                self.problem(
                    part.line,
                    "title",
                    "part_title",
                    _("Tên phần “%(found)s” khác tên chuẩn “%(expected)s”; trang chấm dùng tên chuẩn.")
                    % {"found": " ".join(part.source_title.split()), "expected": spec["name_vi"]},
                    Severity.WARNING,
                )
        if part.title_points is not None and part.max_points is not None and part.title_points != part.max_points:
            self.problem(
                part.line,
                "score",
                "part_title_points",
                _("Tiêu đề ghi %(title)s điểm nhưng cột điểm ghi %(score)s.")
                % {"title": _fmt(part.title_points), "score": _fmt(part.max_points)},
            )
        if not part.sections:
            self.problem(part.line, "level", "empty_part", _("Phần %s không có mục nào.") % part.code)
            return
        sections_sum = _sum([s.max_points for s in part.sections])
        if part.max_points is not None and sections_sum is not None and sections_sum != part.max_points:
            self.problem(
                part.line,
                "score",
                "sum_sections",
                _("Phần %(code)s tối đa %(max)s điểm nhưng các mục cộng được %(sum)s (%(detail)s).")
                % {
                    "code": part.code,
                    "max": _fmt(part.max_points),
                    "sum": _fmt(sections_sum),
                    "detail": " + ".join(f"{s.number}: {_fmt(s.max_points)}" for s in part.sections),
                },
            )

    def check_section(self, section: SectionNode) -> None:
        if not section.criteria:
            self.problem(section.line, "level", "empty_section", _("Mục %s không có tiêu chí nào.") % section.number)
            return
        if section.choose_one:
            for criterion in section.criteria:
                if (
                    None not in (criterion.max_points, section.max_points)
                    and criterion.max_points != section.max_points
                ):
                    self.problem(
                        criterion.line,
                        "score",
                        "sum_alternatives",
                        _("Trường hợp tối đa %(found)s điểm, mục (chọn một trường hợp) tối đa %(max)s.")
                        % {"found": _fmt(criterion.max_points), "max": _fmt(section.max_points)},
                    )
        else:
            criteria_sum = _sum([c.max_points for c in section.criteria])
            if None not in (criteria_sum, section.max_points) and criteria_sum != section.max_points:
                self.problem(
                    section.line,
                    "score",
                    "sum_criteria",
                    _("Mục %(number)s tối đa %(max)s điểm nhưng các tiêu chí cộng được %(sum)s (%(detail)s).")
                    % {
                        "number": section.number,
                        "max": _fmt(section.max_points),
                        "sum": _fmt(criteria_sum),
                        "detail": " + ".join(_fmt(c.max_points) for c in section.criteria),
                    },
                )
        for criterion in section.criteria:
            self.check_criterion(criterion)

    def check_criterion(self, criterion: CriterionNode) -> None:
        if criterion.subs:
            subs_sum = _sum([s.max_points for s in criterion.subs])
            if None not in (subs_sum, criterion.max_points) and subs_sum != criterion.max_points:
                self.problem(
                    criterion.line,
                    "score",
                    "sum_sub_criteria",
                    _("Tiêu chí tối đa %(max)s điểm nhưng các tiêu chí con cộng được %(sum)s.")
                    % {"max": _fmt(criterion.max_points), "sum": _fmt(subs_sum)},
                )
            for sub in criterion.subs:
                self.check_criterion(sub)
            return
        if not criterion.options:
            self.problem(criterion.line, "level", "no_options", _("Tiêu chí không có phương án nào."))
            return
        points = [o.points for o in criterion.options]
        known = [p for p in points if p is not None]
        best = max(known) if known else None
        if len(known) == len(points) and criterion.max_points is not None and best != criterion.max_points:
            self.problem(
                criterion.line,
                "score",
                "criterion_max_not_best",
                _("Tiêu chí tối đa %(max)s điểm nhưng phương án cao nhất được %(best)s.")
                % {"max": _fmt(criterion.max_points), "best": _fmt(best)},
            )
        for previous, option in zip(criterion.options, criterion.options[1:], strict=False):
            if None not in (previous.points, option.points) and option.points <= previous.points:
                self.problem(
                    option.line,
                    "score",
                    "option_order",
                    _("Phương án được %(points)s điểm, không cao hơn phương án trước (%(previous)s).")
                    % {"points": _fmt(option.points), "previous": _fmt(previous.points)},
                    Severity.WARNING,
                )
        marked = [(o.stars, o.points, o.line) for o in criterion.options if o.stars and o.points is not None]
        for stars, points, line in marked:
            for other_stars, other_points, _line in marked:
                if other_stars > stars and other_points < points:
                    self.problem(
                        line,
                        "stars",
                        "star_mark_order",
                        _("Phương án bắt buộc cho hạng %(stars)d sao được nhiều điểm hơn phương án cho %(other)d sao.")
                        % {"stars": stars, "other": other_stars},
                        Severity.WARNING,
                    )


def validate_sheet(*, sheet: ParsedSheet, version_parts: list[dict], max_total: Decimal) -> list[Problem]:
    """Every inconsistency of the parsed sheet, in line order after the parser's own problems."""
    return _Checker(sheet, version_parts, max_total).run()
