"""Writes of producers. Every change is audited in the same transaction."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import User
from ocop.accounts.policy import is_admin, is_producer, may_register_producer, require_change
from ocop.accounts.system import SystemCaller, require_system_caller
from ocop.core.hooks import ProducersChanged, run_hooks
from ocop.core.services import audit_changes, audit_record, fields_apply, snapshot
from ocop.core.text import fold_vietnamese
from ocop.geo.models import Commune
from ocop.geo.services import SuccessionTable, address_resolve
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


ADDRESS_FIELDS = ("commune", "historical_district", "historical_commune")


def producer_address_complete(producer: Producer, *, table: SuccessionTable | None = None) -> None:
    """Complete and check the producer's address with the succession table (ocop.geo.services.address_resolve):
    an old commune alone gives today's commune; a split one or an inconsistent address raises AddressError."""
    address = address_resolve(
        commune_id=producer.commune_id,
        historical_district_id=producer.historical_district_id,
        historical_commune_id=producer.historical_commune_id,
        table=table,
    )
    if producer.commune_id != address.commune_id:
        producer.commune_id = address.commune_id
    if producer.historical_district_id != address.historical_district_id:
        producer.historical_district_id = address.historical_district_id


def _refresh_folded(producer: Producer) -> None:
    producer.name_folded = fold_vietnamese(f"{producer.legal_name} {producer.short_name}")


def may_create_producer(actor: User | None, commune: Commune | None) -> bool:
    """Provincial officers register producers of their own province; administrators anywhere."""
    if actor is None:
        return False
    if is_admin(actor):
        return True
    return may_register_producer(actor) and commune is not None and commune.province_id == actor.province_id


@transaction.atomic
def producer_create(*, actor: User | None, system: SystemCaller | None = None, **fields: Any) -> Producer:
    """Register a producer. `actor=None` is the system, allowed only for a named caller (`system`: the demo
    loader, an import that checked rights); without one it is refused.

    The address may be today's commune, or the pre-2025 commune (and district) alone: see
    `producer_address_complete`.
    """
    if actor is None:
        require_system_caller(system)
    elif not may_register_producer(actor):
        raise PermissionDenied
    producer = Producer(**fields)
    producer_address_complete(producer)
    if actor is not None and not may_create_producer(actor, producer.commune):
        raise PermissionDenied
    _refresh_folded(producer)
    producer.full_clean()
    producer.save()
    audit_record(actor=actor, action="producer.create", target=producer, after=snapshot(producer, EDITABLE_FIELDS))
    run_hooks(ProducersChanged(producer_ids=(producer.pk,)))
    return producer


@transaction.atomic
def producer_update(*, actor: User | None, producer: Producer, changes: dict[str, Any]) -> Producer:
    """Apply `changes` (field → value) if the actor may change this producer; audit old and new."""
    locked = Producer.objects.select_for_update().get(pk=producer.pk)
    require_change(actor, locked)
    address_before = snapshot(locked, list(ADDRESS_FIELDS))
    before = fields_apply(locked, changes, editable=EDITABLE_FIELDS)
    if set(changes) & set(ADDRESS_FIELDS):
        producer_address_complete(locked)  # may fill in the other address fields: audit all three
        before = {**address_before, **before}
    _refresh_folded(locked)
    locked.full_clean()
    locked.save()
    if audit_changes(actor=actor, action="producer.update", target=locked, before=before):
        run_hooks(ProducersChanged(producer_ids=(locked.pk,)))
    return locked


@transaction.atomic
def producer_archive(*, actor: User | None, producer: Producer, archived: bool = True) -> Producer:
    """Archive (or restore) a producer: it leaves the lists but keeps its records and history."""
    locked = Producer.objects.select_for_update().get(pk=producer.pk)
    require_change(actor, locked)
    if is_producer(actor):
        raise PermissionDenied  # a producer cannot archive itself; the office does
    before = {"archived_at": str(locked.archived_at) if locked.archived_at else None}
    locked.archived_at = timezone.now() if archived else None
    locked.save(update_fields=["archived_at", "updated_at"])
    audit_record(
        actor=actor,
        action="producer.archive" if archived else "producer.restore",
        target=locked,
        before=before,
        after={"archived_at": str(locked.archived_at) if locked.archived_at else None},
    )
    run_hooks(ProducersChanged(producer_ids=(locked.pk,)))
    return locked
