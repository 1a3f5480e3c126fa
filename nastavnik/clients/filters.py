"""Filters for company and contact lists: one definition serves the web pages and the API."""

from datetime import date, datetime, time, timedelta

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.clients.choices import CompanyStatus, LeadSource
from nastavnik.clients.models import Company, Contact
from nastavnik.clients.selectors import companies_for
from nastavnik.deals.models import Deal, Stage
from nastavnik.offices.filters import scoped_choice
from nastavnik.offices.models import Region
from nastavnik.offices.selectors import offices_for, users_for


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="search")
    status = django_filters.ChoiceFilter(label=_("статус"), choices=CompanyStatus.choices)
    source = django_filters.ChoiceFilter(label=_("источник"), choices=LeadSource.choices)
    tag = django_filters.NumberFilter(label=_("тег"), field_name="tags")
    office = scoped_choice(offices_for, label=_("представительство"))
    responsible = scoped_choice(users_for, label=_("ответственный"))
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("created_at", "created_at"), ("inn", "inn")),
        label=_("Сортировка"),
    )

    class Meta:
        model = Company
        fields = ["q", "status", "source", "office", "region", "responsible", "tag"]

    def search(self, queryset: QuerySet[Company], name: str, value: str) -> QuerySet[Company]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(inn__startswith=value) | Q(website__icontains=value))


class ContactFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="search")
    is_current = django_filters.BooleanFilter(label=_("работает в компании"))
    company = scoped_choice(companies_for, label=_("компания"))
    ordering = django_filters.OrderingFilter(
        fields=(("surname", "surname"), ("created_at", "created_at")), label=_("Сортировка")
    )

    class Meta:
        model = Contact
        fields = ["q", "company", "is_current", "is_decision_maker"]

    def search(self, queryset: QuerySet[Contact], name: str, value: str) -> QuerySet[Contact]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(surname__icontains=value)
            | Q(first_name__icontains=value)
            | Q(company__name__icontains=value)
            | Q(emails__email__icontains=value)
            | Q(phones__number__contains="".join(ch for ch in value if ch.isdigit()) or value)
        ).distinct()


class PoolFilter(django_filters.FilterSet):
    """The HQ pool page: where the client is, how far its deals got, why they were lost, when it was last touched."""

    q = django_filters.CharFilter(label=_("Поиск"), method="search")
    region = django_filters.ModelChoiceFilter(label=_("регион"), queryset=Region.objects.all())
    stage = django_filters.ModelChoiceFilter(
        label=_("дошла до этапа"), queryset=Stage.objects.filter(is_lost=False), method="filter_stage"
    )
    lost_reason = django_filters.CharFilter(label=_("причина отказа"), method="filter_lost_reason")
    touched_from = django_filters.DateFilter(label=_("последнее касание с"), method="filter_touched_from")
    touched_to = django_filters.DateFilter(label=_("последнее касание по"), method="filter_touched_to")
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("pooled_at", "pooled_at"), ("last_touch_at", "last_touch_at")),
        label=_("Сортировка"),
    )

    class Meta:
        model = Company
        fields = ["q", "region", "stage", "lost_reason", "touched_from", "touched_to"]

    def search(self, queryset: QuerySet[Company], name: str, value: str) -> QuerySet[Company]:
        return CompanyFilter.search(self, queryset, name, value)  # type: ignore[arg-type]

    def filter_stage(self, queryset: QuerySet[Company], name: str, value: Stage | None) -> QuerySet[Company]:
        if value is None:
            return queryset
        # A deal's history remembers every stage it passed, lost deals included.
        reached = Deal.history.filter(  # type: ignore[attr-defined]
            company_id=OuterRef("pk"), stage__order__gte=value.order, stage__is_lost=False
        )
        return queryset.filter(Exists(reached))

    def filter_lost_reason(self, queryset: QuerySet[Company], name: str, value: str) -> QuerySet[Company]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Exists(Deal.objects.filter(company=OuterRef("pk"), lost_reason__icontains=value)))

    def filter_touched_from(self, queryset: QuerySet[Company], name: str, value: date | None) -> QuerySet[Company]:
        if value is None:
            return queryset
        return queryset.filter(Q(last_touch_at__gte=_day_start(value)))

    def filter_touched_to(self, queryset: QuerySet[Company], name: str, value: date | None) -> QuerySet[Company]:
        """Up to and including that day; a client never touched counts as touched long ago."""
        if value is None:
            return queryset
        return queryset.filter(
            Q(last_touch_at__lt=_day_start(value + timedelta(days=1))) | Q(last_touch_at__isnull=True)
        )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
