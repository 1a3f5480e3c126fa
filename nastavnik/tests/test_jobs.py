from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule

from nastavnik.activities.choices import ActivityKind
from nastavnik.jobs import remind_due_tasks
from nastavnik.tests.factories import ActivityFactory


def test_due_task_is_reminded_once(alice, company_a):
    ActivityFactory(
        company=company_a,
        author=alice,
        kind=ActivityKind.TASK,
        subject="Перезвонить",
        due_at=timezone.now() - timedelta(minutes=5),
    )
    ActivityFactory(
        company=company_a,
        author=alice,
        kind=ActivityKind.TASK,
        subject="Позже",
        due_at=timezone.now() + timedelta(days=1),
    )
    assert remind_due_tasks() == 1
    assert remind_due_tasks() == 0
    assert len(mail.outbox) == 1
    assert "Перезвонить" in mail.outbox[0].subject
    assert mail.outbox[0].to == [alice.email]


def test_schedules_are_registered_once(db):
    call_command("setup_schedules")
    call_command("setup_schedules")
    assert Schedule.objects.filter(func="nastavnik.jobs.remind_due_tasks", schedule_type=Schedule.MINUTES).count() == 1
    daily = Schedule.objects.get(func="nastavnik.jobs.clear_expired_sessions")
    assert timezone.localtime(daily.next_run).hour == 3


def test_every_scheduled_job_can_be_imported():
    from django.utils.module_loading import import_string

    from nastavnik.offices.management.commands.setup_schedules import SCHEDULES

    for _name, func, *_rest in SCHEDULES:
        assert callable(import_string(func)), func
