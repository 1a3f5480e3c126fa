"""Demo data of recommendations outside reviews: one applied, one due soon, one overdue for the owner to chase."""

from datetime import timedelta

from django.utils import timezone

from nastavnik.mentoring.choices import RecommendationSource
from nastavnik.mentoring.models import Recommendation
from nastavnik.mentoring.services.recommendations import recommendation_apply, recommendation_give
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office

TEXTS = [
    "Заполняйте итог каждого звонка в CRM в тот же день — без этого я не вижу, где нужна помощь.",
    "Проводите короткую планёрку по понедельникам: план недели по звонкам и встречам на каждого.",
    "Перед звонком смотрите сайт клиента и его посещаемость — начинайте разговор с его цифр.",
]


def seed(*, offices: list[Office]) -> int:
    """Create demo rows for the given partner offices; returns how many were written."""
    written = 0
    today = timezone.localdate()
    for office in offices:
        mentor = office.account_manager
        staff = list(office.staff.filter(is_active=True, role__in=(Role.MANAGER, Role.AGENT)).order_by("pk")[:3])
        if mentor is None or not staff:
            continue
        given = [
            recommendation_give(
                author=mentor,
                office=office,
                source=RecommendationSource.OTHER,
                text=text,
                assignee=staff[index % len(staff)],
                due_on=today + timedelta(days=3 + index * 4),
            )
            for index, text in enumerate(TEXTS)
        ]
        recommendation_apply(
            user=given[0].assignee,  # type: ignore[arg-type]
            recommendation=given[0],
            note="Договорились вносить итоги звонков до 19:00, проверяю в конце дня.",
        )
        # The last one was due a week ago: the partner owner sees it among the overdue.
        Recommendation.objects.filter(pk=given[-1].pk).update(due_on=today - timedelta(days=7))
        written += len(given)
    return written
