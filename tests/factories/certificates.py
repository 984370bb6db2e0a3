"""Certificates written straight to the table, for tests of what reads them (catalogue, trade,
programme). Tests of issuing itself go through the services: see `issue` in tests/certificates.
Like the services, each one recomputes its product's certified-product spans (programme)."""

import itertools
from datetime import date, timedelta

from ocop.certificates.models import Certificate, CertificateStatus
from ocop.programme.services import certified_spans_refresh
from tests.factories.criteria import criteria_version

_numbers = itertools.count(1)


def make_certificate(
    product,
    *,
    stars: int = 4,
    valid_from: date = date(2024, 1, 1),
    valid_until: date | None = None,
    months: int | None = None,
    status: str = CertificateStatus.VALID,
    **extra,
) -> Certificate:
    """A certificate of `stars` for the product, decided on `valid_from`.

    It runs to `valid_until`, or for `months` from `valid_from` (to the day before), or else to 2099.
    A five-star certificate is the central authority's by default, the others the province's.
    """
    if valid_until is None:
        valid_until = (
            valid_from.replace(year=valid_from.year + months // 12) - timedelta(days=1)
            if months
            else date(2099, 12, 31)
        )
    serial = next(_numbers)
    values = {
        "number": f"TEST-{serial:05d}",
        "criteria_version": criteria_version(),
        "decision_number": f"{serial}/QĐ-UBND",
        "decision_date": valid_from,
        "authority_level": "central" if stars == 5 else "province",
        "authority_name": "UBND tỉnh Quảng Ninh",
        "signer_name": "Người ký thử nghiệm",
        **extra,
    }
    certificate = Certificate.objects.create(
        product=product,
        producer=product.producer,
        stars=stars,
        valid_from=valid_from,
        valid_until=valid_until,
        status=status,
        **values,
    )
    certified_spans_refresh(product_ids=[product.pk])
    return certificate
