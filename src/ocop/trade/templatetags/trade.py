from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation

register = template.Library()


@register.filter
def local_name(obj) -> str:
    """A record's name in the active language: name_en in English when there is one, else name_vi."""
    english = getattr(obj, "name_en", "")
    if translation.get_language() == "en" and english:
        return english
    return getattr(obj, "name_vi", str(obj))


@register.filter
def vnd(value) -> str:
    """An amount of money in đồng with thousands separators: 1.500.000 đ."""
    if value is None or value == "":
        return "—"
    return f"{intcomma(int(value))} đ"


@register.filter
def readiness_class(readiness) -> str:
    if readiness.total == 0:
        return "cell-none"
    if readiness.ready:
        return "cell-ready"
    return "cell-partial" if (readiness.percent or 0) >= 50 else "cell-low"
