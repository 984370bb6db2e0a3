"""Rename promotion.Agreement to EventAgreement: trade has its own agreements (DistributionAgreement).

The rows, their table (renamed) and the URLs stay; audit events that named the old model are moved to
the new name so the history pages keep finding them, and the action "agreement.create" (which did not
say which agreement) becomes "event_agreement.create".
"""

from django.db import migrations

OLD, NEW = "promotion.agreement", "promotion.eventagreement"


OLD_ACTION, NEW_ACTION = "agreement.create", "event_agreement.create"


def _retarget(old: str, new: str, old_action: str, new_action: str):
    def run(apps, schema_editor):
        events = apps.get_model("core", "AuditEvent").objects
        events.filter(target_type=old).update(target_type=new)
        events.filter(action=old_action).update(action=new_action)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_outbox_entry"),
        ("promotion", "0001_events_booths_daily_figures"),
    ]

    operations = [
        migrations.RenameModel(old_name="Agreement", new_name="EventAgreement"),
        migrations.RunPython(_retarget(OLD, NEW, OLD_ACTION, NEW_ACTION), _retarget(NEW, OLD, NEW_ACTION, OLD_ACTION)),
    ]
