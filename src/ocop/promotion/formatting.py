"""The promotion reports' figures in words: 6,80 tỷ đồng / 6.80 bn VND, +15,0 % / +15.0%, axis labels.

Plain numbers, money and dates come from ocop.core.formatting: 6.800.000.000 ₫ / 6,800,000,000 ₫.
"""

from decimal import Decimal

from ocop.core.formatting import NOTHING, is_english, number, percent


def billions(value: int | None) -> str:
    """Đồng in billions with two decimals, as the press writes them: 6,80 tỷ đồng / 6.80 bn VND."""
    if value is None:
        return NOTHING
    text = number(Decimal(value) / Decimal(1_000_000_000), 2)
    return f"{text} bn VND" if is_english() else f"{text} tỷ đồng"


def signed_percent(value: Decimal | None) -> str:
    """+15,0 % / +15.0%; "—" when there is nothing to compare with."""
    if value is None:
        return NOTHING
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + percent(abs(value), 1)


def plain_percent(value: Decimal | None) -> str:
    return percent(value, 1)


def compact(value: int) -> str:
    """Short axis labels: 1,2 tỷ / 1.2 bn, 850 tr / 850 m, 12.000."""
    vi = not is_english()
    if value >= 1_000_000_000:
        text = f"{value / 1_000_000_000:.1f}".rstrip("0").rstrip(".")
        return f"{text.replace('.', ',')} tỷ" if vi else f"{text} bn"
    if value >= 1_000_000:
        text = f"{value / 1_000_000:.0f}"
        return f"{text} tr" if vi else f"{text} m"
    return number(value)
