"""The dashboard exports are this suite's example jobs: the programme's fixtures, shared."""

from tests.programme.conftest import products, qn  # noqa: F401 - fixtures
