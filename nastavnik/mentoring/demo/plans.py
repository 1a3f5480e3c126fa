"""Demo data of the plans workflow: this month's and last month's targets with a cycle of actions."""

from datetime import timedelta
from decimal import Decimal

from nastavnik.mentoring.models import MonthlyPlan
from nastavnik.mentoring.selectors.plans import moscow_today
from nastavnik.mentoring.services.plans import monthly_plan_set, plan_action_create, plan_action_set_done
from nastavnik.offices.models import Office

ACTIONS = (
    ("Обзвонить клиентов, которым отправлено КП на прошлой неделе", 3, True),
    ("Провести совместный звонок по «Золотому списку»", 7, False),
    ("Разобрать с аккаунт-менеджером записи трёх звонков", 12, False),
    ("Выставить счета по согласованным тарифам", 20, False),
)


def seed(*, offices: list[Office]) -> int:
    """Create demo rows for the given partner offices; returns how many were written."""
    month = moscow_today().replace(day=1)
    previous = (month - timedelta(days=1)).replace(day=1)
    written = 0
    for index, office in enumerate(offices):
        mentor = office.account_manager
        if mentor is None or MonthlyPlan.objects.filter(office=office, month=month).exists():
            continue
        target = Decimal(400000 + 50000 * (index % 5))
        monthly_plan_set(user=mentor, office=office, month=previous, target=target, note="Сезонный спад, без роста.")
        plan = monthly_plan_set(
            user=mentor,
            office=office,
            month=month,
            target=target + Decimal(50000),
            note="Согласовано на созвоне: упор на дожатие клиентов с КП.",
        )
        staff = list(office.staff.filter(is_active=True).order_by("pk"))
        written += 2
        for number, (title, day, done) in enumerate(ACTIONS):
            assignee = staff[number % len(staff)] if staff else None
            action = plan_action_create(
                user=mentor, plan=plan, title=title, assignee=assignee, due_on=month + timedelta(days=day - 1)
            )
            if done and assignee is not None:
                plan_action_set_done(user=assignee, action=action)
            written += 1
    return written
