from django.db import migrations

DEFAULT_STAGES = [
    ("Новый", 10, False, False),
    ("Первичный контакт", 20, False, False),
    ("Выявление потребностей", 30, False, False),
    ("КП отправлено", 40, False, False),
    ("Переговоры", 50, False, False),
    ("Счёт выставлен", 60, False, False),
    ("Оплачено", 70, True, False),
    ("Отказ", 80, False, True),
]


def load(apps, schema_editor):
    Stage = apps.get_model("deals", "Stage")
    if Stage.objects.exists():
        return
    for name, order, is_won, is_lost in DEFAULT_STAGES:
        Stage.objects.create(name=name, order=order, is_won=is_won, is_lost=is_lost)


class Migration(migrations.Migration):
    dependencies = [("deals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
