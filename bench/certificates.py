"""Benchmark: certificates rendered per second (PDF) and verification requests per second.

`run()` returns the lines to print. It sets Django up itself and makes its own rows: a criteria
version, a producer and products in Quảng Ninh, and certificates issued through the service.
Verification is measured twice through the full Django stack (test client): with the page body
cached (the normal case) and with the cache cleared before every request (the first scan).
"""

import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

PDFS = 40
PDFS_PER_SECOND_GOAL = 30  # issue 16
REQUESTS = 400


def _setup() -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()


def _certificates(count: int):
    from ocop.certificates.models import Certificate, CertificateStatus
    from ocop.certificates.reference import reference_data_load
    from ocop.core.text import fold_vietnamese
    from ocop.criteria.models import CriteriaVersion
    from ocop.geo.models import Commune
    from ocop.producers.models import Producer
    from ocop.products.models import Product

    reference_data_load()
    version, _ = CriteriaVersion.objects.get_or_create(
        code="BENCH",
        defaults={
            "name": "Bench",
            "legal_document": "Quyết định 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ",
            "signed_on": date(2023, 2, 24),
            "effective_from": date(2023, 2, 24),
            "max_total": Decimal("100"),
            "parts": [],
            "star_bands": [
                {"stars": 5, "min_total": "90"},
                {"stars": 4, "min_total": "70"},
                {"stars": 3, "min_total": "50"},
                {"stars": 1, "min_total": "0"},
            ],
        },
    )
    name = "Hợp tác xã Đo hiệu năng Ba Chẽ"
    producer, _ = Producer.objects.get_or_create(
        legal_name=name,
        defaults={
            "producer_type": "cooperative",
            "commune": Commune.objects.get(code=6970),
            "name_folded": fold_vietnamese(name),
        },
    )
    made = list(Certificate.objects.filter(producer=producer).select_related("product"))
    for index in range(len(made), count):
        product = Product.objects.create(producer=producer, name_vi=f"Trà hoa vàng Ba Chẽ loại {index + 1}")
        stars = 3 + index % 3
        # Written straight to the table (issuing runs through a recorded decision, measured by the
        # evaluations bench): what is measured here is the PDF, the page and the verification.
        made.append(
            Certificate.objects.create(
                product=product,
                producer=producer,
                number=f"BENCH-{index + 1:05d}",
                stars=stars,
                criteria_version=version,
                decision_number=f"{1000 + index}/QĐ-UBND",
                decision_date=date(2026, 1, 15),
                valid_from=date(2026, 1, 15),
                valid_until=date(2029, 1, 14),
                status=CertificateStatus.VALID,
                authority_level="central" if stars == 5 else "province",
                authority_name="Ủy ban nhân dân tỉnh Quảng Ninh",
                signer_name="Nguyễn Văn Đo",
                signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
            )
        )
    return made


def run() -> list[str]:
    _setup()
    from django.core.cache import cache
    from django.test import Client

    from ocop.certificates.codes import make_code
    from ocop.certificates.pdf import certificate_pdf
    from ocop.certificates.selectors import certificate_detail_queryset

    certificates = _certificates(20)
    rows = list(certificate_detail_queryset().filter(pk__in=[c.pk for c in certificates]))
    lines = []

    started = time.perf_counter()
    size = 0
    for index in range(PDFS):
        certificate = rows[index % len(rows)]
        code = make_code(certificate.pk)
        size += len(certificate_pdf(certificate, verify_url=f"https://ocop.example.vn/v/{code}", code=code))
    elapsed = time.perf_counter() - started
    lines.append(
        f"PDF certificates: {PDFS / elapsed:.1f} per second, goal ≥ {PDFS_PER_SECOND_GOAL} "
        f"({elapsed / PDFS * 1000:.0f} ms each, {size / PDFS / 1024:.0f} KiB each; uncached: "
        f"{len(rows)} certificates in turn, each PDF built whole)"
    )

    client = Client()
    urls = [f"/v/{make_code(c.pk)}" for c in rows]
    for url in urls:
        assert client.get(url).status_code == 200
    started = time.perf_counter()
    for index in range(REQUESTS):
        client.get(urls[index % len(urls)])
    elapsed = time.perf_counter() - started
    lines.append(f"verification requests (cached body): {REQUESTS / elapsed:.0f} per second")

    started = time.perf_counter()
    for index in range(REQUESTS // 4):
        cache.clear()
        client.get(urls[index % len(urls)])
    elapsed = time.perf_counter() - started
    lines.append(f"verification requests (cold, cache cleared each time): {REQUESTS / 4 / elapsed:.0f} per second")

    started = time.perf_counter()
    for index in range(REQUESTS):
        client.get(f"/v/{index + 1}-aaaaaaaaaaaa")
    elapsed = time.perf_counter() - started
    lines.append(f"forged codes rejected: {REQUESTS / elapsed:.0f} per second (no database query)")
    return lines
