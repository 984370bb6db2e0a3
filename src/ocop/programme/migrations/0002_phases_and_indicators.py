"""The programme's phases and indicators (definitions.py), so a fresh database has them."""

from django.db import migrations


def load(apps, schema_editor):
    from ocop.programme import definitions

    Phase = apps.get_model("programme", "Phase")
    Indicator = apps.get_model("programme", "Indicator")
    for code, name_vi, name_en, first, last in definitions.PHASES:
        Phase.objects.get_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en, "first_year": first, "last_year": last}
        )
    for position, row in enumerate(definitions.INDICATORS, start=1):
        Indicator.objects.get_or_create(
            code=row["code"],
            defaults={
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
            },
        )


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_programme_records")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
