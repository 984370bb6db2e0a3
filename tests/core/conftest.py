"""The evaluation fixtures (a council, a tea product, its sheet) for the history page tests."""

from tests.evaluations.conftest import (  # noqa: F401 - fixtures shared with tests/evaluations
    criteria_loaded,
    people,
    round_with_council,
    sheet,
    tea,
    tea_set,
)
