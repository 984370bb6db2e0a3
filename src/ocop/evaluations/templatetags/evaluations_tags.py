from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """mapping[key], or "" when missing: {{ comments|lookup:row.code }}."""
    if not mapping:
        return ""
    return mapping.get(key, "")


@register.filter
def stars(count) -> str:
    """★★★★☆ for 4."""
    try:
        count = int(count)
    except (TypeError, ValueError):
        return ""
    return "★" * count + "☆" * max(0, 5 - count)


@register.filter
def status_label(value) -> str:
    """A dossier status code as its label: "submitted" → "Đã nộp, chờ xã kiểm tra"."""
    from ocop.evaluations.models import DossierStatus

    try:
        return str(DossierStatus(value).label)
    except ValueError:
        return value or ""
