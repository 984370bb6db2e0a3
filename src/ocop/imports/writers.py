"""Writing a validated plan to the registry: bulk statements inside the caller's transaction."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

from ocop.core.models import AuditEvent
from ocop.imports.folding import fold
from ocop.imports.validation import CREATE, UPDATE, Plan, RowPlan, json_safe
from ocop.producers.models import Producer
from ocop.products.models import Product

BATCH = 500
MODELS: dict[str, type[models.Model]] = {"producers": Producer, "products": Product}
ACTIONS = {"producers": "producer", "products": "product"}


class StalePlan(Exception):
    """A record to update no longer holds the values the plan was made from."""


def _folded(kind: str, values: dict[str, Any]) -> str:
    if kind == "producers":
        return fold(f"{values['legal_name']} {values['short_name']}")
    return fold(f"{values['name_vi']} {values['name_en']}")


def _chunks(items: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _named(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """Attribute names → field names (commune_id → commune), JSON-safe values, for the audit trail."""
    return {model._meta.get_field(attname).name: json_safe(value) for attname, value in values.items()}


def plan_write(*, plan: Plan, actor, job_id: int) -> tuple[int, int]:
    """Write every create and update of the plan; return (created, updated). Call inside atomic()."""
    if plan.kind == "certificates":  # one service call per row: the certificates app's rules and audit
        from ocop.imports.certificates import certificates_write

        return certificates_write(plan=plan, actor=actor, job_id=job_id), 0
    model = MODELS[plan.kind]
    now = timezone.now()
    updates = [row for row in plan.rows if row.action == UPDATE]
    creates = [row for row in plan.rows if row.action == CREATE]
    _check_still_current(model, updates)
    if updates:
        fields = sorted({attname for row in updates for attname in row.values} | {"name_folded", "updated_at"})
        objects = [
            model(pk=row.pk, **row.values, name_folded=_folded(plan.kind, row.values), updated_at=now)
            for row in updates
        ]
        model.objects.bulk_update(objects, fields=fields, batch_size=BATCH)
    created = model.objects.bulk_create(
        [model(**row.values, name_folded=_folded(plan.kind, row.values)) for row in creates], batch_size=BATCH
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = (user.get_username() if user else "system")[:200]
    events = [
        _event(model, plan.kind, "import_create", obj, None, _named(model, row.values), user, label)
        for row, obj in zip(creates, created, strict=True)
    ]
    events += [
        _event(
            model,
            plan.kind,
            "import_update",
            row,
            _named(model, row.before),
            _named(model, {key: row.values[key] for key in row.before}),
            user,
            label,
        )
        for row in updates
    ]
    for event in events:
        event.after = {**(event.after or {}), "import_job": job_id}
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    return len(created), len(updates)


def _event(model, kind: str, verb: str, target, before, after, user, label: str) -> AuditEvent:
    if isinstance(target, RowPlan):
        pk, text = target.pk, target.label
    else:
        pk, text = target.pk, str(target)
    return AuditEvent(
        actor=user,
        actor_label=label,
        action=f"{ACTIONS[kind]}.{verb}",
        target_type=model._meta.label_lower,
        target_id=str(pk),
        target_label=text[:300],
        before=before,
        after=after,
    )


def _check_still_current(model: type[models.Model], updates: list[RowPlan]) -> None:
    """Lock the rows to update and check they still hold the values the preview showed."""
    attnames = sorted({attname for row in updates for attname in row.current})
    by_pk = {row.pk: row for row in updates}
    for chunk in _chunks(list(by_pk)):
        current = model.objects.select_for_update().filter(pk__in=chunk).values("id", *attnames)
        seen = 0
        for record in current:
            seen += 1
            row = by_pk[record["id"]]
            for attname, old in row.current.items():
                if record[attname] != old and not (record[attname] in (None, "") and old in (None, "")):
                    raise StalePlan(row.row)
        if seen != len(chunk):
            raise StalePlan(None)
