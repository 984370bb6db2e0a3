from django import template

register = template.Library()


@register.filter
def readiness_class(readiness) -> str:
    if readiness.total == 0:
        return "cell-none"
    if readiness.ready:
        return "cell-ready"
    return "cell-partial" if (readiness.percent or 0) >= 50 else "cell-low"
