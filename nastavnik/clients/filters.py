"""Filters for company and contact lists: one definition serves the web pages and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from nastavnik.clients.choices import CompanyStatus, LeadSource
from nastavnik.clients.models import Company, Contact
from nastavnik.clients.selectors import companies_for
from nastavnik.offices.filters import scoped_choice
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
