"""The office development path: the template copied from the franchise start, tasks done, extra tasks, reminders."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from nastavnik.mentoring.models import DevelopmentStage, DevelopmentTask, DevelopmentTaskTemplate
from nastavnik.mentoring.selectors.development import development_dashboard, development_path
from nastavnik.mentoring.services.development import (
    development_overdue_remind,
    development_path_start,
    development_paths_ensure,
    development_task_add,
    development_task_complete,
    development_task_reopen,
)
from nastavnik.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """E-mails go out on commit; the test's transaction never commits, so send them at once."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def started_office(office_a):
    office_a.franchise_started_on = timezone.localdate() - timedelta(days=20)
    office_a.save()
    return office_a


def test_default_template_has_the_stages_of_the_path():
    names = list(DevelopmentStage.objects.values_list("name", flat=True))
    assert names[:4] == ["Запуск и онбординг", "Первая продажа", "Первый месяц в плане", "Устойчивый рост"]
    assert DevelopmentTaskTemplate.objects.filter(title="Первая оплата клиента", due_days=30).exists()


def test_path_start_copies_the_template_with_deadlines_from_the_franchise_start(started_office):
    created = development_path_start(office=started_office)
    assert created == DevelopmentTaskTemplate.objects.count()
    task = DevelopmentTask.objects.get(office=started_office, title="Первая оплата клиента")
    assert task.due_on == started_office.franchise_started_on + timedelta(days=30)
    assert development_path_start(office=started_office) == 0  # idempotent
    assert DevelopmentTask.objects.filter(office=started_office).count() == created


def test_path_needs_a_franchise_start_date(office_a):
    with pytest.raises(ValidationError) as error:
        development_path_start(office=office_a)
    assert "дату начала франшизы" in error.value.message_dict["franchise_started_on"][0]


def test_ensure_job_starts_paths_of_partner_offices_with_a_start_date(started_office, office_b):
    assert development_paths_ensure() == DevelopmentTaskTemplate.objects.count()
    assert not DevelopmentTask.objects.filter(office=office_b).exists()
    assert development_paths_ensure() == 0


def test_new_template_task_reaches_started_offices(started_office):
    development_path_start(office=started_office)
    stage = DevelopmentStage.objects.first()
    DevelopmentTaskTemplate.objects.create(stage=stage, title="Подключена IP-телефония", due_days=7)
    assert development_paths_ensure() == 1


def test_office_or_its_account_manager_mark_tasks_done(started_office, alice, account_manager, charlie):
    development_path_start(office=started_office)
    first, second = DevelopmentTask.objects.filter(office=started_office)[:2]
    development_task_complete(user=alice, task=first)
    development_task_complete(user=account_manager, task=second)
    first.refresh_from_db()
    assert first.done_by == alice and first.done_at is not None
    with pytest.raises(ValidationError):
        development_task_complete(user=alice, task=first)
    with pytest.raises(PermissionDenied):
        development_task_complete(user=charlie, task=DevelopmentTask.objects.filter(done_at__isnull=True).first())
    development_task_reopen(user=alice, task=first)
    first.refresh_from_db()
    assert first.done_at is None and first.done_by is None


def test_path_shows_progress_current_stage_and_overdue(started_office, alice):
    development_path_start(office=started_office)
    onboarding = DevelopmentTask.objects.filter(office=started_office, stage__name="Запуск и онбординг")
    for task in onboarding:
        development_task_complete(user=alice, task=task)
    path = development_path(alice, started_office)
    assert [progress.stage.name for progress in path][:2] == ["Запуск и онбординг", "Первая продажа"]
    assert path[0].is_complete and path[0].percent == 100 and not path[0].is_current
    assert path[1].is_current
    assert path[1].overdue == 0  # the first sale tasks are due from day 21
    started_office.franchise_started_on = timezone.localdate() - timedelta(days=40)
    started_office.save()
    DevelopmentTask.objects.filter(office=started_office).update(due_on=timezone.localdate() - timedelta(days=1))
    assert development_path(alice, started_office)[1].overdue == 4


def test_outsider_sees_no_path(started_office, charlie):
    development_path_start(office=started_office)
    assert development_path(charlie, started_office) == []
    assert development_dashboard(charlie)["overdue_count"] == 0


def test_account_manager_adds_an_extra_task_and_the_owner_hears_of_it(started_office, account_manager, owner_a, alice):
    stage = DevelopmentStage.objects.get(name="Первая продажа")
    due = timezone.localdate() + timedelta(days=7)
    mail.outbox.clear()
    task = development_task_add(
        user=account_manager, office=started_office, stage=stage, title="Скрипт звонка", due_on=due
    )
    assert task.created_by == account_manager and task.template is None
    assert [message.to for message in mail.outbox] == [[owner_a.email]]
    with pytest.raises(PermissionDenied):
        development_task_add(user=alice, office=started_office, stage=stage, title="Сам себе", due_on=due)
    with pytest.raises(ValidationError) as error:
        development_task_add(
            user=account_manager, office=started_office, stage=stage, title=" ", due_on=date(2020, 1, 1)
        )
    assert set(error.value.message_dict) == {"title", "due_on"}


def test_overdue_reminder_tells_account_manager_and_owner_once(started_office, account_manager, owner_a):
    development_path_start(office=started_office)
    overdue = DevelopmentTask.objects.filter(office=started_office, due_on__lt=timezone.localdate())
    expected = overdue.count()
    assert expected > 0
    mail.outbox.clear()
    assert development_overdue_remind() == expected
    assert {message.to[0] for message in mail.outbox} == {account_manager.email, owner_a.email}
    assert len(mail.outbox) == 2  # one message per person for the office, not one per task
    assert development_overdue_remind() == 0
    dashboard = development_dashboard(account_manager)
    assert dashboard["overdue_count"] == expected
    assert dashboard["items"][0]["url"] == f"/mentoring/development/{started_office.pk}/"


def test_done_tasks_are_never_reminded(started_office, alice):
    development_path_start(office=started_office)
    for task in DevelopmentTask.objects.filter(office=started_office):
        development_task_complete(user=alice, task=task)
    assert development_overdue_remind(today=timezone.localdate() + timedelta(days=400)) == 0


def test_headquarters_has_no_path():
    hq = OfficeFactory(kind="headquarters", franchise_started_on=timezone.localdate())
    with pytest.raises(ValidationError):
        development_path_start(office=hq)
