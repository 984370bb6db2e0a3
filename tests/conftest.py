"""Shared test setup: reference data (administrative units, criteria, certificate rules) is loaded
once per test database, and loaded again after any transactional test, which empties every table."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from tests.factories import PASSWORD, ProducerFactory, commune, make_user, province

# One Chromium and one demo server for every browser test of the session, whatever folder it is in.
pytest_plugins = ["tests.browser_fixtures"]


def load_reference_data() -> None:
    call_command("ocop_geo_load", verbosity=0)
    call_command("ocop_criteria_load", verbosity=0)
    if apps.is_installed("ocop.certificates"):
        from ocop.certificates.reference import reference_data_load

        reference_data_load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request, django_db_blocker):
    """A transactional test ends with every table emptied: put the reference data back."""
    yield
    if _is_transactional(request):
        with django_db_blocker.unblock():
            load_reference_data()


@pytest.fixture(scope="module")
def reference_data_around_flush(django_db_blocker):
    """For a module with a transactional test: its flush runs after the function fixtures' teardown,
    so load the reference data when the module ends (and before a test that finds it missing)."""
    yield
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(reference_data_around_flush, transactional_db):
    """The units, criteria and certificate rules, loaded again if an earlier flush removed them."""
    from ocop.geo.models import Commune

    if not Commune.objects.exists():
        load_reference_data()


@pytest.fixture(autouse=True)
def _vietnamese_unless_a_test_says_otherwise():
    """Each test starts in Vietnamese: a request in English must not leak its language to the next test."""
    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached pages live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing is slow on purpose; tests check behaviour, not hash strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def world(db):
    """Two producers in Quảng Ninh (different communes) and one in Lào Cai, with one user per role."""
    ba_che = commune(6970)  # Xã Ba Chẽ, Quảng Ninh
    ha_long = commune(6688)  # Phường Hạ Long, Quảng Ninh
    lao_cai_commune = province(15).communes.order_by("code").first()
    qn_producer = ProducerFactory(legal_name="Hợp tác xã Trà hoa vàng Thử nghiệm", commune=ba_che)
    qn_other = ProducerFactory(legal_name="Công ty Chả mực Thử nghiệm", commune=ha_long)
    lc_producer = ProducerFactory(legal_name="Hợp tác xã Lào Cai Thử nghiệm", commune=lao_cai_commune)
    users = {
        "producer": make_user("producer", producer=qn_producer, province=province(22)),
        "other_producer": make_user("producer", producer=qn_other, province=province(22)),
        "commune_officer": make_user("commune_officer", commune=ba_che, province=province(22)),
        "provincial_officer": make_user("provincial_officer", province=province(22)),
        "other_provincial_officer": make_user("provincial_officer", province=province(15)),
        "council_member": make_user("council_member", province=province(22)),
        "central_officer": make_user("central_officer"),
        "buyer": make_user("buyer"),
        "admin": make_user("admin", is_superuser=True, is_staff=True),
    }
    return {"qn": qn_producer, "qn_other": qn_other, "lc": lc_producer, "users": users}
