"""Reads of clients, always scoped to what the user may see."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from nastavnik.activities.choices import TOUCH_KINDS
from nastavnik.activities.models import Activity
from nastavnik.clients.models import Company, Contact, ContactEmail, ContactPhone, Tag
from nastavnik.deals.models import Deal
from nastavnik.offices.choices import Role
from nastavnik.offices.models import User
from nastavnik.offices.selectors import can_write_in_office, has_full_access, office_scope


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


# Fields of the merge target that the merged company fills when they are empty (notes are appended instead).
MERGE_FILLED_FIELDS = (
    "inn",
    "website",
    "industry",
    "region",
    "legal_form",
    "site_traffic_monthly",
    "external_id",
    "responsible",
)


@dataclass
class MergePreview:
    """What a merge will move to the target and which of its empty fields it will fill."""

    contacts: int
    deals: int
    activities: int
    invoices: int
    payments: int
    tags: list[Tag]
    fills: dict[str, Any] = field(default_factory=dict)

    @property
    def fill_labels(self) -> list[tuple[str, str]]:
        labels = []
        for name, value in self.fills.items():
            model_field = Company._meta.get_field(name)
            shown = dict(model_field.flatchoices).get(value, value) if model_field.choices else value  # type: ignore[union-attr]
            labels.append((str(model_field.verbose_name).capitalize(), str(shown)))  # type: ignore[union-attr]
        return labels


def company_merge_preview(*, target: Company, source: Company) -> MergePreview:
    fills = {
        name: getattr(source, name)
        for name in MERGE_FILLED_FIELDS
        if getattr(target, name) in (None, "") and getattr(source, name) not in (None, "")
    }
    target_tag_ids = set(target.tags.values_list("pk", flat=True))
    return MergePreview(
        contacts=source.contacts.count(),
        deals=source.deals.count(),  # type: ignore[attr-defined]
        activities=source.activities.count(),  # type: ignore[attr-defined]
        invoices=source.invoices.count(),  # type: ignore[attr-defined]
        payments=source.payments.count(),  # type: ignore[attr-defined]
        tags=[tag for tag in source.tags.all() if tag.pk not in target_tag_ids],
        fills=fills,
    )


def merge_candidates(user: User, target: Company, query: str = "", *, limit: int = 20) -> QuerySet[Company]:
    """Companies that may be merged into `target`: visible to the user, of the same office, found by name/INN/site."""
    companies = companies_for(user).filter(office_id=target.office_id).exclude(pk=target.pk)
    query = query.strip()
    if query:
        companies = companies.filter(Q(name__icontains=query) | Q(inn__startswith=query) | Q(website__icontains=query))
    return companies.select_related("region").order_by("name", "pk")[:limit]


def pooled_companies_for(user: User) -> QuerySet[Company]:
    """The HQ pool (companies whose claim lapsed): seen by admins, heads and account managers."""
    if not user.is_authenticated or not (has_full_access(user) or user.role == Role.ACCOUNT_MANAGER):
        return Company.objects.none()
    return Company.objects.filter(pooled_at__isnull=False)


def pooled_company_list(user: User) -> QuerySet[Company]:
    """The pool with what its page shows: last touch, the furthest stage reached, the latest lost reason."""
    last_touch = (
        Activity.objects.filter(company=OuterRef("pk"), kind__in=TOUCH_KINDS)
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    stage_reached = (
        Deal.history.filter(company_id=OuterRef("pk"), stage__is_lost=False)  # type: ignore[attr-defined]
        .order_by("-stage__order")
        .values("stage__name")[:1]
    )
    lost_reason = (
        Deal.objects.filter(company=OuterRef("pk")).exclude(lost_reason="").order_by("-closed_at", "-pk")
    ).values("lost_reason")[:1]
    return (
        pooled_companies_for(user)
        .select_related("region")
        .annotate(
            last_touch_at=Subquery(last_touch),
            stage_reached=Subquery(stage_reached),
            last_lost_reason=Subquery(lost_reason),
        )
    )
