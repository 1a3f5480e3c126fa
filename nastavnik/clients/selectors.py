"""Reads of clients, always scoped to what the user may see."""

from django.db.models import Count, Prefetch, QuerySet

from nastavnik.clients.models import Company, Contact, ContactEmail, ContactPhone, Tag
from nastavnik.offices.models import User
from nastavnik.offices.selectors import can_write_in_office, office_scope


def companies_for(user: User) -> QuerySet[Company]:
    return Company.objects.filter(office_scope(user))


def company_list(user: User) -> QuerySet[Company]:
    """Companies for list pages and the API, with what a row shows fetched in a fixed number of queries."""
    return (
        companies_for(user)
        .select_related("office", "region", "responsible")
        .prefetch_related("tags")
        .annotate(contact_count=Count("contacts", distinct=True), deal_count=Count("deals", distinct=True))
        # Meta.ordering is dropped from GROUP BY queries; pages need a stable order.
        .order_by("name", "pk")
    )


def contacts_for(user: User) -> QuerySet[Contact]:
    return Contact.objects.filter(office_scope(user, "company__office"))


def contact_list(user: User) -> QuerySet[Contact]:
    return (
        contacts_for(user)
        .select_related("company", "company__office")
        .prefetch_related(
            Prefetch("phones", queryset=ContactPhone.objects.order_by("pk")),
            Prefetch("emails", queryset=ContactEmail.objects.order_by("pk")),
        )
    )


def tags_for(user: User, *, office_id: int | None = None) -> QuerySet[Tag]:
    tags = Tag.objects.filter(office_scope(user))
    return tags.filter(office_id=office_id) if office_id else tags


def can_edit_company(user: User, company: Company) -> bool:
    return can_write_in_office(user, company.office_id)
