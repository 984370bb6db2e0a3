"""The indicator registry: computation keys → the code that computes them from the records.

An `Indicator` row (data) names a computation key and parameters; the key is registered here by
`@indicator("key")` on a `Computation` subclass in computations.py. A computation whose source app
or model is missing (`requires`) stays registered but reports itself unavailable, so the programme
works while other apps are still being built.

Every computation answers three questions for a `Query` (years, place, filters):
`total(query)`, `by(query, dimension)` (value per key of a breakdown) and `records(query)` (the
rows behind the number, for the drill-down page). `total` and the sum of `records` agree by
construction: both run over the same filtered queryset.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import QuerySet

_REGISTRY: dict[str, "Computation"] = {}


@dataclass(frozen=True)
class Query:
    """What to compute over: the years of a phase, a place and extra filters (dimension → key)."""

    first_year: int
    last_year: int
    province_id: int | None = None
    commune_id: int | None = None
    filters: tuple[tuple[str, Any], ...] = ()
    today: datetime.date = field(default_factory=datetime.date.today)
    parameters: tuple[tuple[str, Any], ...] = ()

    @property
    def filter_map(self) -> dict[str, Any]:
        return dict(self.filters)

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.parameters)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.first_year, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.last_year, 12, 31)

    @property
    def as_of(self) -> datetime.date:
        """The day a level (stock) is measured: the end of the years, or today if that is earlier."""
        return min(self.last_day, self.today)

    def narrowed(self, **filters: Any) -> "Query":
        merged = {**self.filter_map, **filters}
        if "year" in filters:
            year = int(filters["year"])
            return replace(self, first_year=year, last_year=year, filters=tuple(sorted(merged.items())))
        return replace(self, filters=tuple(sorted(merged.items())))

    def with_parameters(self, parameters: dict[str, Any]) -> "Query":
        return replace(self, parameters=tuple(sorted(parameters.items())))


@dataclass
class RecordColumn:
    label: Any
    value: Callable[[Any], Any]
    kind: str = "text"  # text, vnd, int, date, link
    link: Callable[[Any], str | None] | None = None


@dataclass
class RecordSection:
    """A list of records behind a figure: a queryset, its columns and the amount each row adds."""

    title: Any
    queryset: QuerySet
    columns: list[RecordColumn]
    total: Decimal | None = None


class Computation:
    """Base class. Subclasses set `key`, `requires` and `breakdowns`, and implement the three methods."""

    key: str = ""
    requires: tuple[tuple[str, str], ...] = ()
    breakdowns: tuple[str, ...] = ()

    def available(self) -> bool:
        for app_label, model_name in self.requires:
            try:
                apps.get_model(app_label, model_name)
            except LookupError:
                return False
        return True

    def total(self, query: Query) -> Decimal | None:
        raise NotImplementedError

    def by(self, query: Query, dimension: str) -> list[tuple[Any, Decimal]]:
        raise NotImplementedError

    def records(self, query: Query) -> list[RecordSection]:
        raise NotImplementedError


def indicator(key: str):
    """Register a Computation subclass under `key` (the value of Indicator.computation)."""

    def register(cls: type[Computation]) -> type[Computation]:
        if key in _REGISTRY:
            raise ValueError(f"computation {key!r} is registered twice")
        instance = cls()
        instance.key = key
        _REGISTRY[key] = instance
        return cls

    return register


def computation(key: str) -> Computation | None:
    from ocop.programme import computations  # noqa: F401 - registers the computations on first use

    return _REGISTRY.get(key)


def registered() -> dict[str, Computation]:
    from ocop.programme import computations  # noqa: F401

    return dict(_REGISTRY)
