"""A certificate points at the decision it was issued from (a real foreign key), or is a historical
record carrying the scan of its paper decision."""

import django.db.models.deletion
from django.db import migrations, models


def link_decisions(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    Decision = apps.get_model("evaluations", "Decision")
    known = set(Decision.objects.values_list("pk", flat=True))
    for certificate in Certificate.objects.exclude(old_decision_id=None):
        if certificate.old_decision_id in known:
            certificate.evaluation_decision_id = certificate.old_decision_id
            certificate.save(update_fields=["evaluation_decision"])


def unlink_decisions(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    for certificate in Certificate.objects.exclude(evaluation_decision=None):
        certificate.old_decision_id = certificate.evaluation_decision_id
        certificate.save(update_fields=["old_decision_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_rules_and_grounds"),
        ("evaluations", "0001_workflow"),
    ]

    operations = [
        migrations.RenameField("certificate", "evaluation_decision_id", "old_decision_id"),
        migrations.AddField(
            model_name="certificate",
            name="evaluation_decision",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="certificate",
                to="evaluations.decision",
                verbose_name="quyết định công nhận",
            ),
        ),
        migrations.RunPython(link_decisions, unlink_decisions),
        migrations.RemoveField("certificate", "old_decision_id"),
        migrations.AddField(
            model_name="certificate",
            name="decision_document",
            field=models.FileField(
                blank=True, max_length=255, upload_to="certificates/decisions/%Y/", verbose_name="bản quét quyết định"
            ),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="is_historical",
            field=models.BooleanField(default=False, verbose_name="hồ sơ lịch sử"),
        ),
    ]
