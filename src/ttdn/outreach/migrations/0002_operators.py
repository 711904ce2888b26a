import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "operators.json"


def add(apps, schema_editor):
    Operator = apps.get_model("outreach", "Operator")
    for row in json.loads(DATA.read_text(encoding="utf-8"))["operators"]:
        Operator.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "prefixes": row["prefixes"],
                "price_per_segment": Decimal(row["price_per_segment"]),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
