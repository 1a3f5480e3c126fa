"""Filters for deal, invoice and payment lists, shared by the web pages and the API."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from nastavnik.clients.choices import LeadSource
from nastavnik.clients.selectors import companies_for
from nastavnik.deals.models import Deal, Invoice, Payment
from nastavnik.deals.selectors import deals_for
from nastavnik.offices.filters import scoped_choice
from nastavnik.offices.selectors import offices_for, users_for


class DealFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="search")
    source = django_filters.ChoiceFilter(label=_("источник"), choices=LeadSource.choices)
    is_open = django_filters.BooleanFilter(label=_("открытые"), field_name="closed_at", lookup_expr="isnull")
    tag = django_filters.NumberFilter(label=_("тег"), field_name="tags")
    office = scoped_choice(offices_for, label=_("представительство"))
    company = scoped_choice(companies_for, label=_("компания"))
    owner = scoped_choice(users_for, label=_("ответственный"))
    agent = scoped_choice(users_for, label=_("агент"))
    opened_after = django_filters.DateFilter(label=_("открыта с"), field_name="opened_at", lookup_expr="date__gte")
    opened_before = django_filters.DateFilter(label=_("открыта по"), field_name="opened_at", lookup_expr="date__lte")
    ordering = django_filters.OrderingFilter(
        fields=(
            ("opened_at", "opened_at"),
            ("amount", "amount"),
            ("last_touch_at", "last_touch_at"),
            ("expected_close_on", "expected_close_on"),
        ),
        label=_("Сортировка"),
    )

    class Meta:
        model = Deal
        fields = ["q", "stage", "office", "company", "owner", "agent", "tariff", "source", "tag"]

    def search(self, queryset: QuerySet[Deal], name: str, value: str) -> QuerySet[Deal]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(company__name__icontains=value))


class InvoiceFilter(django_filters.FilterSet):
    office = scoped_choice(offices_for, label=_("представительство"))
    company = scoped_choice(companies_for, label=_("компания"))
    deal = scoped_choice(deals_for, label=_("сделка"))
    issued_after = django_filters.DateFilter(field_name="issued_on", lookup_expr="gte", label=_("с"))
    issued_before = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte", label=_("по"))

    class Meta:
        model = Invoice
        fields = ["company", "deal", "tariff", "status", "office"]


class PaymentFilter(django_filters.FilterSet):
    office = scoped_choice(offices_for, label=_("представительство"))
    company = scoped_choice(companies_for, label=_("компания"))
    deal = scoped_choice(deals_for, label=_("сделка"))
    paid_after = django_filters.DateFilter(field_name="paid_on", lookup_expr="gte", label=_("с"))
    paid_before = django_filters.DateFilter(field_name="paid_on", lookup_expr="lte", label=_("по"))

    class Meta:
        model = Payment
        fields = ["company", "deal", "tariff", "status", "office"]
