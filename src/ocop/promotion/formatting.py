"""Numbers as people of each language write them: 6.800.000.000 đ and +15,0 % in Vietnamese,
6,800,000,000 VND and +15.0% in English. Dates are dd/mm/yyyy in both."""

import datetime
from decimal import Decimal

from django.utils import translation


def _vietnamese() -> bool:
    return (translation.get_language() or "vi").startswith("vi")


def grouped(value: int | None) -> str:
    """A whole number with thousands separators; "—" for nothing."""
    if value is None:
        return "—"
    text = f"{int(value):,}"
    return text.replace(",", ".") if _vietnamese() else text


def vnd(value: int | None) -> str:
    if value is None:
        return "—"
    return f"{grouped(value)} đ" if _vietnamese() else f"{grouped(value)} VND"


def billions(value: int | None) -> str:
    """Đồng in billions with two decimals, as the press writes them: 6,80 tỷ đồng / 6.80 bn VND."""
    if value is None:
        return "—"
    text = f"{Decimal(value) / Decimal(1_000_000_000):.2f}"
    return f"{text.replace('.', ',')} tỷ đồng" if _vietnamese() else f"{text} bn VND"


def signed_percent(value: Decimal | None) -> str:
    """+15,0 % / +15.0%; "—" when there is nothing to compare with."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    text = f"{abs(value):.1f}"
    return f"{sign}{text.replace('.', ',')} %" if _vietnamese() else f"{sign}{text}%"


def plain_percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}"
    return f"{text.replace('.', ',')} %" if _vietnamese() else f"{text}%"


def dmy(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def compact(value: int) -> str:
    """Short axis labels: 1,2 tỷ / 1.2 bn, 850 tr / 850 m, 12.000."""
    vi = _vietnamese()
    if value >= 1_000_000_000:
        text = f"{value / 1_000_000_000:.1f}".rstrip("0").rstrip(".")
        return f"{text.replace('.', ',')} tỷ" if vi else f"{text} bn"
    if value >= 1_000_000:
        text = f"{value / 1_000_000:.0f}"
        return f"{text} tr" if vi else f"{text} m"
    return grouped(value)


def local_name(event) -> str:
    """The event's name in the reader's language (English name when there is one)."""
    if not _vietnamese() and getattr(event, "name_en", ""):
        return event.name_en
    return event.name
