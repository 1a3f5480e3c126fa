"""Django admin for the timeline and the proposal templates."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nastavnik.activities.models import Activity, ProposalTemplate


@admin.register(ProposalTemplate)
class ProposalTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "is_recommended", "file")
    list_filter = ("is_recommended",)
    search_fields = ("name",)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """Saving here keeps deal touch dates in sync through the same signal as everywhere else."""

    list_display = ("occurred_at", "kind", "company", "deal", "author", "office", "subject", "duration_seconds")
    list_filter = ("kind", "office", "direction", "is_done", "acknowledged")
    list_select_related = ("company", "deal", "author", "office")
    search_fields = ("subject", "body", "company__name")
    autocomplete_fields = ("company", "deal", "contact", "author", "proposal_template")
    readonly_fields = ("office",)
    date_hierarchy = "occurred_at"

    def save_model(self, request: HttpRequest, obj: Activity, form: Any, change: bool) -> None:
        obj.office_id = obj.company.office_id
        super().save_model(request, obj, form, change)
