"""Phases and indicators created from `ocop.programme.definitions`."""

from ocop.programme import definitions
from ocop.programme.models import (
    Indicator,
    Phase,
)

# --- Definitions ---------------------------------------------------------------------------------


def phases_sync() -> int:
    """Create the phases of definitions.PHASES that are missing. Returns how many were created."""
    created = 0
    for code, name_vi, name_en, first, last in definitions.PHASES:
        _, was_created = Phase.objects.get_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en, "first_year": first, "last_year": last}
        )
        created += int(was_created)
    return created


def indicators_sync() -> int:
    """Create the indicators of definitions.INDICATORS that are missing (rows edited in the admin are kept)."""
    created = 0
    for position, row in enumerate(definitions.INDICATORS, start=1):
        defaults = {
            "name_vi": row["name_vi"],
            "name_en": row["name_en"],
            "unit": row["unit"],
            "computation": row["computation"],
            "parameters": row.get("parameters", {}),
            "breakdowns": row.get("breakdowns", []),
            "paced": row.get("paced", True),
            "description_vi": row.get("description_vi", ""),
            "description_en": row.get("description_en", ""),
            "position": position * 10,
        }
        _, was_created = Indicator.objects.get_or_create(code=row["code"], defaults=defaults)
        created += int(was_created)
    return created
