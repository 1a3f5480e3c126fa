"""Every write to the office development path: starting it from the template, tasks done, extra tasks, reminders."""

from collections import defaultdict
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.mentoring.models import DevelopmentStage, DevelopmentTask, DevelopmentTaskTemplate
from nastavnik.mentoring.selectors.development import can_complete_task
from nastavnik.notifications.services import notify
from nastavnik.offices.choices import OfficeKind
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import is_mentor_of


def _office_url(office_id: int) -> str:
    return reverse("mentoring:development-office", args=[office_id])


@transaction.atomic
def development_path_start(*, office: Office) -> int:
    """Copy the path template into the office's tasks, due from the franchise start; copies only what is missing."""
    if office.kind != OfficeKind.PARTNER:
        raise ValidationError({"office": _("Путь развития ведут только представительства.")})
    if office.franchise_started_on is None:
        raise ValidationError({"franchise_started_on": _("Укажите дату начала франшизы представительства.")})
    copied = set(
        DevelopmentTask.objects.filter(office=office, template__isnull=False).values_list("template_id", flat=True)
    )
    missing = DevelopmentTaskTemplate.objects.exclude(pk__in=copied).select_related("stage")
    tasks = [
        DevelopmentTask(
            office=office,
            template=template,
            stage=template.stage,
            title=template.title,
            due_on=office.franchise_started_on + timedelta(days=template.due_days),
        )
        for template in missing
    ]
    DevelopmentTask.objects.bulk_create(tasks)
    return len(tasks)


def development_paths_ensure() -> int:
    """Background job (daily): every partner office with a franchise start date has its path."""
    offices = Office.objects.filter(kind=OfficeKind.PARTNER, franchise_started_on__isnull=False)
    return sum(development_path_start(office=office) for office in offices)


@transaction.atomic
def development_task_complete(*, user: User, task: DevelopmentTask) -> DevelopmentTask:
    if not can_complete_task(user, task):
        raise PermissionDenied(_("Отмечать задачи пути развития могут представительство и его аккаунт-менеджер."))
    if task.done_at is not None:
        raise ValidationError(_("Задача уже выполнена."))
    task.done_at = timezone.now()
    task.done_by = user
    task.save(update_fields=["done_at", "done_by"])
    return task


@transaction.atomic
def development_task_reopen(*, user: User, task: DevelopmentTask) -> DevelopmentTask:
    """Undo a task marked done by mistake."""
    if not can_complete_task(user, task):
        raise PermissionDenied(_("Отмечать задачи пути развития могут представительство и его аккаунт-менеджер."))
    if task.done_at is None:
        raise ValidationError(_("Задача ещё не выполнена."))
    task.done_at = None
    task.done_by = None
    task.save(update_fields=["done_at", "done_by"])
    return task


@transaction.atomic
def development_task_add(
    *, user: User, office: Office, stage: DevelopmentStage, title: str, due_on: date
) -> DevelopmentTask:
    """The account manager gives the office an extra task on its path."""
    if not is_mentor_of(user, office) or office.kind != OfficeKind.PARTNER:
        raise PermissionDenied(_("Добавлять задачи может только аккаунт-менеджер представительства."))
    errors = {}
    title = title.strip()
    if not title:
        errors["title"] = _("Опишите задачу.")
    if due_on is None:
        errors["due_on"] = _("Укажите срок.")
    elif due_on < timezone.localdate():
        errors["due_on"] = _("Срок не может быть в прошлом.")
    if errors:
        raise ValidationError(errors)
    task = DevelopmentTask(office=office, stage=stage, title=title, due_on=due_on, created_by=user)
    task.full_clean()
    task.save()
    if office.owner is not None and office.owner_id != user.pk:
        notify(
            user=office.owner,
            text=_("Аккаунт-менеджер добавил задачу пути развития: %(title)s (срок %(due)s)")
            % {"title": title, "due": due_on.strftime("%d.%m.%Y")},
            url=_office_url(office.pk),
            email=True,
        )
    return task


def development_overdue_remind(today: date | None = None) -> int:
    """Background job (daily): tell the account manager and the partner owner once about newly overdue tasks."""
    today = today or timezone.localdate()
    overdue = DevelopmentTask.objects.filter(
        done_at__isnull=True, reminded_at__isnull=True, due_on__lt=today
    ).select_related("office", "office__owner", "office__account_manager")
    per_office: dict[Office, list[DevelopmentTask]] = defaultdict(list)
    for task in overdue:
        per_office[task.office].append(task)
    for office, tasks in per_office.items():
        with transaction.atomic():
            titles = "; ".join(task.title for task in tasks[:3]) + ("…" if len(tasks) > 3 else "")
            text = _("%(office)s: просрочено задач пути развития — %(count)s (%(titles)s)") % {
                "office": office.name,
                "count": len(tasks),
                "titles": titles,
            }
            for person in {office.account_manager, office.owner} - {None}:
                if person is not None and person.is_active:
                    notify(user=person, text=text, url=_office_url(office.pk), email=True)
            DevelopmentTask.objects.filter(pk__in=[task.pk for task in tasks]).update(reminded_at=timezone.now())
    return sum(len(tasks) for tasks in per_office.values())
