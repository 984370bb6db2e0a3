"""The dashboard exports are this suite's example jobs: the programme's fixtures, shared; and a fair for the report kinds."""

from tests.programme.conftest import products, qn  # noqa: F401 - fixtures
from tests.promotion.conftest import fair  # noqa: F401 - fixture
