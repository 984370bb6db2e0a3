"""Emptying the exchanged tables inside a test's transaction, so that one test database can play the
installation that exports and then the empty one that imports."""

from django.apps import apps
from django.db import models

from ocop.accounts.models import Role, User
from ocop.evaluations.models import EvaluationRound
from ocop.producers.models import Producer


def _dependents(start: set[type[models.Model]]) -> set[type[models.Model]]:
    """`start` and every model that refers to one of them, directly or through another (users aside)."""
    found = set(start)
    every = [model for model in apps.get_models(include_auto_created=True) if model is not User]
    grown = True
    while grown:
        grown = False
        for model in every:
            if model in found:
                continue
            targets = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
            if targets & found:
                found.add(model)
                grown = True
    return found


def empty_exchanged_tables() -> None:
    """Delete every producer, product, round, result and certificate and all that refers to them, as in an
    installation that has only the reference data (units, criteria, certificate rules) and its users.

    Raw deletes: foreign keys are checked when the transaction commits, and every row they named is gone by then.
    """
    # A producer's account needs its producer: the test keeps the accounts as buyers.
    User.objects.exclude(producer=None).update(producer=None, role=Role.BUYER)
    for model in _dependents({Producer, EvaluationRound}):
        model._base_manager.all()._raw_delete(model._base_manager.db)
