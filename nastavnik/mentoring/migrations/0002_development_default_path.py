"""The default office development path: stages and tasks counted in days from the franchise start."""

from django.db import migrations

DEFAULT_PATH = [
    (
        "Запуск и онбординг",
        "Первые две недели: команда, доступы, обучение и первые звонки.",
        [
            ("Знакомство с аккаунт-менеджером: вводная встреча с владельцем", 2),
            ("Доступы в CRM для всех сотрудников, настроены роли", 3),
            ("Подключена телефония, звонки пишутся в CRM", 5),
            ("Нанят и обучен первый менеджер по продажам", 10),
            ("Пройдено обучение по продукту и тарифам", 10),
            ("Сформирована первая база: не менее 200 компаний в CRM", 14),
        ],
    ),
    (
        "Первая продажа",
        "Первый месяц: поток звонков, коммерческие предложения, первая оплата.",
        [
            ("Не менее 30 звонков в день на менеджера в течение недели", 21),
            ("Отправлено 10 коммерческих предложений по рекомендованному шаблону", 25),
            ("Первый разбор записей звонков с аккаунт-менеджером", 28),
            ("Первая оплата клиента", 30),
        ],
    ),
    (
        "Первый месяц в плане",
        "Второй и третий месяцы: ежемесячный план согласован и выполнен.",
        [
            ("Согласован ежемесячный план с аккаунт-менеджером", 35),
            ("Заведён «Золотой список» и разобраны переговоры с аккаунт-менеджером", 45),
            ("Ежемесячный план выполнен", 60),
            ("Ежемесячный план выполнен второй месяц подряд", 90),
        ],
    ),
    (
        "Устойчивый рост",
        "С четвёртого месяца: команда, повторные продажи, новые каналы.",
        [
            ("В команде не менее трёх менеджеров по продажам", 120),
            ("Запущен канал мероприятий: выставка или семинар", 150),
            ("Первое продление или допродажа действующему клиенту", 150),
            ("Полгода в плане: итоговая встреча с аккаунт-менеджером", 180),
        ],
    ),
]


def add_default_path(apps, schema_editor):
    Stage = apps.get_model("mentoring", "DevelopmentStage")
    TaskTemplate = apps.get_model("mentoring", "DevelopmentTaskTemplate")
    for order, (name, description, tasks) in enumerate(DEFAULT_PATH, start=1):
        stage, created = Stage.objects.get_or_create(
            name=name, defaults={"order": order * 10, "description": description}
        )
        if created:
            TaskTemplate.objects.bulk_create(
                TaskTemplate(stage=stage, title=title, due_days=days) for title, days in tasks
            )


def remove_default_path(apps, schema_editor):
    Stage = apps.get_model("mentoring", "DevelopmentStage")
    Stage.objects.filter(name__in=[name for name, _description, _tasks in DEFAULT_PATH]).delete()


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]

    operations = [migrations.RunPython(add_default_path, remove_default_path)]
