"""The exchange identifier (docs/exchange.md), step 1 of 3: a nullable column, so that existing rows do
not all receive the one default value computed when the column is added."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("producers", "0002_constraint_messages")]

    operations = [
        migrations.AddField(
            model_name="producer",
            name="exchange_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, null=True, verbose_name="mã trao đổi"),
        ),
    ]
