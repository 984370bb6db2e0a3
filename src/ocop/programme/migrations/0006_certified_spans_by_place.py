"""Certified-product spans: an index led by the producer, for a place's counts (docs/programme.md)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('producers', '0002_constraint_messages'),
        ('products', '0003_product_status_revoked'),
        ('programme', '0005_certified_spans'),
    ]

    operations = [
        migrations.AlterField(
            model_name='certifiedspan',
            name='producer',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='producers.producer'),
        ),
        migrations.AddIndex(
            model_name='certifiedspan',
            index=models.Index(fields=['producer', 'kind', 'stars', 'first_day', 'last_day'], name='programme_span_place'),
        ),
    ]
