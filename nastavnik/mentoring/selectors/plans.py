"""Reads of the monthly plan: plans and actions the user may see, plan versus fact and the run-rate forecast."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from nastavnik.deals.choices import PaymentStatus
from nastavnik.deals.models import Payment
from nastavnik.lib.workcalendar import CalendarUnknownError, is_working_day
from nastavnik.mentoring.models import MonthlyPlan, PlanAction
from nastavnik.mentoring.services.plans import can_mark_action_done, can_set_plan, first_of_month
from nastavnik.offices.choices import OfficeKind, Role
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import has_full_access, office_scope, offices_for

DASHBOARD_ITEMS = 5


def plans_for(user: User) -> QuerySet[MonthlyPlan]:
    return MonthlyPlan.objects.filter(office_scope(user)).select_related("office", "agreed_by")


def plan_actions_for(user: User) -> QuerySet[PlanAction]:
    return PlanAction.objects.filter(office_scope(user, "plan__office")).select_related(
        "plan__office", "assignee", "done_by"
    )


def plan_offices_for(user: User) -> QuerySet[Office]:
    """Partner offices whose plans the user may set: every one for admins and heads, their own for an AM."""
    offices = offices_for(user).filter(kind=OfficeKind.PARTNER)
    if has_full_access(user):
        return offices
    if user.role == Role.ACCOUNT_MANAGER:
        return offices.filter(account_manager=user)
    return Office.objects.none()


def moscow_today() -> date:
    return timezone.localtime(timezone.now(), ZoneInfo(settings.WORKING_TIME_ZONE)).date()


def _month_days(month: date) -> list[date]:
    return [month + timedelta(days=offset) for offset in range(calendar.monthrange(month.year, month.month)[1])]


def _counted_days(days: list[date]) -> tuple[list[date], bool]:
    """Russian working days of the month; calendar days when the production calendar does not know the year."""
    try:
        return [day for day in days if is_working_day(day)], True
    except CalendarUnknownError:
        return days, False


@dataclass(frozen=True)
class PlanProgress:
    """Plan versus fact of an office for a month, with the run-rate forecast to the month's end."""

    office: Office
    month: date
    plan: MonthlyPlan | None
    target: Decimal
    fact: Decimal
    forecast: Decimal
    days_total: int
    days_elapsed: int
    working_days: bool
    cumulative: list[tuple[date, Decimal]] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        return percent_of(self.fact, self.target)

    @property
    def forecast_percent(self) -> int | None:
        return percent_of(self.forecast, self.target)

    @property
    def gap(self) -> Decimal:
        """What is still missing to the target (zero once it is met)."""
        return max(self.target - self.fact, Decimal("0"))

    @property
    def on_track(self) -> bool:
        return self.target > 0 and self.forecast >= self.target

    def chart_data(self) -> dict[str, Any]:
        """Cumulative fact by day (up to today) against the straight plan line, for Chart.js."""
        return {
            "labels": [f"{day:%d.%m}" for day, _ in self.cumulative],
            "fact": [float(amount) if amount is not None else None for _, amount in self.cumulative],
            "plan": [
                float((self.target * (index + 1) / len(self.cumulative)).quantize(Decimal("0.01")))
                for index in range(len(self.cumulative))
            ],
        }


def percent_of(part: Decimal, whole: Decimal) -> int | None:
    if whole <= 0:
        return None
    return int((part * 100 / whole).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def received_payments(office: Office | int, start: date, end: date) -> QuerySet[Payment]:
    """Payments that count as fact: received by the office, paid on a day in [start, end]."""
    return Payment.objects.filter(
        office=office, status=PaymentStatus.RECEIVED, paid_on__gte=start, paid_on__lte=end
    ).order_by()


def plan_progress(*, office: Office, month: date, today: date | None = None) -> PlanProgress:
    """Plan versus fact for an office's month (Moscow dates).

    The fact is the office's received payments paid in the month. The forecast is the run rate over
    Russian working days (nastavnik.lib.workcalendar): fact / working days elapsed × working days in
    the month, today counted as elapsed; calendar days for a year the production calendar does not know.
    """
    month = first_of_month(month)
    today = today or moscow_today()
    days = _month_days(month)
    counted, working_days = _counted_days(days)
    if today < month:
        elapsed: list[date] = []
    else:
        elapsed = [day for day in counted if day <= today]
    plan = MonthlyPlan.objects.filter(office=office, month=month).select_related("agreed_by").first()
    target = plan.target if plan else Decimal("0")
    by_day = dict(
        received_payments(office, days[0], days[-1])
        .values("paid_on")
        .annotate(amount=Sum("amount"))
        .values_list("paid_on", "amount")
    )
    fact = sum(by_day.values(), Decimal("0"))
    if today > days[-1]:
        forecast = fact
    elif elapsed:
        forecast = (fact / len(elapsed) * len(counted)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    else:
        forecast = fact  # no working day has passed yet: nothing to extrapolate from
    running = Decimal("0")
    cumulative: list[tuple[date, Decimal]] = []
    for day in days:
        running += by_day.get(day, Decimal("0"))
        cumulative.append((day, running if day <= today else None))  # type: ignore[arg-type]
    return PlanProgress(
        office=office,
        month=month,
        plan=plan,
        target=target,
        fact=fact,
        forecast=max(forecast, fact),
        days_total=len(counted),
        days_elapsed=len(elapsed),
        working_days=working_days,
        cumulative=cumulative,
    )


def monthly_facts(office_ids: list[int], months: list[date]) -> dict[tuple[int, date], Decimal]:
    """Fact per (office, month) for a page of plans in one query."""
    if not office_ids or not months:
        return {}
    start = min(months)
    last = max(months)
    end = last.replace(day=calendar.monthrange(last.year, last.month)[1])
    rows = (
        Payment.objects.filter(
            office_id__in=office_ids, status=PaymentStatus.RECEIVED, paid_on__gte=start, paid_on__lte=end
        )
        .order_by()
        .values_list("office_id", "paid_on", "amount")
    )
    facts: dict[tuple[int, date], Decimal] = {}
    for office_id, paid_on, amount in rows:
        key = (office_id, first_of_month(paid_on))
        facts[key] = facts.get(key, Decimal("0")) + amount
    return facts


def plan_permissions(user: User, plan: MonthlyPlan) -> dict[str, bool]:
    return {
        "can_set": can_set_plan(user, plan.office),
        "can_mark_done": can_mark_action_done(user, plan.office),
    }


def plans_dashboard(user: User) -> dict[str, Any]:
    """This month's plan versus fact for the offices the user sees, and the plan actions still open."""
    today = moscow_today()
    month = first_of_month(today)
    offices = list(offices_for(user).filter(kind=OfficeKind.PARTNER).order_by("name")[:DASHBOARD_ITEMS])
    progress = [plan_progress(office=office, month=month, today=today) for office in offices]
    actions = plan_actions_for(user).filter(done_at__isnull=True, plan__month__lte=month)
    if user.role in (Role.MANAGER, Role.AGENT):
        actions = actions.filter(Q(assignee=user) | Q(assignee__isnull=True))
    open_actions = actions.order_by("due_on", "pk")
    return {
        "month": month,
        "progress": progress,
        "without_plan": sum(1 for row in progress if row.plan is None),
        "open_actions_count": open_actions.count(),
        "overdue_count": open_actions.filter(due_on__lt=today).count(),
        "actions": list(open_actions[:DASHBOARD_ITEMS]),
        "today": today,
        "list_url": reverse("mentoring:plans-list"),
    }
