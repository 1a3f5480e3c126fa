"""Demo data of the development path: each office's tasks from the template, the older ones mostly done."""

from datetime import timedelta

from django.utils import timezone

from nastavnik.mentoring.models import DevelopmentTask
from nastavnik.mentoring.services.development import development_path_start, development_task_complete
from nastavnik.offices.models import Office

# Tasks due this long ago are done, except the newest overdue one, so each office shows where it stands.
DONE_AFTER_DAYS = 7


def seed(*, offices: list[Office]) -> int:
    """Create demo rows for the given partner offices; returns how many were written."""
    written = 0
    cutoff = timezone.localdate() - timedelta(days=DONE_AFTER_DAYS)
    for office in offices:
        if office.franchise_started_on is None:
            continue
        written += development_path_start(office=office)
        doer = office.owner or office.account_manager
        if doer is None:
            continue
        old_tasks = list(DevelopmentTask.objects.filter(office=office, due_on__lt=cutoff).order_by("due_on", "pk"))
        for task in old_tasks[:-1]:
            development_task_complete(user=doer, task=task)
    return written
