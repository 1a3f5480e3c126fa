"""Reads of deals, invoices and payments, scoped to the user: an agent sees only the deals they opened."""

from django.db.models import Q, QuerySet

from nastavnik.deals.models import Deal, Invoice, Payment, Stage, Tariff
from nastavnik.offices.choices import Role
from nastavnik.offices.models import User
from nastavnik.offices.selectors import can_write_in_office, office_scope


def deals_for(user: User) -> QuerySet[Deal]:
    deals = Deal.objects.filter(office_scope(user))
    if user.is_authenticated and user.role == Role.AGENT:
        deals = deals.filter(agent=user)
    return deals


def deal_list(user: User) -> QuerySet[Deal]:
    return deals_for(user).select_related("company", "office", "stage", "tariff", "owner", "agent", "contact")


def _agent_limited(user: User, queryset: QuerySet, deal_field: str = "deal") -> QuerySet:
    if user.is_authenticated and user.role == Role.AGENT:
        return queryset.filter(**{f"{deal_field}__agent": user})
    return queryset


def invoices_for(user: User) -> QuerySet[Invoice]:
    invoices = Invoice.objects.filter(office_scope(user)).select_related("company", "deal", "tariff", "office")
    return _agent_limited(user, invoices)


def payments_for(user: User) -> QuerySet[Payment]:
    payments = Payment.objects.filter(office_scope(user)).select_related("company", "deal", "tariff", "office")
    return _agent_limited(user, payments)


def stages() -> QuerySet[Stage]:
    return Stage.objects.all()


def tariffs(*, active_only: bool = False) -> QuerySet[Tariff]:
    return Tariff.objects.filter(is_active=True) if active_only else Tariff.objects.all()


def can_edit_deal(user: User, deal: Deal) -> bool:
    if not can_write_in_office(user, deal.office_id):
        return False
    return user.role != Role.AGENT or deal.agent_id == user.pk


def agent_deal_filter(user: User, field: str = "deal") -> Q:
    """For activities: an agent sees entries with no deal or on their own deals."""
    if user.is_authenticated and user.role == Role.AGENT:
        return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__agent": user})
    return Q()
