"""Shared test setup: the real administrative units are loaded once per test database."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("ocop_geo_load", verbosity=0)


@pytest.fixture(autouse=True)
def _english_free_defaults(settings):
    """Tests see the production language default (Vietnamese) and no broker."""
    settings.LANGUAGE_CODE = "vi"
