from django.db import migrations


def forwards(apps, schema_editor):
    from ttdn.monitoring.search import create_index

    create_index(schema_editor)


def backwards(apps, schema_editor):
    from ttdn.monitoring.search import drop_index

    drop_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
