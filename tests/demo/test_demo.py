import pytest
from django.core.management import call_command
from django.urls import reverse

from ocop.accounts.models import Role, User
from ocop.certificates.models import Certificate
from ocop.core.models import AuditEvent
from ocop.demo import data
from ocop.evaluations.models import Dossier, EvaluationRound, ScoreSheet
from ocop.producers.models import Producer
from ocop.products.models import CertificationDocument, Product, ProductPhoto
from ocop.promotion.models import Booth, BoothSale, DailyVisits, Event
from ocop.stamps.models import StampRun
from ocop.trade.models import ExportCredential, Inquiry

pytestmark = pytest.mark.django_db


# Every kind of record the demo loads: a second run must add none of them.
DEMO_MODELS = [
    Producer,
    Product,
    User,
    AuditEvent,
    ProductPhoto,
    CertificationDocument,
    Certificate,
    EvaluationRound,
    Dossier,
    ScoreSheet,
    Event,
    Booth,
    BoothSale,
    DailyVisits,
    Inquiry,
    ExportCredential,
    StampRun,
]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


def test_demo_data_loads_once_and_a_second_run_changes_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("ocop_demo", verbosity=0)
    counts = _counts()
    assert (counts["Producer"], counts["Product"], counts["ProductPhoto"]) == (12, 13, 13)
    assert {username for username, *_ in data.USERS} <= set(User.objects.values_list("username", flat=True))
    photos = sorted(p.name for p in tmp_path.rglob("*.jpg"))
    call_command("ocop_demo", verbosity=0)
    assert _counts() == counts
    assert sorted(p.name for p in tmp_path.rglob("*.jpg")) == photos  # no file written twice


def test_demo_has_one_user_per_role_and_each_can_log_in(client):
    call_command("ocop_demo", verbosity=0)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for username, *_ in data.USERS:
        response = client.post(reverse("accounts:login"), {"username": username, "password": data.DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.post(reverse("accounts:logout"))


def test_demo_rows_are_labelled_and_placed_in_real_quang_ninh_communes():
    call_command("ocop_demo", verbosity=0)
    assert not Producer.objects.filter(is_demo=False).exists()
    assert set(Producer.objects.values_list("commune__province__code", flat=True)) == {22}
    co_to = Producer.objects.get(legal_name__startswith="Hộ kinh doanh Hải sản Cô Tô")
    assert (co_to.commune.name, co_to.historical_district.name, co_to.historical_commune.name) == (
        "Đặc khu Cô Tô",
        "Huyện Cô Tô",
        "Thị trấn Cô Tô",
    )
    assert Product.objects.filter(name_vi="Chả mực Hạ Long", is_demo=True).exists()
