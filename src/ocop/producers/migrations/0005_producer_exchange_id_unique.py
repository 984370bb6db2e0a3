"""The exchange identifier, step 3 of 3: every row has one, so it becomes required and unique."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("producers", "0004_producer_exchange_id_fill")]

    operations = [
        migrations.AlterField(
            model_name="producer",
            name="exchange_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="mã trao đổi"),
        ),
    ]
