"""The next-star advisor: the cheapest way from a scored sheet to the next star.

"Cheapest" means: first every mandatory minimum the next star needs (there is no way around those),
each at the lowest option that meets it; then, if points are still short, the fewest criteria to
improve, each by the smallest step that still reaches the band. Criteria stopped by a knock-out,
or not applicable, are not proposed: the advice says to lift the knock-out first.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from ocop.core.formatting import score
from ocop.criteria.engine import KNOCKED_OUT, NOT_APPLICABLE, NOT_CHOSEN, ZERO, Classification, ScoreResult
from ocop.criteria.sheets import OptionDef, SheetDef

MANDATORY = "mandatory"
POINTS = "points"


@dataclass(frozen=True, slots=True)
class AdviceStep:
    kind: str  # mandatory | points
    criterion_code: str
    criterion_name: str
    from_option_code: str | None
    from_points: Decimal
    to_option_code: str
    to_option_text: str
    to_points: Decimal
    gain: Decimal  # includes the points of the criteria this step makes count again (`restores`)
    mandatory_for: int | None  # the star level whose minimum this step meets
    restores: tuple[str, ...] = ()  # story-only criteria that count again once this criterion scores


@dataclass(frozen=True, slots=True)
class Advice:
    target_stars: int | None  # None: already ★5, or disqualified
    reachable: bool
    points_needed: Decimal  # points still missing for the band after the mandatory steps
    steps: tuple[AdviceStep, ...]
    knockouts: tuple[str, ...]  # knock-outs that stop blocks: lift them first

    @property
    def total_gain(self) -> Decimal:
        return sum((s.gain for s in self.steps), ZERO)


def _step(sheet: SheetDef, code: str, current: Decimal, current_code: str | None, option: OptionDef, kind: str, star):
    return AdviceStep(
        kind=kind,
        criterion_code=code,
        criterion_name=sheet.criterion_name(code),
        from_option_code=current_code,
        from_points=current,
        to_option_code=option.code,
        to_option_text=option.text,
        to_points=option.points,
        gain=option.points - current,
        mandatory_for=star,
    )


def _leaf_for(sheet: SheetDef, code: str) -> str:
    """The criterion to raise for a minimum: itself, or the first sub-criterion of a parent."""
    if sheet.criteria[code].options:
        return code
    return next(c.code for c in sheet.criteria.values() if c.parent_code == code and c.options)


def _restore(sheet: SheetDef, result: ScoreResult, leaf: str, star: int, *, steps: list, upgraded: dict) -> bool:
    """For a criterion that counts only when there is a story: raise the story to its lowest option above
    zero (one mandatory step), so that every story-only answer counts again. False when that is impossible."""
    requires = sheet.criteria[leaf].requires_code
    if requires is None or not sheet.criteria[requires].options:
        return False
    if result.criteria[requires].outcome in (KNOCKED_OUT, NOT_CHOSEN, NOT_APPLICABLE):
        return False
    if upgraded.get(requires, result.criteria[requires].points) > ZERO:
        return True  # already raised by an earlier step
    candidates = [o for o in sheet.criteria[requires].options if o.points > ZERO]
    if not candidates:
        return False
    option = min(candidates, key=lambda o: o.points)
    restored = {n.criterion_code: n.option_points for n in result.not_applicable if n.requires_code == requires}
    step = _step(
        sheet,
        requires,
        result.criteria[requires].points,
        result.criteria[requires].option_code,
        option,
        MANDATORY,
        star,
    )
    steps.append(replace(step, gain=step.gain + sum(restored.values(), ZERO), restores=tuple(restored)))
    upgraded[requires] = option.points
    upgraded.update(restored)
    return True


def advise(*, result: ScoreResult, classification: Classification) -> Advice:
    sheet = result.sheet
    if classification.disqualified:
        return Advice(None, False, ZERO, (), result.knockouts)
    top = max(stars for stars, _minimum in sheet.star_bands)
    if classification.stars >= top:
        return Advice(None, True, ZERO, (), result.knockouts)
    target = classification.stars + 1
    minimum = dict(sheet.star_bands)[target]
    points = {code: c.points for code, c in result.criteria.items()}
    chosen = {code: c.option_code for code, c in result.criteria.items()}
    steps: list[AdviceStep] = []
    reachable = True
    upgraded: dict[str, Decimal] = {}
    restored_points = {n.criterion_code: n.option_points for n in result.not_applicable}

    for gap in classification.missing.get(target, ()):
        leaf = _leaf_for(sheet, gap.criterion_code)
        if result.criteria[leaf].outcome == NOT_APPLICABLE and not _restore(
            sheet, result, leaf, gap.mark_stars, steps=steps, upgraded=upgraded
        ):
            reachable = False
            continue
        if result.criteria[leaf].outcome in (KNOCKED_OUT, NOT_CHOSEN):
            reachable = False
            continue
        current = upgraded.get(leaf, points[leaf])
        if current >= gap.required_points:
            continue
        candidates = [o for o in sheet.criteria[leaf].options if o.points >= gap.required_points]
        if not candidates:
            reachable = False
            continue
        option = min(candidates, key=lambda o: o.points)
        steps = [s for s in steps if s.criterion_code != leaf]
        # A story-only criterion counts its chosen option again once restored (that gain is the story's step).
        start = restored_points.get(leaf, points[leaf])
        steps.append(_step(sheet, leaf, start, chosen[leaf], option, MANDATORY, gap.mark_stars))
        upgraded[leaf] = option.points

    gained = sum((upgraded[c] - points[c] for c in upgraded), ZERO)
    deficit = max(ZERO, minimum - (result.total + gained))
    if deficit > ZERO:
        # Best possible gain per criterion that can still be raised.
        room = []
        for code in sheet.leaf_codes:
            outcome = result.criteria[code].outcome
            if outcome in (KNOCKED_OUT, NOT_APPLICABLE, NOT_CHOSEN):
                continue
            base = upgraded.get(code, points[code])
            best = sheet.criteria[code].best_points
            if best > base:
                room.append((best - base, code))
        room.sort(key=lambda item: (-item[0], sheet.leaf_codes.index(item[1])))
        picked, covered = [], ZERO
        for gain, code in room:
            if covered >= deficit:
                break
            picked.append(code)
            covered += gain
        if covered < deficit:
            reachable = False
        remaining = deficit
        # Walk back from the smallest pick, lowering each step as far as the rest still allows.
        plan: dict[str, OptionDef] = {}
        max_gain = {code: gain for gain, code in room}
        for index, code in enumerate(picked):
            others = sum((max_gain[c] for c in picked[index + 1 :]), ZERO)
            base = upgraded.get(code, points[code])
            need = remaining - others
            options = [o for o in sheet.criteria[code].options if o.points > base]
            fitting = [o for o in options if o.points - base >= need]
            option = min(fitting, key=lambda o: o.points) if fitting else max(options, key=lambda o: o.points)
            plan[code] = option
            remaining -= option.points - base
        for code, option in plan.items():
            base = upgraded.get(code, points[code])
            existing = [s for s in steps if s.criterion_code == code]
            if existing:
                steps.remove(existing[0])
                step = _step(sheet, code, points[code], chosen[code], option, MANDATORY, existing[0].mandatory_for)
                carried = existing[0].gain - (existing[0].to_points - existing[0].from_points)
                steps.append(replace(step, gain=step.gain + carried, restores=existing[0].restores))
            else:
                steps.append(_step(sheet, code, base, chosen[code], option, POINTS, None))
            upgraded[code] = option.points
        gained = sum((upgraded[c] - points[c] for c in upgraded), ZERO)
        deficit = max(ZERO, minimum - (result.total + gained))
    blocking = tuple(result.knockouts) if not reachable or result.knockouts else ()
    return Advice(target, reachable and deficit == ZERO, deficit, tuple(steps), blocking)


def _points(value: Decimal) -> str:
    return score(value)


def advice_messages(advice: Advice, *, language: str | None = None) -> list[str]:
    """The advice in plain words, in `language` (default: the active language)."""
    with translation.override(language or translation.get_language()):
        if advice.target_stars is None:
            if advice.reachable:
                return [_("Sản phẩm đã đạt hạng cao nhất (5 sao).")]
            return [_("Sản phẩm bị loại theo điều kiện loại trừ của phiếu chấm, không được xếp hạng.")]
        lines = []
        for step in advice.steps:
            values = {
                "criterion": step.criterion_name,
                "option": step.to_option_text,
                "gain": _points(step.gain),
                "stars": step.mandatory_for or advice.target_stars,
            }
            if step.kind == MANDATORY and step.restores:
                values["restored"] = ", ".join(step.restores)
                lines.append(
                    _(
                        "Bắt buộc cho hạng %(stars)s sao: ở tiêu chí %(criterion)s, cần đạt “%(option)s” để các tiêu "
                        "chí chỉ áp dụng khi có câu chuyện (%(restored)s) được tính (thêm %(gain)s điểm)."
                    )
                    % values
                )
            elif step.kind == MANDATORY:
                lines.append(
                    _(
                        "Bắt buộc cho hạng %(stars)s sao: ở tiêu chí %(criterion)s, cần đạt “%(option)s” "
                        "(thêm %(gain)s điểm)."
                    )
                    % values
                )
            else:
                lines.append(_("Nâng tiêu chí %(criterion)s lên “%(option)s”: thêm %(gain)s điểm.") % values)
        if advice.knockouts:
            lines.append(
                _("Một điều kiện loại trừ đang làm một phần phiếu không được chấm; hãy khắc phục điều đó trước.")
            )
        if advice.reachable:
            lines.insert(
                0,
                _("Để đạt %(stars)s sao, cần %(count)d thay đổi (thêm %(gain)s điểm):")
                % {"stars": advice.target_stars, "count": len(advice.steps), "gain": _points(advice.total_gain)},
            )
        else:
            lines.insert(
                0,
                _("Chưa thể đạt %(stars)s sao chỉ bằng cách nâng các tiêu chí đang được chấm.")
                % {"stars": advice.target_stars},
            )
        return lines
