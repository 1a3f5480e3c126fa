"""Demo data of status update requests: a monthly request to each office, partly answered."""

import random
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.models import Activity
from nastavnik.mentoring.choices import Recurrence, StatusRequestScope
from nastavnik.mentoring.selectors.status_requests import companies_in_scope
from nastavnik.mentoring.services.status_requests import status_answer_submit, status_request_create
from nastavnik.offices.models import Office

COMMENTS = [
    "Ознакомились с КП, рассматривают тариф «Бизнес». Ждём решения директора до конца недели.",
    "Оплата задерживается: бюджет на продвижение утвердят в следующем месяце. Созвон назначен на понедельник.",
    "Клиент доволен результатами, обсуждаем продление на год со скидкой.",
    "ЛПР сменился, новый директор по маркетингу просит повторную презентацию.",
    "Сомневаются в цене, сравнивают с конкурентом. Отправили кейсы из их отрасли.",
]
ANSWERS_PER_OFFICE = 3
MOBILE_CODES = ["903", "905", "912", "915", "916", "925", "926", "985"]


def _domain(website: str) -> str:
    return (website or "example.ru").split("//")[-1].split("/")[0].removeprefix("www.") or "example.ru"


def seed(*, offices: list[Office]) -> int:
    """Create demo rows for the given partner offices; returns how many were written."""
    rng = random.Random(20261201)
    written = 0
    for office in offices:
        answerer = office.owner or office.staff.filter(is_active=True).first()
        if office.account_manager is None or answerer is None:
            continue
        if not companies_in_scope(office, StatusRequestScope.ACTIVE).exists():
            continue
        try:
            request = status_request_create(
                user=office.account_manager,
                office=office,
                scope=StatusRequestScope.ACTIVE,
                note="Ситуация по каждому действующему клиенту: что мешает оплате и следующий шаг.",
                due_on=timezone.localdate() + timedelta(days=5),
                recurrence=Recurrence.MONTHLY,
            )
        except ValidationError:
            continue
        written += 1 + request.answers.count()
        for answer in request.answers.select_related("company")[:ANSWERS_PER_OFFICE]:
            calls = Activity.objects.filter(company=answer.company, kind=ActivityKind.CALL).exclude(recording="")
            status_answer_submit(
                user=answerer,
                answer=answer,
                comment=rng.choice(COMMENTS),
                mobile_phone=f"+7{rng.choice(MOBILE_CODES)}{rng.randint(1000000, 9999999)}",
                email=f"director@{_domain(answer.company.website)}",
                recordings=list(calls[:2]),
            )
    return written
