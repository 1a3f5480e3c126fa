"""Filters for the timeline, shared by the web pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from nastavnik.activities.models import Activity


class ActivityFilter(django_filters.FilterSet):
    after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte", label=_("с"))
    before = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lte", label=_("по"))

    class Meta:
        model = Activity
        fields = ["company", "deal", "contact", "kind", "author", "is_done", "after", "before"]
