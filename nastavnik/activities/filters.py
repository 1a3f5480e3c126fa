"""Filters for the timeline, shared by the web pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from nastavnik.activities.models import Activity
from nastavnik.clients.selectors import companies_for, contacts_for
from nastavnik.deals.selectors import deals_for
from nastavnik.offices.filters import scoped_choice
from nastavnik.offices.selectors import users_for


class ActivityFilter(django_filters.FilterSet):
    company = scoped_choice(companies_for, label=_("компания"))
    deal = scoped_choice(deals_for, label=_("сделка"))
    contact = scoped_choice(contacts_for, label=_("контакт"))
    author = scoped_choice(users_for, label=_("кто"))
    after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte", label=_("с"))
    before = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lte", label=_("по"))

    class Meta:
        model = Activity
        fields = ["company", "deal", "contact", "kind", "author", "is_done", "after", "before"]
