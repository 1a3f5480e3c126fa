"""Demo data of call reviews: per office one reviewed request with scores, one waiting for its calls."""

from datetime import timedelta

from django.utils import timezone

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.models import Activity
from nastavnik.mentoring.models import ReviewCriterion
from nastavnik.mentoring.selectors.reviews import eligible_calls
from nastavnik.mentoring.services.reviews import call_review_feedback, call_review_request, call_review_send
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office

FEEDBACK = [
    "Хорошее приветствие, но клиент не услышал, чем вы полезны именно ему.",
    "Потребности выявлены поверхностно: спросите про посещаемость сайта и текущие заявки.",
    "Возражение «дорого» отработано через ценность — так держать.",
    "Не зафиксирован следующий шаг: назначайте дату следующего звонка до конца разговора.",
]
SUMMARY = (
    "В целом уверенные звонки. Главная зона роста — следующий шаг: в половине разговоров нет договорённости "
    "о дате. Рекомендую закрывать каждый звонок конкретной датой и временем."
)


def seed(*, offices: list[Office]) -> int:
    """Create demo rows for the given partner offices; returns how many were written."""
    written = 0
    today = timezone.localdate()
    criteria = list(ReviewCriterion.objects.filter(is_active=True))
    for index, office in enumerate(offices):
        mentor = office.account_manager
        sender = office.owner or office.staff.filter(role=Role.MANAGER).first()
        if mentor is None or sender is None:
            continue
        latest = (
            Activity.objects.filter(office=office, kind=ActivityKind.CALL, occurred_at__date__lte=today)
            .exclude(recording="")
            .order_by("-occurred_at")
            .first()
        )
        if latest is not None:
            last_day = timezone.localdate(latest.occurred_at)
            review = call_review_request(
                user=mentor,
                office=office,
                period_from=last_day - timedelta(days=30),
                period_to=last_day,
                topic="Работа с возражениями",
            )
            calls = list(eligible_calls(review)[:3])
            if not calls:
                continue
            call_review_send(user=sender, review=review, calls=calls)
            items = {
                item.pk: {
                    "scores": {c.pk: 2 + (item.pk + c.pk + index) % 4 for c in criteria},
                    "feedback": FEEDBACK[(item.pk + index) % len(FEEDBACK)],
                }
                for item in review.items.all()
            }
            call_review_feedback(user=mentor, review=review, summary=SUMMARY, items=items)
            written += 1 + len(items)
        call_review_request(
            user=mentor,
            office=office,
            period_from=today - timedelta(days=14),
            period_to=today,
            manager=office.staff.filter(role=Role.MANAGER).first(),
            topic="Первые звонки по новой базе",
        )
        written += 1
    return written
