from django.db import migrations

DEFAULT_CRITERIA = ["Приветствие", "Выявление потребностей", "Работа с возражениями", "Следующий шаг"]


def add_default_criteria(apps, schema_editor):
    ReviewCriterion = apps.get_model("mentoring", "ReviewCriterion")
    for order, name in enumerate(DEFAULT_CRITERIA, start=1):
        ReviewCriterion.objects.get_or_create(name=name, defaults={"order": order * 10})


def remove_default_criteria(apps, schema_editor):
    ReviewCriterion = apps.get_model("mentoring", "ReviewCriterion")
    ReviewCriterion.objects.filter(name__in=DEFAULT_CRITERIA, callreviewscore__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0002_development_default_path")]

    operations = [migrations.RunPython(add_default_criteria, remove_default_criteria)]
