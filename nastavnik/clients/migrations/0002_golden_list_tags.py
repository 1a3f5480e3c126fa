from django.db import migrations

GOLDEN_LIST_TAG = "Золотой список"


def load(apps, schema_editor):
    Office = apps.get_model("offices", "Office")
    Tag = apps.get_model("clients", "Tag")
    for office in Office.objects.all():
        Tag.objects.get_or_create(office=office, name=GOLDEN_LIST_TAG, defaults={"is_system": True, "color": "warning"})


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial"), ("offices", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
