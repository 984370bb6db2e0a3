"""The demo shows the platform at work on the day it is loaded, whatever that day is.

Given the demo loaded on a day D (today, or a day moved months ahead), then on D each demo user finds
work waiting: a fair running this week whose booths take today's sales (the demo producer's is still
to enter), a round in scoring, certificates expiring within 30 and within 90 days, an unanswered
inquiry for the demo producer, products export-ready for several markets (and one that is not, with
the reason), and a photo on every demo product.
"""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from ocop.accounts.models import User
from ocop.certificates.models import AuthorityLevel, Certificate, CertificateStatus
from ocop.certificates.services import validity_end
from ocop.demo.data import PHOTOS
from ocop.evaluations import authority
from ocop.evaluations.models import Assignment, Dossier, DossierStatus, EvaluationRound, ScoreSheet, SheetKind
from ocop.products.models import Product, ProductPhoto
from ocop.promotion.models import BoothSale, Event, EventStatus
from ocop.promotion.services import booth_sale_record
from ocop.trade.models import Inquiry, InquiryStatus, Market
from ocop.trade.readiness import product_readiness
from ocop.trade.selectors import filter_export_ready

pytestmark = pytest.mark.django_db

MAX_PHOTO_BYTES = 60 * 1024


def _load(settings, tmp_path) -> datetime.date:
    settings.MEDIA_ROOT = tmp_path
    call_command("ocop_demo", verbosity=0)
    return timezone.localdate()


def _ready(code: str, day: datetime.date) -> set[str]:
    return set(filter_export_ready(Product.objects.filter(is_demo=True), code, day).values_list("name_vi", flat=True))


def assert_demo_shows_work_on(day: datetime.date) -> None:
    producer_user = User.objects.select_related("producer").get(username="chuthe")

    # A fair of the series runs this week, open for figures; the demo producer's booth has its sales
    # of the days before and none yet for today, and the producer can enter today's.
    fair = Event.objects.get(status=EventStatus.ANNOUNCED, first_day__lte=day, last_day__gte=day)
    assert (day - fair.first_day).days == 2
    assert (fair.last_day - day).days == 2
    assert fair.series.name == "Hội chợ OCOP Quảng Ninh"
    booth = fair.booths.get(producer=producer_user.producer)
    assert sorted(BoothSale.objects.filter(booth=booth).values_list("day", flat=True)) == [
        day - datetime.timedelta(days=2),
        day - datetime.timedelta(days=1),
    ]
    assert BoothSale.objects.filter(booth__event=fair, day=day).count() == 2  # two of six booths entered today
    sale = booth_sale_record(actor=producer_user, event=fair, booth=booth, day=day, amount_vnd=4_500_000)
    assert (sale.day, sale.amount_vnd) == (day, 4_500_000)

    # The demo stamp run is the demo producer's, with its suspected copy on its page.
    from ocop.stamps.models import StampRun, StampSuspicion

    run = StampRun.objects.get(lot_number="DEMO-2026-01")
    assert run.certificate.producer_id == producer_user.producer_id
    assert StampSuspicion.objects.filter(run=run, index=3).exists()

    # A round in scoring: open today, a dossier assigned to three members, two sheets in, one owed.
    round_ = EvaluationRound.objects.get(year=day.year, number=1)
    assert round_.opens_on <= day <= round_.closes_on
    assert round_.status == EvaluationRound.Status.OPEN
    scoring = Dossier.objects.get(status=DossierStatus.ASSIGNED)
    assert scoring.product.name_vi == "Mực ống Cô Tô"
    assigned = set(
        Assignment.objects.filter(dossier=scoring, round=round_).values_list("member__user__username", flat=True)
    )
    assert assigned == {"hoidong", "hoidong2", "hoidong3"}
    submitted = ScoreSheet.objects.filter(dossier=scoring, kind=SheetKind.MEMBER, status=ScoreSheet.Status.SUBMITTED)
    assert set(submitted.values_list("member__user__username", flat=True)) == {"hoidong", "hoidong2"}

    # Certificates expiring within 30 days, and within 90.
    valid = Certificate.objects.filter(status=CertificateStatus.VALID)
    within_30 = valid.filter(valid_until__gte=day, valid_until__lte=day + datetime.timedelta(days=30))
    within_90 = valid.filter(
        valid_until__gt=day + datetime.timedelta(days=30), valid_until__lte=day + datetime.timedelta(days=90)
    )
    assert list(within_30.values_list("product__name_vi", "valid_until")) == [
        ("Trứng vịt biển Đồng Rui", day + datetime.timedelta(days=20))
    ]
    assert list(within_90.values_list("product__name_vi", "valid_until")) == [
        ("Ngọc trai Hạ Long Tahiti", day + datetime.timedelta(days=60))
    ]

    # Every demo certificate obeys the domain rules: ★3 or more, 36 months from the decision, issued
    # at the level that recognises its stars on the decision's date (★5 the centre; ★4 the province;
    # ★3 the district until July 2025, the province since).
    for certificate in Certificate.objects.filter(is_demo=True).select_related("criteria_version"):
        assert certificate.stars >= 3, certificate.number
        assert certificate.valid_from == certificate.decision_date, certificate.number
        assert certificate.valid_until == validity_end(certificate.valid_from), certificate.number
        period = authority.period_for(version_code=certificate.criteria_version.code, on=certificate.decision_date)
        assert certificate.authority_level == period.recognising_level(certificate.stars), certificate.number
    five_stars = Certificate.objects.filter(is_demo=True, stars=5)
    assert set(five_stars.values_list("authority_level", flat=True)) == {AuthorityLevel.CENTRAL}

    # An inquiry for the demo producer, received yesterday, not answered.
    unanswered = Inquiry.objects.filter(product__producer=producer_user.producer, status=InquiryStatus.NEW)
    inquiry = unanswered.get()
    assert inquiry.messages.count() == 0
    assert timezone.localtime(inquiry.created_at).date() == day - datetime.timedelta(days=1)

    # Export-ready products for several markets on that day, and one not ready, with the reason.
    assert _ready("jp", day) == {"Ngọc trai Hạ Long Akoya", "Chả mực Hạ Long"}
    assert _ready("us", day) == {"Ngọc trai Hạ Long Akoya"}
    assert _ready("eu", day) == {"Chả mực Hạ Long"}
    assert _ready("la", day) == {"Trà hoa vàng Ba Chẽ"}
    assert _ready("kh", day) == {"Trà hoa vàng Ba Chẽ"}
    quy_hoa = Product.objects.get(name_vi="Trà hoa vàng Quy Hoa")
    (china,) = product_readiness(quy_hoa, [Market.objects.get(code="cn")], day)
    assert china.ready is False
    gacc = next(check for check in china.missing if check.requirement.code == "gacc-registration")
    assert gacc.lapsed.expires_on == day - datetime.timedelta(days=20)

    # A photo on every demo product, each a small JPEG shipped with the project.
    products = Product.objects.filter(is_demo=True)
    assert set(products.values_list("name_vi", flat=True)) == set(PHOTOS)
    assert ProductPhoto.objects.filter(product__in=products).count() == products.count()
    for photo in ProductPhoto.objects.filter(product__in=products):
        assert photo.image.size < MAX_PHOTO_BYTES, photo.image.name
        assert photo.image.name.endswith(".jpg"), photo.image.name


def test_the_demo_loaded_today_shows_work_waiting_today(settings, tmp_path):
    day = _load(settings, tmp_path)
    assert_demo_shows_work_on(day)


def test_the_demo_loaded_on_another_day_shows_the_same_picture_on_that_day(settings, tmp_path, monkeypatch):
    real_now = timezone.now
    moved = datetime.timedelta(days=137)  # into the next year's spring: a new round, a new fair edition
    monkeypatch.setattr(timezone, "now", lambda: real_now() + moved)
    day = _load(settings, tmp_path)
    assert day == (real_now() + moved).astimezone(timezone.get_current_timezone()).date()
    assert_demo_shows_work_on(day)
