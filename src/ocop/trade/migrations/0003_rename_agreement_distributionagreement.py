"""Rename trade.Agreement to DistributionAgreement: promotion has its own agreements (EventAgreement).

The rows, their table (renamed) and the URLs stay; audit events that named the old model are moved to
the new name so the history pages keep finding them.
"""

from django.db import migrations

OLD, NEW = "trade.agreement", "trade.distributionagreement"


def _retarget(old: str, new: str):
    def run(apps, schema_editor):
        apps.get_model("core", "AuditEvent").objects.filter(target_type=old).update(target_type=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_outbox_entry"),
        ("trade", "0002_reference_data"),
    ]

    operations = [
        migrations.RenameModel(old_name="Agreement", new_name="DistributionAgreement"),
        migrations.RunPython(_retarget(OLD, NEW), _retarget(NEW, OLD)),
    ]
