"""Why a sheet's star is what it is: the band from the total, then every mandatory minimum that capped it.

Computed once from the engine's results (`explain(result=…, classification=…)`) and rendered by every
page and API response that shows a star (the public sheet, the self-assessment, the council's
result, the decision), so that a product with 86.67 points and ★2 always says which minimum held it
back. `applicability_messages` words the engine's "counts only when there is a story" notices.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from ocop.core.formatting import score
from ocop.criteria.engine import (
    KNOCKED_OUT,
    NOT_APPLICABLE,
    NOT_CHOSEN,
    ZERO,
    Classification,
    NotApplicable,
    ScoreResult,
)
from ocop.criteria.sheets import SheetDef


@dataclass(frozen=True, slots=True)
class StarCap:
    """One mandatory minimum, marked for `stars`, that the chosen options do not reach."""

    stars: int  # the star level the sheet marks this minimum for: the result stays below it
    criterion_code: str
    criterion_name: str
    required_option_code: str | None  # None: a criterion-level mark (any option above zero)
    required_option_text: str
    required_points: Decimal
    chosen_option_code: str | None  # the option chosen (by the council, on a council result)
    chosen_option_text: str
    counted_points: Decimal  # what the chosen option counts for (0 when not applicable or knocked out)
    outcome: str  # the engine's outcome for the criterion: scored, none, not_applicable, knocked_out…
    requires_code: str | None  # for not_applicable: the criterion that scored zero


@dataclass(frozen=True, slots=True)
class StarExplanation:
    total: Decimal
    band_stars: int  # the star the total alone reaches
    band_min: Decimal  # the band's lowest total
    band_next: Decimal | None  # the next band's lowest total (None for the top band)
    stars: int
    certified: bool
    certified_min_stars: int
    disqualified: bool
    knockouts: tuple[str, ...]
    caps: tuple[StarCap, ...]  # the minimums that held the star below the band, lowest star first

    @property
    def capped(self) -> bool:
        return bool(self.caps)


def _option_text(sheet: SheetDef, criterion_code: str, option_code: str | None) -> str:
    if not option_code:
        return ""
    option = sheet.index.options.get(criterion_code, {}).get(option_code)
    return option.text if option is not None else option_code


def explain(*, result: ScoreResult, classification: Classification) -> StarExplanation:
    """The reasons for `classification`, from the scored sheet it was computed from."""
    sheet = result.sheet
    bands = sorted(sheet.star_bands, key=lambda band: band[1])
    band_min = next((minimum for stars, minimum in bands if stars == classification.band_stars), ZERO)
    band_next = next((minimum for _stars, minimum in bands if minimum > band_min), None)
    effective = result.effective_options()
    caps: list[StarCap] = []
    if not classification.disqualified:
        for mark in sheet.index.marks:
            if not classification.stars < mark.stars <= classification.band_stars:
                continue
            criterion = sheet.criteria[mark.criterion_code]
            if criterion.options:
                option = sheet.index.options[mark.criterion_code].get(effective.get(mark.criterion_code) or "")
                counted = option.points if option is not None else ZERO
                score = result.criteria[mark.criterion_code]
                chosen_code, outcome = score.option_code, score.outcome
            else:  # a parent criterion: the sum of its sub-criteria
                counted = result.criteria[mark.criterion_code].points
                chosen_code, outcome = None, result.criteria[mark.criterion_code].outcome
            if counted >= mark.required_points:
                continue
            caps.append(
                StarCap(
                    stars=mark.stars,
                    criterion_code=mark.criterion_code,
                    criterion_name=sheet.criterion_name(mark.criterion_code),
                    required_option_code=mark.option_code,
                    required_option_text=_option_text(sheet, mark.criterion_code, mark.option_code),
                    required_points=mark.required_points,
                    chosen_option_code=chosen_code,
                    chosen_option_text=_option_text(sheet, mark.criterion_code, chosen_code),
                    counted_points=counted,
                    outcome=outcome,
                    requires_code=criterion.requires_code if outcome == NOT_APPLICABLE else None,
                )
            )
    caps.sort(key=lambda cap: (cap.stars, list(sheet.criteria).index(cap.criterion_code)))
    return StarExplanation(
        total=classification.total,
        band_stars=classification.band_stars,
        band_min=band_min,
        band_next=band_next,
        stars=classification.stars,
        certified=classification.certified,
        certified_min_stars=sheet.certified_min_stars,
        disqualified=classification.disqualified,
        knockouts=tuple(result.knockouts),
        caps=tuple(caps),
    )


def _points(value: Decimal) -> str:
    """A number of points as the active language writes it (86,67 in Vietnamese, 86.67 in English)."""
    return score(value)


def _named(code: str, name: str) -> str:
    return _("%(name)s (mã %(code)s)") % {"name": name, "code": code}


def _cap_line(sheet: SheetDef | None, cap: StarCap) -> str:
    values = {
        "stars": cap.stars,
        "criterion": _named(cap.criterion_code, cap.criterion_name),
        "required": cap.required_option_text,
        "required_points": _points(cap.required_points),
        "chosen": cap.chosen_option_text,
        "counted": _points(cap.counted_points),
    }
    if cap.required_option_code:
        need = (
            _(
                "Hạng %(stars)s sao bắt buộc tiêu chí %(criterion)s đạt tối thiểu “%(required)s” (%(required_points)s điểm)"
            )
            % values
        )
    else:
        need = _("Hạng %(stars)s sao bắt buộc tiêu chí %(criterion)s có điểm") % values
    if cap.outcome == NOT_APPLICABLE and cap.chosen_option_code:
        requires = (
            _named(cap.requires_code, sheet.criterion_name(cap.requires_code)) if sheet and cap.requires_code else ""
        )
        chosen = _(
            "đã chọn “%(chosen)s” nhưng không được tính vì tiêu chí này chỉ áp dụng khi có câu chuyện (%(requires)s được 0 điểm)"
        ) % {**values, "requires": requires}
    elif cap.outcome == KNOCKED_OUT:
        chosen = _("phần phiếu chứa tiêu chí này bị dừng chấm do điều kiện loại trừ")
    elif cap.outcome == NOT_CHOSEN:
        chosen = _("trường hợp chứa tiêu chí này không được chọn")
    elif cap.chosen_option_code:
        chosen = _("đã chọn “%(chosen)s” (%(counted)s điểm)") % values
    else:
        chosen = _("không phương án nào được chọn (0 điểm)")
    return f"{need}: {chosen}."


def explanation_messages(
    explanation: StarExplanation, *, sheet: SheetDef | None = None, language: str | None = None
) -> list[str]:
    """The explanation in plain words, in `language` (default: the active language): band, caps, result."""
    with translation.override(language or translation.get_language()):
        values = {
            "total": _points(explanation.total),
            "band": explanation.band_stars,
            "min": _points(explanation.band_min),
            "next": _points(explanation.band_next) if explanation.band_next is not None else "",
            "stars": explanation.stars,
            "certified_min": explanation.certified_min_stars,
        }
        if explanation.band_next is not None:
            lines = [_("Tổng điểm %(total)s thuộc khung %(band)s sao (từ %(min)s đến dưới %(next)s điểm).") % values]
        else:
            lines = [_("Tổng điểm %(total)s thuộc khung %(band)s sao (từ %(min)s điểm).") % values]
        if explanation.disqualified:
            lines.append(_("Sản phẩm bị loại theo điều kiện loại trừ của phiếu chấm, không được xếp hạng."))
            return lines
        lines.extend(_cap_line(sheet, cap) for cap in explanation.caps)
        if explanation.caps:
            values["cap"] = explanation.caps[0].stars
            lines.append(
                _("Vì chưa đạt tiêu chí bắt buộc của hạng %(cap)s sao, sản phẩm chỉ được %(stars)s sao.") % values
            )
        else:
            lines.append(_("Đạt mọi tiêu chí bắt buộc của hạng này: sản phẩm được %(stars)s sao.") % values)
        if explanation.certified:
            lines.append(_("Đủ điều kiện công nhận sản phẩm OCOP (từ %(certified_min)s sao).") % values)
        else:
            lines.append(_("Không đủ điều kiện công nhận sản phẩm OCOP (cần từ %(certified_min)s sao).") % values)
        return lines


def applicability_message(sheet: SheetDef, notice: NotApplicable) -> str:
    """One "counts only when there is a story" notice, in the active language."""
    return _(
        "Tiêu chí %(criterion)s chỉ áp dụng khi có câu chuyện: %(requires)s được 0 điểm nên phương án đã chọn "
        "“%(option)s” (%(points)s điểm) không được tính."
    ) % {
        "criterion": _named(notice.criterion_code, sheet.criterion_name(notice.criterion_code)),
        "requires": _named(notice.requires_code, sheet.criterion_name(notice.requires_code)),
        "option": _option_text(sheet, notice.criterion_code, notice.option_code),
        "points": _points(notice.option_points),
    }


def applicability_messages(result: ScoreResult, *, language: str | None = None) -> list[str]:
    with translation.override(language or translation.get_language()):
        return [applicability_message(result.sheet, notice) for notice in result.not_applicable]
