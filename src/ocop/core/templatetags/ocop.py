from datetime import timedelta

from django import template

from ocop.core import formatting

register = template.Library()

# The one set of presentation filters (see ocop.core.formatting): {{ amount|vnd }}, {{ count|number }},
# {{ total|score }}, {{ net|quantity }},
# {{ share|percent:1 }}, {{ day|dmy }}, {{ product|localized:"name" }}.
register.filter("vnd", formatting.vnd)
register.filter("number", formatting.number)
register.filter("score", formatting.score)
register.filter("quantity", formatting.quantity)
register.filter("percent", formatting.percent)
register.filter("dmy", formatting.dmy)
register.filter("file_size", formatting.file_size)
register.filter("localized", formatting.localized)


@register.filter
def minutes(value) -> int:
    """A timedelta as whole minutes, rounded up: 0:15:00 → 15."""
    if not isinstance(value, timedelta):
        return 0
    return -(-int(value.total_seconds()) // 60)
