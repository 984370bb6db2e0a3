"""Data: the issuing rules and revocation grounds shipped with the platform (see reference.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from ocop.certificates.reference import reference_data_load

    reference_data_load(apps.get_model("certificates", "IssuingRule"), apps.get_model("certificates", "RevocationGround"))


def unload(apps, schema_editor):
    apps.get_model("certificates", "IssuingRule").objects.all().delete()
    apps.get_model("certificates", "RevocationGround").objects.filter(certificates__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_certificates")]

    operations = [migrations.RunPython(load, unload)]
