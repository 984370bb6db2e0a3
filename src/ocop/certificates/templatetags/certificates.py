from django import template

register = template.Library()


@register.filter
def times(value) -> range:
    """range(value) for drawing a number of stars: {% for i in stars|times %}."""
    try:
        return range(max(0, min(int(value), 10)))
    except (TypeError, ValueError):
        return range(0)


@register.inclusion_tag("certificates/_current_badge.html")
def current_certificate_badge(product):
    """The product's star from its valid certificate, with validity and the verification link."""
    from ocop.certificates.codes import make_code
    from ocop.certificates.selectors import current_certificate

    certificate = current_certificate(product)
    return {
        "certificate": certificate,
        "code": make_code(certificate.pk) if certificate else "",
    }
