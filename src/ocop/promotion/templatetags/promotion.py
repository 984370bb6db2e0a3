import datetime

from django import template

from ocop.core.formatting import dmy
from ocop.promotion import formatting

register = template.Library()

# Numbers, money and dates: the core filters ({% load ocop %}: number, vnd, dmy).

register.filter("billions", formatting.billions)
register.filter("signed_percent", formatting.signed_percent)
register.filter("plain_percent", formatting.plain_percent)


@register.filter
def index(sequence, position):
    try:
        return sequence[position]
    except (IndexError, KeyError, TypeError):
        return None


@register.filter
def iso_dmy(value: str) -> str:
    """ "2017-05-09" → "09/05/2017"."""
    try:
        return dmy(datetime.date.fromisoformat(value))
    except (TypeError, ValueError):
        return value or ""


@register.filter
def growth_class(value) -> str:
    if value is None:
        return ""
    return "growth-up" if value > 0 else ("growth-down" if value < 0 else "")
