from django.db import migrations

from nastavnik.offices.regions import CIS_COUNTRIES, FEDERAL_SUBJECTS


def load(apps, schema_editor):
    Region = apps.get_model("offices", "Region")
    for code, name in FEDERAL_SUBJECTS:
        Region.objects.update_or_create(code=code, defaults={"name": name, "kind": "subject"})
    for code, name in CIS_COUNTRIES:
        Region.objects.update_or_create(code=code, defaults={"name": name, "kind": "cis"})
    Office = apps.get_model("offices", "Office")
    moscow = Region.objects.get(code="77")
    Office.objects.get_or_create(
        code="hq",
        defaults={"kind": "headquarters", "name": "Центральный офис", "city": "Москва", "region": moscow},
    )


class Migration(migrations.Migration):
    dependencies = [("offices", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
