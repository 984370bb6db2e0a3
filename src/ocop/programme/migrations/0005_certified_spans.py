"""The certified-product spans (docs/programme.md), filled from the certificates already recorded."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

from ocop.programme.spans import CertificateDays, product_spans


def fill(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    CertifiedSpan = apps.get_model("programme", "CertifiedSpan")
    fields = ("id", "product_id", "producer_id", "stars", "decision_date", "valid_from", "valid_until")
    rows = Certificate.objects.order_by().values_list(*fields, "revoked_at", "superseded_by__valid_from")
    spans = product_spans(
        CertificateDays(*values, timezone.localtime(revoked_at).date() if revoked_at else None, successor_from)
        for *values, revoked_at, successor_from in rows
    )
    CertifiedSpan.objects.bulk_create(
        [
            CertifiedSpan(product_id=p, producer_id=r, kind=k, stars=s, first_day=f, last_day=last)
            for p, r, k, s, f, last in spans
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0003_certificate_decision'),
        ('producers', '0002_constraint_messages'),
        ('products', '0003_product_status_revoked'),
        ('programme', '0004_sales_import_in_the_worker'),
    ]

    operations = [
        migrations.CreateModel(
            name='CertifiedSpan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('at_least', 'từ hạng sao trở lên'), ('exact', 'đúng hạng sao'), ('first', 'lần công nhận đầu tiên')], max_length=10)),
                ('stars', models.PositiveSmallIntegerField()),
                ('first_day', models.DateField()),
                ('last_day', models.DateField()),
                ('producer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='producers.producer')),
                ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='products.product')),
            ],
            options={
                'verbose_name': 'khoảng thời gian sản phẩm được công nhận',
                'verbose_name_plural': 'khoảng thời gian sản phẩm được công nhận',
                'indexes': [models.Index(fields=['kind', 'stars', 'first_day', 'last_day', 'producer'], name='programme_span_covering')],
                'constraints': [models.UniqueConstraint(fields=('product', 'producer', 'kind', 'stars', 'first_day'), name='programme_certified_span_key'), models.CheckConstraint(condition=models.Q(('last_day__gte', models.F('first_day'))), name='programme_certified_span_ordered')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
