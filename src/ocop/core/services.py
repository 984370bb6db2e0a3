"""Writes of the core app: the audit trail."""

from typing import Any

from django.db import models

from ocop.core.audit import SYSTEM_ACTOR
from ocop.core.models import AuditEvent


def target_type_of(target: models.Model) -> str:
    return target._meta.label_lower


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event. Call it inside the service's transaction, next to the change."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=(user.get_username() if user else SYSTEM_ACTOR)[:200],
        action=action,
        target_type=target_type_of(target),
        target_id=str(target.pk),
        target_label=str(target)[:300],
        before=before,
        after=after,
    )


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The JSON-safe values of the named fields, for an audit event's before/after."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if not isinstance(field, models.Field):  # a reverse relation or generic key has no column to record
            raise TypeError(f"{name} is not a concrete field of {type(instance).__name__}")
        value = getattr(instance, field.attname)
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        values[name] = value
    return values


def fields_apply(instance: models.Model, changes: dict[str, Any], *, editable: list[str]) -> dict[str, Any]:
    """Set `changes` (field → value) on `instance` and return the values they replace.

    A field outside `editable` is a programming error, not bad input: forms and schemas offer only
    editable fields, so it raises ValueError rather than a message for a person.
    """
    unknown = set(changes) - set(editable)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = snapshot(instance, list(changes))
    for name, value in changes.items():
        setattr(instance, name, value)
    return before


def audit_changes(*, actor: Any, action: str, target: models.Model, before: dict[str, Any]) -> bool:
    """Audit the fields of `before` whose saved value differs now; False (and no event) if none does."""
    after = snapshot(target, list(before))
    if after == before:
        return False
    audit_record(actor=actor, action=action, target=target, before=before, after=after)
    return True
