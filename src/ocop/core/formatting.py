"""Numbers, money and the language of a record's text: one place for every page, report and message.

Vietnamese pages write 1.250.000 ₫, 15,5, 87,67 (points) and 15,5 %; English pages write 1,250,000 ₫,
15.5, 87.67 and 15.5%. Templates use the filters of `{% load ocop %}` (vnd, number, score, quantity,
percent, dmy); Django's floatformat/intcomma are not used (tests/test_habits.py).
Why English keeps its own separators: an English reader takes the dot for a decimal point, so
"1.250 ₫" would read as one and a quarter đồng. The currency sign ₫ is the same in both languages
(the amounts are đồng; one sign means one column of figures reads the same on both pages).
File sizes follow the same rule: "1,5 MB" / "1.5 MB" (`file_size`; `file_size_lazy` for a message
rendered later, or in both languages, from one set of parameters).
Nothing to show is "—" in every helper.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import ngettext

NOTHING = "—"


def is_english() -> bool:
    """The language picker: True when the active language is English, else Vietnamese is meant."""
    return (translation.get_language() or "vi").startswith("en")


def in_language(vietnamese: str, english: str) -> str:
    """The English text on English pages when there is one, else the Vietnamese text."""
    return english if english and is_english() else vietnamese


def localized(obj, field: str = "name") -> str:
    """`<field>_en` of a record (or a mapping) on English pages when it is filled, else its Vietnamese
    `<field>_vi` (or `<field>`, for records whose Vietnamese field has no suffix, such as an event's name)."""

    def value(name: str):
        return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)

    vietnamese = value(f"{field}_vi")
    if vietnamese is None:
        vietnamese = value(field)
    return in_language(vietnamese or "", value(f"{field}_en") or "")


def number(value, places: int = 0) -> str:
    """1250000 → "1.250.000" (Vietnamese) / "1,250,000" (English); places are rounded half up."""
    if value is None or value == "":
        return NOTHING
    amount = Decimal(str(value)).quantize(Decimal(10) ** -places, ROUND_HALF_UP)
    text = f"{amount:,.{places}f}"
    if not is_english():
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def score(value) -> str:
    """Points of a score sheet: "87,67" / "87.67"; two places, or none for a whole number ("60")."""
    if value is None or value == "":
        return NOTHING
    amount = Decimal(str(value))
    return number(amount, 0 if amount == amount.to_integral_value() else 2)


def quantity(value, places: int = 3) -> str:
    """A measured quantity with at most `places` decimals, trailing zeros dropped: 0,5 / 0.5; 1.250."""
    if value is None or value == "":
        return NOTHING
    amount = Decimal(str(value)).quantize(Decimal(10) ** -places, ROUND_HALF_UP).normalize()
    return number(amount, max(0, -amount.as_tuple().exponent))


def vnd(value) -> str:
    """An amount in đồng: "1.250.000 ₫" / "1,250,000 ₫"."""
    if value is None or value == "":
        return NOTHING
    return f"{number(value)} ₫"


def percent(value, places: int = 0) -> str:
    """ "15,5 %" / "15.5%"."""
    if value is None or value == "":
        return NOTHING
    text = number(value, places)
    return f"{text}%" if is_english() else f"{text} %"


FILE_SIZE_UNITS = ("KB", "MB", "GB", "TB")


def file_size(value) -> str:
    """Bytes as the reader writes them, in units of 1024: 1572864 → "1,5 MB" / "1.5 MB"; 10 MB; 800 KB.

    Rounded up to one decimal, as file managers do: a file just over a limit never reads as the limit
    ("1,1 MB, vượt giới hạn 1 MB", not "1 MB, vượt giới hạn 1 MB")."""
    if value is None or value == "":
        return NOTHING
    count = int(value)
    if count < 1024:
        return ngettext("%(count)s byte", "%(count)s byte", count) % {"count": number(count)}
    amount = Decimal(count) / 1024
    unit = 0
    while amount.quantize(Decimal("0.1"), ROUND_UP) >= 1024 and unit < len(FILE_SIZE_UNITS) - 1:
        amount /= 1024
        unit += 1
    return f"{quantity(amount.quantize(Decimal('0.1'), ROUND_UP), 1)} {FILE_SIZE_UNITS[unit]}"


number_lazy = lazy(number, str)
# Formatted when the message is rendered, in that moment's language: one parameter for both catalogues.
file_size_lazy = lazy(file_size, str)


def _interpolated(message, params: Mapping) -> str:
    return str(message) % {key: str(value) for key, value in params.items()}


# A translated message with its parameters, rendered when shown: for form labels declared at import time.
interpolated_lazy = lazy(_interpolated, str)


def dmy(value) -> str:
    """A date as both languages write it here: 09/05/2017."""
    return value.strftime("%d/%m/%Y") if value else NOTHING
