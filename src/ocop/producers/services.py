"""Writes of producers. Every change is audited in the same transaction."""

from typing import Any

from django.db import transaction

from ocop.accounts.policy import require_change
from ocop.core.services import audit_record, snapshot
from ocop.core.text import fold_vietnamese
from ocop.producers.models import Producer

# Fields a producer's own user or a provincial officer may edit through the forms and the API.
EDITABLE_FIELDS = [
    "legal_name",
    "short_name",
    "producer_type",
    "tax_code",
    "registration_number",
    "registration_date",
    "representative_name",
    "representative_gender",
    "representative_ethnic_minority",
    "address",
    "commune",
    "historical_district",
    "historical_commune",
    "phone",
    "email",
    "website",
    "founded_year",
    "employees",
    "members",
    "local_labour_share",
    "story_vi",
    "story_en",
]


def _refresh_folded(producer: Producer) -> None:
    producer.name_folded = fold_vietnamese(f"{producer.legal_name} {producer.short_name}")


@transaction.atomic
def producer_create(*, actor, **fields: Any) -> Producer:
    producer = Producer(**fields)
    _refresh_folded(producer)
    producer.full_clean()
    producer.save()
    audit_record(actor=actor, action="producer.create", target=producer, after=snapshot(producer, EDITABLE_FIELDS))
    return producer


@transaction.atomic
def producer_update(*, actor, producer: Producer, changes: dict[str, Any]) -> Producer:
    """Apply `changes` (field → value) if the actor may change this producer; audit old and new."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = Producer.objects.select_for_update().get(pk=producer.pk)
    require_change(actor, locked)
    before = snapshot(locked, list(changes))
    for name, value in changes.items():
        setattr(locked, name, value)
    _refresh_folded(locked)
    locked.full_clean()
    locked.save()
    after = snapshot(locked, list(changes))
    if before != after:
        audit_record(actor=actor, action="producer.update", target=locked, before=before, after=after)
    return locked
