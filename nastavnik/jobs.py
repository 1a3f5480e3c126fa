"""Periodic background jobs run by the django-q2 worker; `setup_schedules` registers them."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.models import Activity


def remind_due_tasks() -> int:
    """E-mail the author of each task that has come due, once."""
    now = timezone.now()
    due = Activity.objects.filter(
        kind=ActivityKind.TASK, is_done=False, reminded_at__isnull=True, due_at__lte=now
    ).select_related("author", "company")
    sent = 0
    for task in due:
        if task.author.email:
            send_mail(
                _("Срок задачи: %(subject)s") % {"subject": task.subject},
                _("Срок задачи «%(subject)s» по клиенту %(company)s наступил %(due)s.\n%(url)s")
                % {
                    "subject": task.subject,
                    "company": task.company,
                    "due": timezone.localtime(task.due_at).strftime("%d.%m.%Y %H:%M"),
                    "url": f"{settings.SITE_URL}/companies/{task.company_id}/",
                },
                None,
                [task.author.email],
                fail_silently=True,
            )
            sent += 1
        Activity.objects.filter(pk=task.pk).update(reminded_at=now)
    return sent


def clear_expired_sessions() -> None:
    from django.contrib.sessions.models import Session

    Session.objects.filter(expire_date__lt=timezone.now() - timedelta(days=1)).delete()
