"""Register the periodic jobs with the django-q2 scheduler (idempotent)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand
from django_q.models import Schedule

MOSCOW = ZoneInfo("Europe/Moscow")


def next_moscow_time(at: time) -> datetime:
    now = datetime.now(MOSCOW)
    run = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)


MENTORING = "nastavnik.mentoring.services"
STATUS = "nastavnik.mentoring.services.status_requests"
DEVELOPMENT = "nastavnik.mentoring.services.development"
RECOMMENDATIONS = "nastavnik.mentoring.services.recommendations"

SCHEDULES = [
    # (name, function, schedule type, minutes, first run)
    ("Напоминания о задачах", "nastavnik.jobs.remind_due_tasks", Schedule.MINUTES, 1, None),
    ("Очистка сессий", "nastavnik.jobs.clear_expired_sessions", Schedule.DAILY, None, time(3, 0)),
    ("Возврат клиентов в пул", "nastavnik.clients.claims.release_lapsed_claims", Schedule.DAILY, None, time(3, 0)),
    # Mentoring of partner offices
    (
        "Просроченные вопросы",
        "nastavnik.mentoring.services.questions.questions_notify_breaches",
        Schedule.MINUTES,
        1,
        None,
    ),
    ("Обработка баз сделок", "nastavnik.mentoring.services.batches.deal_batches_refresh", Schedule.MINUTES, 15, None),
    ("Повтор запросов информации", f"{STATUS}.status_requests_repeat_due", Schedule.DAILY, None, time(7, 0)),
    ("Просроченные запросы информации", f"{STATUS}.status_requests_notify_overdue", Schedule.DAILY, None, time(7, 0)),
    ("Забытые рекомендации", f"{RECOMMENDATIONS}.recommendations_notify_overdue", Schedule.DAILY, None, time(9, 0)),
    ("Пути развития представительств", f"{DEVELOPMENT}.development_paths_ensure", Schedule.DAILY, None, time(6, 30)),
    ("Просрочки пути развития", f"{DEVELOPMENT}.development_overdue_remind", Schedule.DAILY, None, time(7, 0)),
]


class Command(BaseCommand):
    help = "Create or update the periodic background jobs."

    def handle(self, *args: object, **options: object) -> None:
        for name, func, schedule_type, minutes, at in SCHEDULES:
            defaults: dict[str, object] = {"func": func, "schedule_type": schedule_type, "repeats": -1}
            if minutes:
                defaults["minutes"] = minutes
            if at:
                defaults["next_run"] = next_moscow_time(at)
            Schedule.objects.update_or_create(name=name, defaults=defaults)
        self.stdout.write(f"{len(SCHEDULES)} schedules registered")
