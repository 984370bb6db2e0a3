"""Reads of the core app."""

from django.db import models
from django.db.models import QuerySet

from ocop.core.history import HistoryEntry, history_entries
from ocop.core.models import AuditEvent
from ocop.core.services import target_type_of


def audit_history(target: models.Model) -> QuerySet[AuditEvent]:
    """Every audit event of one object, newest first."""
    return AuditEvent.objects.filter(target_type=target_type_of(target), target_id=str(target.pk)).select_related(
        "actor"
    )


def audit_history_entries(target: models.Model) -> list[HistoryEntry]:
    """Every audit event of one object, newest first, with its changes in words (ocop.core.history)."""
    return history_entries(type(target), list(audit_history(target)))
