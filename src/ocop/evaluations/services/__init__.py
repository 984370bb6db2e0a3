"""Every transition of the evaluation workflow. Each checks role, state and scope, and is audited.

An illegal transition raises DomainError (400, a clear message) or PermissionDenied (403) before
anything is written. Two people can act on one dossier at once (members saving, the chair closing),
so every transition locks the dossier row first (`select_for_update`) and re-reads its state.
"""

from ocop.evaluations.services.common import (
    MIN_SCORERS,
    OUTLIER_POINTS,
    REGISTRATION_FIELDS,
    REGISTRATION_LABELS,
)
from ocop.evaluations.services.council import (
    decision_record,
    dossier_close,
    score_save,
)
from ocop.evaluations.services.dossiers import (
    commune_assessment_save,
    dossier_accept,
    dossier_create,
    dossier_forward,
    dossier_registration_update,
    dossier_return,
    dossier_submit,
    evidence_add,
    evidence_add_many,
    evidence_check,
    evidence_remove,
    self_assessment_save,
)
from ocop.evaluations.services.historical import (
    historical_result_record,
)
from ocop.evaluations.services.rounds import (
    conflict_declare,
    council_form,
    dossier_assign,
    round_open,
)

__all__ = [
    "MIN_SCORERS",
    "OUTLIER_POINTS",
    "REGISTRATION_FIELDS",
    "REGISTRATION_LABELS",
    "commune_assessment_save",
    "conflict_declare",
    "council_form",
    "decision_record",
    "dossier_accept",
    "dossier_assign",
    "dossier_close",
    "dossier_create",
    "dossier_forward",
    "dossier_registration_update",
    "dossier_return",
    "dossier_submit",
    "evidence_add",
    "evidence_add_many",
    "evidence_check",
    "evidence_remove",
    "historical_result_record",
    "round_open",
    "score_save",
    "self_assessment_save",
]
