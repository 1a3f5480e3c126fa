"""Demo data of the questions workflow: a few questions per office, answered, routed, open and overdue."""

from datetime import timedelta

from django.utils import timezone

from nastavnik.mentoring.choices import QuestionTopic
from nastavnik.mentoring.models import Question
from nastavnik.mentoring.services.questions import question_answer, question_ask, question_route
from nastavnik.offices.choices import Role, SpecialistArea
from nastavnik.offices.models import Office, User

OFFICE_LIMIT = 6

ANSWERED = [
    (
        QuestionTopic.SALES,
        "Клиент получил КП, но тянет с оплатой уже три недели. Предложить скидку или рассрочку?",
        "Скидку не давайте: предложите помесячную оплату первого квартала и назначьте совместный звонок с ЛПР.",
    ),
    (
        QuestionTopic.TRAINING,
        "Есть ли запись вебинара по работе с возражениями «дорого»?",
        "Да, запись в базе знаний, раздел «Обучение», вебинар от 12 сентября.",
    ),
]
OPEN = [
    (QuestionTopic.SALES, "Как оформить переход клиента с тарифа «Старт» на «Бизнес» в середине периода?"),
    (QuestionTopic.TECHNICAL, "Не загружаются записи звонков длиннее 30 минут, что делать?"),
]
ROUTED = (QuestionTopic.LEGAL, "Клиент просит изменить в договоре срок оплаты на 30 дней. Это допустимо?")


def _asker(office: Office) -> User | None:
    staff = office.staff.filter(is_active=True, role__in=[Role.MANAGER, Role.AGENT]).order_by("pk")
    return staff.first() or office.owner


def seed(*, offices: list[Office]) -> int:
    """Create demo rows for the given partner offices; returns how many were written."""
    now = timezone.now()
    lawyer = User.objects.filter(role=Role.SPECIALIST, specialist_area=SpecialistArea.LEGAL, is_active=True).first()
    written = 0
    for office in offices[:OFFICE_LIMIT]:
        asker = _asker(office)
        if asker is None or office.account_manager is None:
            continue
        for days_ago, (topic, text, answer) in enumerate(ANSWERED, start=3):
            question = question_ask(user=asker, topic=topic, text=text, asked_at=now - timedelta(days=days_ago))
            question_answer(user=office.account_manager, question=question, answer=answer)
            # Back-date the answer so the demo history reads as answered in time, not today.
            Question.objects.filter(pk=question.pk).update(answered_at=question.due_at - timedelta(minutes=45))
            written += 1
        overdue_topic, overdue_text = OPEN[0]
        question_ask(user=asker, topic=overdue_topic, text=overdue_text, asked_at=now - timedelta(days=4))
        fresh_topic, fresh_text = OPEN[1]
        question_ask(user=asker, topic=fresh_topic, text=fresh_text, asked_at=now - timedelta(minutes=20))
        written += 2
        routed = question_ask(user=asker, topic=ROUTED[0], text=ROUTED[1], asked_at=now - timedelta(minutes=40))
        if lawyer is not None:
            question_route(user=office.account_manager, question=routed, specialist=lawyer)
        written += 1
    return written
