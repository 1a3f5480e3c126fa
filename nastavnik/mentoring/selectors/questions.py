"""Reads of questions to the account manager, scoped to the user: the queue, the office's list, time left."""

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.lib.workcalendar import CalendarUnknownError, working_hours_between
from nastavnik.mentoring.choices import QuestionStatus, QuestionTopic
from nastavnik.mentoring.models import Question
from nastavnik.mentoring.services.questions import TOPIC_AREAS, can_ask
from nastavnik.offices.choices import Role
from nastavnik.offices.models import User
from nastavnik.offices.selectors import has_full_access, office_scope

DASHBOARD_ITEMS = 5


def questions_for(user: User) -> QuerySet[Question]:
    """Heads see every question, an account manager those of their offices, a specialist those routed to them,
    office staff their office's questions; anyone else nothing."""
    if not user.is_authenticated or not user.is_active:
        return Question.objects.none()
    if has_full_access(user):
        scope = Q()
    elif user.role == Role.SPECIALIST:
        scope = Q(assignee=user)
    elif user.role == Role.ACCOUNT_MANAGER or user.role in (Role.PARTNER_OWNER, Role.MANAGER, Role.AGENT):
        scope = office_scope(user)
    else:
        return Question.objects.none()
    return Question.objects.filter(scope).select_related(
        "office", "office__account_manager", "asked_by", "assignee", "answered_by", "routed_by"
    )


def is_mentor_side(user: User) -> bool:
    """Account managers, specialists and heads answer; everyone else asks."""
    return has_full_access(user) or user.role in (Role.ACCOUNT_MANAGER, Role.SPECIALIST)


def question_list(user: User) -> QuerySet[Question]:
    """Open questions first by due time, then answered ones, latest first."""
    return questions_for(user).order_by("-status", "due_at")


def working_minutes_left(due_at: datetime, now: datetime | None = None) -> int | None:
    """Working minutes until the due time (negative once overdue); None when the calendar lacks the year."""
    now = now or timezone.now()
    try:
        hours = working_hours_between(now, due_at)
    except CalendarUnknownError:
        return None
    return round(hours * 60)


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(abs(minutes), 60)
    if hours:
        return _("%(hours)s ч %(minutes)02d мин") % {"hours": hours, "minutes": rest}
    return _("%(minutes)s мин") % {"minutes": rest}


def time_left_label(question: Question, now: datetime | None = None) -> str:
    """What the queue shows: working time left, how long overdue, or that the calendar is unknown."""
    now = now or timezone.now()
    if not question.is_open:
        return ""
    if question.due_at <= now:
        minutes = working_minutes_left(question.due_at, now)
        if minutes is None:
            return _("просрочен")
        return _("просрочен на %(time)s") % {"time": format_minutes(minutes)}
    minutes = working_minutes_left(question.due_at, now)
    if minutes is None:
        return _("календарь на этот год неизвестен")
    return format_minutes(minutes)


def with_time_left(questions: Any, now: datetime | None = None) -> list[Question]:
    """Annotate each question with time_left (label) and breached (bool) for the templates and the API."""
    now = now or timezone.now()
    rows = list(questions)
    for question in rows:
        question.time_left = time_left_label(question, now)  # type: ignore[attr-defined]
        question.breached = question.is_breached(now)  # type: ignore[attr-defined]
    return rows


def specialists_for(question: Question) -> QuerySet[User]:
    """Active specialists who may take this question: of the topic's area, or any for training and other."""
    if question.topic == QuestionTopic.SALES:
        return User.objects.none()
    specialists = User.objects.filter(role=Role.SPECIALIST, is_active=True)
    area = TOPIC_AREAS.get(QuestionTopic(question.topic))
    if area is not None:
        specialists = specialists.filter(specialist_area=area)
    if question.assignee_id is not None:
        specialists = specialists.exclude(pk=question.assignee_id)
    return specialists.order_by("last_name", "first_name")


def questions_dashboard(user: User) -> dict[str, Any]:
    """What is outstanding: for those who answer, open questions by due time; for an office, its open questions
    and the latest answers."""
    now = timezone.now()
    questions = questions_for(user)
    open_questions = questions.filter(status=QuestionStatus.OPEN)
    list_url = reverse("mentoring:questions-list")
    if is_mentor_side(user):
        if user.role == Role.ACCOUNT_MANAGER:
            # The account manager's own queue: what is still with them, not what a specialist holds.
            open_questions = open_questions.filter(assignee=user)
        items = with_time_left(open_questions.order_by("due_at")[:DASHBOARD_ITEMS], now)
        return {
            "side": "mentor",
            "open_count": open_questions.count(),
            "breached_count": open_questions.filter(due_at__lt=now).count(),
            "items": items,
            "list_url": list_url,
            "can_ask": False,
        }
    latest = with_time_left(questions.order_by("-asked_at")[:DASHBOARD_ITEMS], now)
    return {
        "side": "office",
        "open_count": open_questions.count(),
        "breached_count": open_questions.filter(due_at__lt=now).count(),
        "items": latest,
        "list_url": list_url,
        "can_ask": can_ask(user),
    }
