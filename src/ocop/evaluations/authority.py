"""Who recognises which star: a table keyed by criteria version and date (data/authority.json).

The rules changed with the legal texts (QĐ 1048, QĐ 148, QĐ 1489), so they are data, not code: a
period says, per level, which stars it recognises and from which total it forwards a product to
the level above.
"""

import datetime
import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from ocop.core.errors import DomainError
from ocop.core.formatting import in_language

AUTHORITY_FILE = Path(__file__).resolve().parent / "data" / "authority.json"
LEVEL_ORDER = ("district", "province", "central")

RECOGNISE = "recognise"
FORWARD = "forward"
NOT_RECOGNISED = "not_recognised"
REFER = "refer"  # the stars are recognised by another level


@dataclass(frozen=True)
class LevelRule:
    recognises: frozenset[int]
    forwards_from_total: Decimal | None


@dataclass(frozen=True)
class Period:
    version: str
    starts: datetime.date
    ends: datetime.date | None
    name_vi: str
    name_en: str
    levels: dict[str, LevelRule]

    @property
    def name(self) -> str:
        return in_language(self.name_vi, self.name_en)

    def covers(self, version: str, day: datetime.date) -> bool:
        return (
            self.version.upper() == version.upper() and self.starts <= day and (self.ends is None or day <= self.ends)
        )

    def recognising_level(self, stars: int) -> str | None:
        for level in LEVEL_ORDER:
            rule = self.levels.get(level)
            if rule and stars in rule.recognises:
                return level
        return None

    def level_above(self, level: str) -> str | None:
        above = [name for name in LEVEL_ORDER[LEVEL_ORDER.index(level) + 1 :] if name in self.levels]
        return above[0] if above else None


def _parse(raw: dict) -> Period:
    return Period(
        version=raw["version"],
        starts=datetime.date.fromisoformat(raw["from"]),
        ends=datetime.date.fromisoformat(raw["to"]) if raw.get("to") else None,
        name_vi=raw["name_vi"],
        name_en=raw["name_en"],
        levels={
            level: LevelRule(
                recognises=frozenset(int(s) for s in rule.get("recognises", [])),
                forwards_from_total=Decimal(rule["forwards_from_total"]) if rule.get("forwards_from_total") else None,
            )
            for level, rule in raw["levels"].items()
        },
    )


@functools.cache
def periods() -> tuple[Period, ...]:
    data = json.loads(AUTHORITY_FILE.read_text(encoding="utf-8"))
    return tuple(_parse(raw) for raw in data["periods"])


def period_for(*, version_code: str, on: datetime.date) -> Period:
    for period in periods():
        if period.covers(version_code, on):
            return period
    raise DomainError(
        _("Không có quy định về cấp công nhận cho phiên bản %(version)s vào ngày %(date)s.")
        % {"version": version_code, "date": on.strftime("%d/%m/%Y")},
        field="decided_on",
    )


@dataclass(frozen=True)
class Outcome:
    action: str  # recognise | forward | not_recognised | refer
    level: str  # the level that decides (or, for forward, the level the product goes to)
    period: Period


def outcome(
    *, version_code: str, on: datetime.date, level: str, stars: int, total: Decimal, certified_min_stars: int = 3
) -> Outcome:
    """What a council at `level` does with a product classified `stars` with `total` points on a date."""
    period = period_for(version_code=version_code, on=on)
    rule = period.levels.get(level)
    if rule is None:
        raise DomainError(
            _("Theo %(period)s, cấp này không đánh giá sản phẩm OCOP.") % {"period": period.name}, field="level"
        )
    if stars in rule.recognises:
        return Outcome(RECOGNISE, level, period)
    above = period.level_above(level)
    if (
        above
        and rule.forwards_from_total is not None
        and total >= rule.forwards_from_total
        and stars > max(rule.recognises, default=0)
    ):
        return Outcome(FORWARD, above, period)
    if stars < certified_min_stars:
        return Outcome(NOT_RECOGNISED, level, period)
    return Outcome(REFER, period.recognising_level(stars) or level, period)
