"""The exchange identifier, step 2 of 3: one new UUID for each existing row."""

import uuid

from django.db import migrations


def fill(apps, schema_editor):
    model = apps.get_model("producers", "Producer")
    rows = list(model.objects.filter(exchange_id__isnull=True).only("pk"))
    for row in rows:
        row.exchange_id = uuid.uuid4()
    model.objects.bulk_update(rows, ["exchange_id"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("producers", "0003_producer_exchange_id")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
