"""Numbers as each language writes them: 672.000.000.000 đ / 672,000,000,000 VND; 336 % / 336%."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation


def vietnamese() -> bool:
    return not (translation.get_language() or "vi").startswith("en")


def grouped(value) -> str:
    if value is None:
        return "—"
    text = f"{int(Decimal(value).to_integral_value(ROUND_HALF_UP)):,}"
    return text.replace(",", ".") if vietnamese() else text


def decimal_text(value, places: int = 1) -> str:
    if value is None:
        return "—"
    text = f"{Decimal(value):,.{places}f}"
    if vietnamese():
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def vnd(value) -> str:
    if value is None:
        return "—"
    return f"{grouped(value)} đ" if vietnamese() else f"{grouped(value)} VND"


def billions(value, places: int = 1) -> str:
    """672 tỷ đồng / 672 bn VND; one decimal unless whole."""
    if value is None:
        return "—"
    amount = Decimal(value) / Decimal(1_000_000_000)
    rounded = amount.quantize(Decimal(10) ** -places, ROUND_HALF_UP)
    text = decimal_text(rounded, 0 if rounded == rounded.to_integral_value() else places)
    return f"{text} tỷ đồng" if vietnamese() else f"{text} bn VND"


def compact(value) -> str:
    """Short chart labels: 672 tỷ / 672 bn, 850 tr / 850 m, 12.000."""
    if value is None:
        return "—"
    value = Decimal(value)
    vi = vietnamese()
    if abs(value) >= 1_000_000_000:
        number = (value / 1_000_000_000).quantize(Decimal("0.1"), ROUND_HALF_UP)
        text = decimal_text(number, 0 if number == number.to_integral_value() or number >= 100 else 1)
        return f"{text} tỷ" if vi else f"{text} bn"
    if abs(value) >= 1_000_000:
        number = (value / 1_000_000).quantize(Decimal("1"), ROUND_HALF_UP)
        return f"{grouped(number)} tr" if vi else f"{grouped(number)} m"
    return grouped(value)


def percent(value, places: int = 0) -> str:
    if value is None:
        return "—"
    text = decimal_text(Decimal(value), places)
    return f"{text} %" if vietnamese() else f"{text}%"


def value_text(value, unit: str, *, short: bool = False) -> str:
    if value is None:
        return "—"
    if unit == "vnd":
        return compact(value) if short else billions(value)
    if unit == "percent":
        return percent(value, 1 if Decimal(value) != Decimal(value).to_integral_value() else 0)
    return grouped(value)


def dmy(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"
