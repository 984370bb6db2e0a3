"""The programme's figures in words: 672 tỷ đồng / 672 bn VND, chart labels, an indicator's value.

Plain numbers, money, percentages and dates come from ocop.core.formatting (re-exported here for the
dashboards): 672.000.000.000 ₫ / 672,000,000,000 ₫; 336 % / 336%.
"""

from decimal import ROUND_HALF_UP, Decimal

from ocop.core.formatting import dmy, is_english, number, percent, vnd

__all__ = ["billions", "compact", "dmy", "number", "percent", "value_text", "vnd"]


def billions(value, places: int = 1) -> str:
    """672 tỷ đồng / 672 bn VND; one decimal unless whole."""
    if value is None:
        return "—"
    amount = Decimal(value) / Decimal(1_000_000_000)
    rounded = amount.quantize(Decimal(10) ** -places, ROUND_HALF_UP)
    text = number(rounded, 0 if rounded == rounded.to_integral_value() else places)
    return f"{text} bn VND" if is_english() else f"{text} tỷ đồng"


def compact(value) -> str:
    """Short chart labels: 672 tỷ / 672 bn, 850 tr / 850 m, 12.000."""
    if value is None:
        return "—"
    value = Decimal(value)
    vi = not is_english()
    if abs(value) >= 1_000_000_000:
        amount = (value / 1_000_000_000).quantize(Decimal("0.1"), ROUND_HALF_UP)
        text = number(amount, 0 if amount == amount.to_integral_value() or amount >= 100 else 1)
        return f"{text} tỷ" if vi else f"{text} bn"
    if abs(value) >= 1_000_000:
        amount = (value / 1_000_000).quantize(Decimal("1"), ROUND_HALF_UP)
        return f"{number(amount)} tr" if vi else f"{number(amount)} m"
    return number(value)


def value_text(value, unit: str, *, short: bool = False) -> str:
    if value is None:
        return "—"
    if unit == "vnd":
        return compact(value) if short else billions(value)
    if unit == "percent":
        return percent(value, 1 if Decimal(value) != Decimal(value).to_integral_value() else 0)
    return number(value)
