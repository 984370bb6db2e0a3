"""An English name for each criteria version, filled for the two versions the platform ships
(versions.toml carries them from now on; `ocop_criteria_load` keeps them current)."""

from django.db import migrations, models

SHIPPED = {
    "QD1048": "OCOP criteria of Decision 1048/QĐ-TTg (2019–2023)",
    "QD148": "OCOP criteria of Decision 148/QĐ-TTg (from 2023)",
}


def english_names(apps, schema_editor):
    CriteriaVersion = apps.get_model("criteria", "CriteriaVersion")
    for code, name_en in SHIPPED.items():
        CriteriaVersion.objects.filter(code=code, name_en="").update(name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [("criteria", "0001_criteria_versions_sets_sheets")]

    operations = [
        migrations.AddField(
            model_name="criteriaversion",
            name="name_en",
            field=models.CharField(blank=True, max_length=300, verbose_name="tên tiếng Anh"),
        ),
        migrations.RunPython(english_names, migrations.RunPython.noop),
    ]
