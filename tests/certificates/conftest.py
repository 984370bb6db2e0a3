"""Certificates fixtures: minimal criteria versions, products in the `world`, a frozen clock, and
`decide` / `issue` to make certificates the only way the platform allows: from a recorded decision
(or, with a paper certificate number, as a historical record with its scanned decision)."""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from ocop.accounts.system import SystemCaller
from ocop.certificates.reference import reference_data_load
from ocop.certificates.services import certificate_issue, certificate_record_historical
from ocop.criteria.models import CriteriaVersion
from ocop.evaluations.models import Decision
from ocop.evaluations.services import historical_result_record
from ocop.geo.models import HistoricalDistrict
from tests.factories import ProductFactory, criteria_version
from tests.imports.conftest import _media, confirm, upload  # noqa: F401 - the import framework's fixtures

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


QD148_FROM = date(2023, 2, 24)
SCAN = b"%PDF-1.4\n% scanned decision (test)\n%%EOF\n"
TOTALS = {0: "10", 1: "20", 2: "40", 3: "60", 4: "78", 5: "92"}


@pytest.fixture
def version(db):
    # Rules and grounds come from a data migration; a transactional test elsewhere may have emptied them.
    reference_data_load()
    return criteria_version(
        "QD148",
        name="Bộ tiêu chí OCOP theo Quyết định 148/QĐ-TTg (từ 2023)",
        effective_from=QD148_FROM,
        star_bands=STAR_BANDS,
    )


def version_on(day: date, version: CriteriaVersion) -> CriteriaVersion:
    """The criteria version in force on `day`: QĐ 1048 before 24/02/2023, else `version` (QĐ 148)."""
    if day >= QD148_FROM:
        return version
    return criteria_version(
        "QD1048",
        name="Bộ tiêu chí OCOP theo Quyết định 1048/QĐ-TTg",
        effective_from=date(2019, 8, 21),
        effective_to=date(2023, 2, 23),
        star_bands=STAR_BANDS,
    )


@pytest.fixture(autouse=True)
def _old_districts(request):
    """The world's producers get their pre-2025 district, which names a district-level authority."""
    if "world" not in request.fixturenames:
        return
    world = request.getfixturevalue("world")
    for producer, name in ((world["qn"], "Huyện Ba Chẽ"), (world["qn_other"], "Thành phố Hạ Long")):
        producer.historical_district = HistoricalDistrict.objects.get(name=name, province__code=22)
        producer.save(update_fields=["historical_district"])
    world["lc"].historical_district = HistoricalDistrict.objects.filter(province__code=15).order_by("code").first()
    world["lc"].save(update_fields=["historical_district"])


@pytest.fixture
def product(world):
    return ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng Ba Chẽ đặc biệt", name_en="Ba Che golden tea")


def decide(
    *,
    product,
    version,
    stars=4,
    level=None,
    decision_number="1234/QĐ-UBND",
    decision_date=date(2026, 1, 15),
    total=None,
    signer_name="Nguyễn Văn Thử",
    signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    recognised=None,
) -> Decision:
    """A decision recorded in the system (a past result); `level` / `recognised` override what it says."""
    decision = historical_result_record(
        actor=None,
        product=product,
        criteria_version=version_on(decision_date, version),
        total=Decimal(str(total if total is not None else TOTALS[stars])),
        stars=stars,
        number=decision_number,
        decided_on=decision_date,
        signer_name=signer_name,
        signer_title=signer_title,
    )
    changes = {}
    if level is not None and level != decision.authority:
        changes["authority"] = level
    if recognised is not None:
        changes["recognised"] = recognised
    if changes:
        Decision.objects.filter(pk=decision.pk).update(**changes)
        decision.refresh_from_db()
    return decision


def issue(actor=None, *, product, version, stars=4, level=None, **overrides):
    """A certificate from a new recorded decision, or (with `number`) a historical record with its scan.

    `level`, when given, is what the decision records as its authority (the table says whether that is
    right); by default the decision records the authority the table gives.
    """
    decision_date = overrides.pop("decision_date", date(2026, 1, 15))
    decision_number = overrides.pop("decision_number", "1234/QĐ-UBND")
    signer_name = overrides.pop("signer_name", "Nguyễn Văn Thử")
    signer_title = overrides.pop("signer_title", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
    total = overrides.pop("total", None)
    overrides.pop("authority_name", None)  # never given: it follows from the authority and the producer
    if overrides.get("number"):
        return certificate_record_historical(
            actor=actor,
            system=SystemCaller.DEMO if actor is None else None,
            product=product,
            stars=stars,
            criteria_version=version_on(decision_date, version),
            decision_number=decision_number,
            decision_date=decision_date,
            signer_name=signer_name,
            signer_title=signer_title,
            total=total,
            decision_document=ContentFile(SCAN, name="quyet-dinh.pdf"),
            **overrides,
        )
    decision = decide(
        product=product,
        version=version,
        stars=stars,
        level=level,
        decision_number=decision_number,
        decision_date=decision_date,
        total=total,
        signer_name=signer_name,
        signer_title=signer_title,
    )
    system = SystemCaller.DEMO if actor is None else None  # the tests' world, as the demo data
    return certificate_issue(actor=actor, decision=decision, stars=stars, system=system, **overrides)
