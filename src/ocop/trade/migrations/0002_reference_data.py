"""Platforms, target markets and their checklists (trade.reference). Existing rows are left as they are."""

from django.db import migrations


def load(apps, schema_editor):
    from ocop.trade.reference import reference_load

    reference_load(apps)


class Migration(migrations.Migration):
    dependencies = [("trade", "0001_distribution_export")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
