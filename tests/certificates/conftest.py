"""Certificates fixtures: a minimal criteria version, products in the `world`, a frozen clock."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from ocop.certificates.models import AuthorityLevel
from ocop.certificates.reference import reference_data_load
from ocop.certificates.services import certificate_issue
from ocop.criteria.models import CriteriaVersion
from tests.factories import ProductFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
STAR_BANDS = [
    {"stars": 5, "min_total": "90"},
    {"stars": 4, "min_total": "70"},
    {"stars": 3, "min_total": "50"},
    {"stars": 2, "min_total": "30"},
    {"stars": 1, "min_total": "0"},
]


class Clock:
    """A frozen clock: `timezone.now()` (and so `timezone.localdate()`) answers `day` at noon."""

    def __init__(self, monkeypatch, day: date):
        self._monkeypatch = monkeypatch
        self.set(day)

    def set(self, day: date) -> None:
        self.day = day
        moment = datetime.combine(day, time(12, 0), tzinfo=TZ)
        self._monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, date(2026, 3, 10))


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def version(db):
    # Rules and grounds come from a data migration; a transactional test elsewhere may have emptied them.
    reference_data_load()
    version, _ = CriteriaVersion.objects.get_or_create(
        code="QD148",
        defaults={
            "name": "Bộ tiêu chí OCOP theo Quyết định 148/QĐ-TTg (từ 2023)",
            "legal_document": "Quyết định 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ",
            "signed_on": date(2023, 2, 24),
            "effective_from": date(2023, 2, 24),
            "max_total": Decimal("100"),
            "parts": [],
            "star_bands": STAR_BANDS,
        },
    )
    return version


@pytest.fixture
def product(world):
    return ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng Ba Chẽ đặc biệt", name_en="Ba Che golden tea")


def issue(actor=None, *, product, version, stars=4, level=AuthorityLevel.PROVINCE, **overrides):
    values = {
        "decision_number": "1234/QĐ-UBND",
        "decision_date": date(2026, 1, 15),
        "authority_level": level,
        "authority_name": "Ủy ban nhân dân tỉnh Quảng Ninh",
        "signer_name": "Nguyễn Văn Thử",
        "signer_title": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        **overrides,
    }
    return certificate_issue(actor=actor, product=product, stars=stars, criteria_version=version, **values)
