"""Reads of the closing assist workflow (дожатие): the queue, the gate's conditions and the client story."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.activities.choices import TOUCH_KINDS, ActivityKind, CallDirection
from nastavnik.activities.models import Activity
from nastavnik.clients.models import Company
from nastavnik.clients.selectors import companies_for
from nastavnik.mentoring.choices import ClosingAssistStatus
from nastavnik.mentoring.models import ClosingAssistRequest
from nastavnik.offices.choices import Role
from nastavnik.offices.models import User
from nastavnik.offices.selectors import (
    can_write_in_office,
    has_full_access,
    office_scope,
    writable_offices_for,
)

EDITABLE_STATUSES = (ClosingAssistStatus.DRAFT, ClosingAssistStatus.RETURNED)
OPEN_STATUSES = (
    ClosingAssistStatus.DRAFT,
    ClosingAssistStatus.SUBMITTED,
    ClosingAssistStatus.ACCEPTED,
    ClosingAssistStatus.RETURNED,
    ClosingAssistStatus.JOINT_CALL_HELD,
)
MENTOR_WAITING = (ClosingAssistStatus.SUBMITTED, ClosingAssistStatus.ACCEPTED, ClosingAssistStatus.JOINT_CALL_HELD)
DASHBOARD_ITEMS = 5


@dataclass(frozen=True)
class Condition:
    """One condition of the seed's gate: met or not, and what is missing when not."""

    key: str
    label: str
    met: bool
    missing: str = ""


def is_office_side(user: User, office_id: int) -> bool:
    """The partner owner and the office staff (and admins, heads) act on the office's side."""
    return can_write_in_office(user, office_id)


def closing_assists_for(user: User) -> QuerySet[ClosingAssistRequest]:
    """Requests of the visible offices; an account manager does not see the office's drafts."""
    requests = ClosingAssistRequest.objects.filter(office_scope(user))
    if not user.is_authenticated or not user.is_active:
        return requests.none()
    if user.role == Role.ACCOUNT_MANAGER and not has_full_access(user):
        requests = requests.exclude(status=ClosingAssistStatus.DRAFT)
    return requests


def closing_assist_list(user: User) -> QuerySet[ClosingAssistRequest]:
    return closing_assists_for(user).select_related(
        "office", "company", "author", "staff_member", "considered_tariff", "office__account_manager"
    )


def closing_assist_companies(user: User) -> QuerySet[Company]:
    """Clients a request may be started for: those of the offices where the user works."""
    return companies_for(user).filter(office__in=writable_offices_for(user)).order_by("name", "pk")


def client_calls(*, office_id: int, company_id: int) -> QuerySet[Activity]:
    """Every logged call of the office with this client, newest first."""
    return Activity.objects.filter(office_id=office_id, company_id=company_id, kind=ActivityKind.CALL).select_related(
        "author", "contact"
    )


def client_proposals(*, office_id: int, company_id: int) -> QuerySet[Activity]:
    return Activity.objects.filter(
        office_id=office_id, company_id=company_id, kind=ActivityKind.PROPOSAL
    ).select_related("proposal_template", "author")


def client_touches(*, office_id: int, company_id: int) -> dict[str, datetime | None]:
    """First and last touch of the client, taken from the timeline (never typed)."""
    touches = Activity.objects.filter(office_id=office_id, company_id=company_id, kind__in=TOUCH_KINDS).aggregate(
        first=Min("occurred_at"), last=Max("occurred_at")
    )
    return {"first": touches["first"], "last": touches["last"]}


def qualifying_calls(*, office_id: int, company_id: int) -> QuerySet[Activity]:
    """Calls the office made itself (not incoming) that lasted at least the configured minutes."""
    min_seconds = settings.CLOSING_ASSIST_MIN_CALL_MINUTES * 60
    return client_calls(office_id=office_id, company_id=company_id).filter(
        ~Q(direction=CallDirection.INCOMING), duration_seconds__gte=min_seconds
    )


def _calls_condition(closing: ClosingAssistRequest) -> Condition:
    needed = settings.CLOSING_ASSIST_MIN_CALLS
    minutes = settings.CLOSING_ASSIST_MIN_CALL_MINUTES
    count = qualifying_calls(office_id=closing.office_id, company_id=closing.company_id).count()
    label = _("Не менее %(calls)s звонков клиенту длительностью от %(minutes)s минут") % {
        "calls": needed,
        "minutes": minutes,
    }
    missing = ""
    if count < needed:
        missing = _("Подходящих звонков в журнале: %(count)s из %(needed)s.") % {"count": count, "needed": needed}
    return Condition("calls", label, count >= needed, missing)


def _proposal_condition(closing: ClosingAssistRequest) -> Condition:
    label = _("КП по рекомендованному шаблону отправлено, клиент ознакомлен")
    recommended = client_proposals(office_id=closing.office_id, company_id=closing.company_id).filter(
        proposal_template__is_recommended=True
    )
    if recommended.filter(acknowledged=True).exists():
        return Condition("proposal", label, True)
    if recommended.exists():
        missing = _("КП по рекомендованному шаблону отправлено, но не отмечено, что клиент с ним ознакомлен.")
    else:
        missing = _("В истории клиента нет КП по рекомендованному шаблону.")
    return Condition("proposal", label, False, missing)


def _tariffs_condition(closing: ClosingAssistRequest) -> Condition:
    label = _("Клиенту показаны тарифы, известен тариф, который он рассматривает")
    presented = set(closing.tariffs_presented.values_list("pk", flat=True)) if closing.pk else set()
    missing = []
    if not presented:
        missing.append(_("не отмечены показанные клиенту тарифы"))
    if closing.considered_tariff_id is None:
        missing.append(_("не указан тариф, который рассматривает клиент"))
    elif presented and closing.considered_tariff_id not in presented:
        missing.append(_("рассматриваемый тариф не входит в показанные"))
    return Condition("tariffs", label, not missing, _capitalised(missing))


def _summary_condition(closing: ClosingAssistRequest) -> Condition:
    label = _("Письменная обратная связь: сайт, посещаемость, тариф, первое и последнее касание, история, причина")
    touches = client_touches(office_id=closing.office_id, company_id=closing.company_id)
    missing = []
    if not closing.company.website.strip():
        missing.append(_("в карточке клиента не указан сайт"))
    if closing.site_traffic is None:
        missing.append(_("не указана посещаемость сайта"))
    if closing.considered_tariff_id is None:
        missing.append(_("не указан выбранный клиентом тариф"))
    if touches["first"] is None:
        missing.append(_("в истории клиента нет ни одного касания"))
    if not closing.history.strip():
        missing.append(_("не описана история переговоров"))
    if not closing.why_not_paying.strip():
        missing.append(_("не указано, почему клиент не платит"))
    return Condition("summary", label, not missing, _capitalised(missing))


def _recordings_condition(closing: ClosingAssistRequest) -> Condition:
    label = _("Приложены записи всех звонков с клиентом")
    calls = client_calls(office_id=closing.office_id, company_id=closing.company_id)
    if not calls.exists():
        return Condition("recordings", label, False, _("С клиентом не записано ни одного звонка."))
    without = list(calls.filter(recording="").order_by("occurred_at").values_list("occurred_at", flat=True))
    if without:
        dates = ", ".join(timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") for moment in without[:10])
        missing = _("Звонков без записи: %(count)s (%(dates)s).") % {"count": len(without), "dates": dates}
        return Condition("recordings", label, False, missing)
    return Condition("recordings", label, True)


def _joint_call_condition(closing: ClosingAssistRequest) -> Condition:
    label = _("Согласован совместный звонок с владельцем представительства и сотрудником, который вёл клиента")
    missing = []
    if not closing.joint_call_channel:
        missing.append(_("не выбран канал звонка"))
    if closing.joint_call_at is None:
        missing.append(_("не указано время звонка"))
    elif closing.status in EDITABLE_STATUSES and closing.joint_call_at <= timezone.now():
        missing.append(_("время звонка уже прошло"))
    if closing.office.owner_id is None:
        missing.append(_("у представительства не указан владелец"))
    elif not closing.owner_attends:
        missing.append(_("не подтверждено участие владельца представительства"))
    if closing.staff_member_id is None:
        missing.append(_("не указан сотрудник, который вёл клиента"))
    elif not closing.staff_member_attends:
        missing.append(_("не подтверждено участие сотрудника"))
    return Condition("joint_call", label, not missing, _capitalised(missing))


def _capitalised(parts: list[str]) -> str:
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def closing_assist_conditions(closing: ClosingAssistRequest) -> list[Condition]:
    """The seed's six conditions, as the system itself finds them; a request is submitted only when all are met."""
    return [
        _calls_condition(closing),
        _proposal_condition(closing),
        _tariffs_condition(closing),
        _summary_condition(closing),
        _recordings_condition(closing),
        _joint_call_condition(closing),
    ]


def closing_assist_story(closing: ClosingAssistRequest) -> dict[str, Any]:
    """The whole client story on one screen: calls with recordings, proposals, the timeline and the touches."""
    where = {"office_id": closing.office_id, "company_id": closing.company_id}
    return {
        "calls": list(client_calls(**where).order_by("occurred_at", "pk")),
        "proposals": list(client_proposals(**where).order_by("occurred_at", "pk")),
        "timeline": list(
            Activity.objects.filter(**where).select_related("author", "proposal_template").order_by("-occurred_at")[:50]
        ),
        "touches": client_touches(**where),
        "tariffs_presented": list(closing.tariffs_presented.all()) if closing.pk else [],
    }


def _item(closing: ClosingAssistRequest) -> dict[str, Any]:
    return {
        "title": closing.company.display_name,
        "office": closing.office.name,
        "status": closing.get_status_display(),
        "url": reverse("mentoring:closing-detail", args=[closing.pk]),
    }


def closing_dashboard(user: User) -> dict[str, Any]:
    """What is outstanding on closing assist for this user: the account manager's decisions, the office's fixes."""
    requests = closing_assist_list(user)
    mentor = user.role == Role.ACCOUNT_MANAGER or has_full_access(user)
    if mentor:
        waiting = requests.filter(status__in=MENTOR_WAITING)
    else:
        waiting = requests.filter(status__in=[ClosingAssistStatus.DRAFT, ClosingAssistStatus.RETURNED])
    waiting = waiting.order_by("submitted_at", "created_at", "pk")
    return {
        "is_mentor": mentor,
        "submitted": requests.filter(status=ClosingAssistStatus.SUBMITTED).count(),
        "in_progress": requests.filter(
            status__in=[ClosingAssistStatus.ACCEPTED, ClosingAssistStatus.JOINT_CALL_HELD]
        ).count(),
        "returned": requests.filter(status=ClosingAssistStatus.RETURNED).count(),
        "drafts": requests.filter(status=ClosingAssistStatus.DRAFT).count(),
        "waiting_count": waiting.count(),
        "items": [_item(closing) for closing in waiting[:DASHBOARD_ITEMS]],
        "list_url": reverse("mentoring:closing-list"),
    }
