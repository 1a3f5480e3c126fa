"""Reads of the office development path, scoped to the user: where each visible office stands and what is overdue."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.mentoring.models import DevelopmentStage, DevelopmentTask
from nastavnik.offices.choices import OfficeKind
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import can_write_in_office, is_mentor_of, office_scope, offices_for

DASHBOARD_ITEMS = 5


def can_complete_task(user: User, task: DevelopmentTask) -> bool:
    """The office's own people or its account manager mark a task done."""
    return can_write_in_office(user, task.office_id) or is_mentor_of(user, task.office)


def development_offices_for(user: User) -> QuerySet[Office]:
    """Partner offices with their path progress."""
    return (
        offices_for(user)
        .filter(kind=OfficeKind.PARTNER)
        .select_related("account_manager")
        .annotate(
            tasks_total=Count("development_tasks", distinct=True),
            tasks_done=Count("development_tasks", filter=Q(development_tasks__done_at__isnull=False), distinct=True),
            tasks_overdue=Count(
                "development_tasks",
                filter=Q(development_tasks__done_at__isnull=True, development_tasks__due_on__lt=timezone.localdate()),
                distinct=True,
            ),
        )
    )


def development_tasks_for(user: User) -> QuerySet[DevelopmentTask]:
    return DevelopmentTask.objects.filter(office_scope(user)).select_related("office", "stage", "done_by", "created_by")


def overdue_tasks(queryset: QuerySet[DevelopmentTask]) -> QuerySet[DevelopmentTask]:
    return queryset.filter(done_at__isnull=True, due_on__lt=timezone.localdate())


@dataclass
class StageProgress:
    stage: DevelopmentStage
    tasks: list[DevelopmentTask] = field(default_factory=list)
    is_current: bool = False

    @property
    def done(self) -> int:
        return sum(1 for task in self.tasks if task.done_at)

    @property
    def total(self) -> int:
        return len(self.tasks)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def overdue(self) -> int:
        today = timezone.localdate()
        return sum(1 for task in self.tasks if not task.done_at and task.due_on < today)

    @property
    def is_complete(self) -> bool:
        return bool(self.tasks) and self.done == self.total


def development_path(user: User, office: Office) -> list[StageProgress]:
    """The office's stages in order, each with its tasks; the current stage is the first one not finished."""
    tasks = development_tasks_for(user).filter(office=office).order_by("stage__order", "due_on", "pk")
    stages: dict[int, StageProgress] = {}
    for task in tasks:
        stages.setdefault(task.stage_id, StageProgress(stage=task.stage)).tasks.append(task)
    path = sorted(stages.values(), key=lambda progress: (progress.stage.order, progress.stage.name))
    current = next((progress for progress in path if not progress.is_complete), None)
    if current:
        current.is_current = True
    return path


def development_dashboard(user: User) -> dict[str, Any]:
    """Overdue path tasks of the user's offices, the earliest first."""
    tasks = development_tasks_for(user).filter(office__kind=OfficeKind.PARTNER)
    overdue = overdue_tasks(tasks).order_by("due_on", "pk")
    upcoming = tasks.filter(done_at__isnull=True, due_on__gte=timezone.localdate())
    return {
        "title": _("Путь развития представительства"),
        "overdue_count": overdue.count(),
        "upcoming_count": upcoming.count(),
        "items": [
            {
                "title": task.title,
                "office": task.office.name,
                "url": reverse("mentoring:development-office", args=[task.office_id]),
                "due_on": task.due_on,
            }
            for task in overdue[:DASHBOARD_ITEMS]
        ],
        "list_url": reverse("mentoring:development-list"),
    }
