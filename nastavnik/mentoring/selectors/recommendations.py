"""Reads of the account manager's recommendations, scoped to the user, and who may act on which side."""

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from nastavnik.mentoring.models import Recommendation
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import office_scope

OFFICE_SIDE_ROLES = (Role.PARTNER_OWNER, Role.MANAGER, Role.AGENT)
DASHBOARD_ITEMS = 5


class RecommendationState:
    """The filter values of the list: what the partner owner checks their staff by."""

    PENDING = "pending"
    APPLIED = "applied"
    OVERDUE = "overdue"


def is_office_side(user: User, office: Office) -> bool:
    """The partner owner and the office's managers and agents act on the office's side."""
    return user.is_authenticated and user.office_id == office.pk and user.role in OFFICE_SIDE_ROLES


def is_office_lead(user: User, office: Office) -> bool:
    """The owner and the managers of the office answer for applying every recommendation."""
    if not user.is_authenticated or user.office_id != office.pk:
        return False
    return office.owner_id == user.pk or user.role in (Role.PARTNER_OWNER, Role.MANAGER)


def can_apply(user: User, recommendation: Recommendation) -> bool:
    if recommendation.applied_at is not None:
        return False
    return recommendation.assignee_id == user.pk or is_office_lead(user, recommendation.office)


def recommendations_for(user: User) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(office_scope(user))


def recommendation_list(user: User) -> QuerySet[Recommendation]:
    return recommendations_for(user).select_related(
        "office", "author", "assignee", "applied_by", "deal", "deal__company", "call_review", "plan"
    )


def overdue_filter(today: Any = None) -> Q:
    return Q(applied_at__isnull=True, due_on__lt=today or timezone.localdate())


def filter_by_state(queryset: QuerySet[Recommendation], state: str) -> QuerySet[Recommendation]:
    if state == RecommendationState.APPLIED:
        return queryset.filter(applied_at__isnull=False)
    if state == RecommendationState.PENDING:
        return queryset.filter(applied_at__isnull=True)
    if state == RecommendationState.OVERDUE:
        return queryset.filter(overdue_filter())
    return queryset


def recommendations_dashboard(user: User) -> dict[str, Any]:
    """Not yet applied advice: the assignee's own; the office lead's and the account manager's for the office."""
    pending = recommendation_list(user).filter(applied_at__isnull=True)
    if user.is_authenticated and user.role == Role.AGENT:
        pending = pending.filter(assignee=user)
    overdue = pending.filter(overdue_filter())
    items = [
        {
            "text": item.text,
            "office": item.office.name,
            "assignee": item.assignee,
            "due_on": item.due_on,
            "is_overdue": item.is_overdue,
            "url": reverse("mentoring:recommendations-detail", args=[item.pk]),
        }
        for item in pending.order_by("due_on", "created_at")[:DASHBOARD_ITEMS]
    ]
    return {
        "pending_count": pending.count(),
        "overdue_count": overdue.count(),
        "items": items,
        "url": reverse("mentoring:recommendations-list"),
    }
