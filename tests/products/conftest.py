"""Fixtures of the products tests: the certificates' criteria version and frozen clock (for status tests)."""

from tests.certificates.conftest import clock, version  # noqa: F401 - fixtures shared with the certificates tests
