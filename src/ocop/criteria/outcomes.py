"""The engine's per-criterion and per-minimum results: immutable tuples, so that a sheet's index can build
each possible one once (`SheetIndex`) and the engine hands out the same objects for every sheet scored."""

from decimal import Decimal
from typing import NamedTuple

# Criterion outcomes
SCORED = "scored"
NONE_APPLIES = "none"
KNOCKED_OUT = "knocked_out"  # a knock-out stopped the block it belongs to
NOT_APPLICABLE = "not_applicable"  # depends on a criterion that scored zero (no story)
NOT_CHOSEN = "not_chosen"  # the other case of a choose-one section


class CriterionScore(NamedTuple):
    code: str
    points: Decimal
    max_points: Decimal
    option_code: str | None
    outcome: str


class MandatoryGap(NamedTuple):
    """One mandatory minimum not met: reach `option_code` (or better) in `criterion_code`."""

    criterion_code: str
    mark_stars: int  # the star level the sheet marks this minimum for
    option_code: str | None  # None: a criterion-level mark, any option above zero
    required_points: Decimal
    current_points: Decimal
