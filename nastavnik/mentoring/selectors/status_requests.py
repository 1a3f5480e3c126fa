"""Reads of status update requests, scoped to the user: the account manager's offices, or one's own office."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.models import Activity
from nastavnik.clients.choices import CompanyStatus
from nastavnik.clients.models import Company
from nastavnik.mentoring.choices import StatusRequestScope
from nastavnik.mentoring.models import StatusAnswer, StatusRequest
from nastavnik.offices.choices import OfficeKind, Role
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import can_write_in_office, has_full_access, is_mentor_of, office_scope, offices_for

DASHBOARD_ITEMS = 5


def can_request_status(user: User, office: Office) -> bool:
    """The office's account manager asks; admins and heads may ask on their behalf."""
    if not user.is_authenticated or office.kind != OfficeKind.PARTNER:
        return False
    return is_mentor_of(user, office)


def can_answer_status(user: User, office_id: int) -> bool:
    """The office's own people answer (owner, managers, agents); admins and heads may fill in for them."""
    return can_write_in_office(user, office_id)


def requestable_offices_for(user: User) -> QuerySet[Office]:
    """Partner offices the user may send a status request to."""
    offices = offices_for(user).filter(kind=OfficeKind.PARTNER)
    if has_full_access(user):
        return offices
    if user.role == Role.ACCOUNT_MANAGER:
        return offices.filter(account_manager=user)
    return Office.objects.none()


def companies_in_scope(office: Office, scope: str) -> QuerySet[Company]:
    """The office's own clients (not those waiting in the pool) of the asked group: active, inactive or all."""
    companies = Company.objects.filter(office=office, pooled_at__isnull=True)
    if scope == StatusRequestScope.ACTIVE:
        return companies.filter(status=CompanyStatus.ACTIVE)
    if scope == StatusRequestScope.INACTIVE:
        return companies.exclude(status=CompanyStatus.ACTIVE)
    return companies


def status_requests_for(user: User) -> QuerySet[StatusRequest]:
    """Requests of the visible offices, with how many answers are in."""
    return (
        StatusRequest.objects.filter(office_scope(user))
        .select_related("office", "requested_by")
        .annotate(
            answers_total=Count("answers", distinct=True),
            answers_done=Count("answers", filter=Q(answers__answered_at__isnull=False), distinct=True),
        )
    )


def status_answers_for(user: User) -> QuerySet[StatusAnswer]:
    return StatusAnswer.objects.filter(office_scope(user, "request__office")).select_related(
        "request", "request__office", "company", "answered_by"
    )


def recordings_for_answer(answer: StatusAnswer) -> QuerySet[Activity]:
    """The client's calls that have a recording: what the office may attach to its answer."""
    return (
        Activity.objects.filter(company_id=answer.company_id, kind=ActivityKind.CALL)
        .exclude(recording="")
        .select_related("author")
        .order_by("-occurred_at", "-pk")
    )


def status_requests_dashboard(user: User) -> dict[str, Any]:
    """Open requests for this user: the AM waits for answers, the office owes them."""
    open_requests = status_requests_for(user).filter(completed_at__isnull=True).order_by("due_on", "-created_at")
    items = [
        {
            "title": f"{request.office.name}: {request.get_scope_display().lower()}",
            "url": reverse("mentoring:status-requests-detail", args=[request.pk]),
            "done": getattr(request, "answers_done", 0),
            "total": getattr(request, "answers_total", 0),
            "due_on": request.due_on,
        }
        for request in open_requests[:DASHBOARD_ITEMS]
    ]
    outstanding = status_answers_for(user).filter(request__completed_at__isnull=True, answered_at__isnull=True)
    waits_for_office = user.role == Role.ACCOUNT_MANAGER or has_full_access(user)
    return {
        "title": _("Запросы информации по клиентам"),
        "open_count": open_requests.count(),
        "outstanding_answers": outstanding.count(),
        "items": items,
        "waits_for_office": waits_for_office,
        "list_url": reverse("mentoring:status-requests-list"),
    }
