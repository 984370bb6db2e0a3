"""Criteria fixtures: the shipped sheets parsed once (no database), and loaded once per test database."""

import functools

import pytest
from django.core.management import call_command

from ocop.criteria.importer import version_import, versions_read


@functools.cache
def parsed_sheets() -> dict[int, object]:
    """Set number → SheetDef built straight from the project's CSVs and corrections (no database)."""
    version = next(v for v in versions_read() if v.code == "QD148")
    return {result.number: result.sheet for result in version_import(version)}


@functools.cache
def import_results() -> dict[int, object]:
    version = next(v for v in versions_read() if v.code == "QD148")
    return {result.number: result for result in version_import(version)}


@pytest.fixture(scope="session")
def criteria_db(django_db_setup, django_db_blocker):
    """The criteria loaded into the test database once for the whole session."""
    with django_db_blocker.unblock():
        call_command("ocop_criteria_load", verbosity=0)


@pytest.fixture
def sheets():
    return parsed_sheets()
