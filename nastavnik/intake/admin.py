"""Django admin for the client intake."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nastavnik.intake.models import (
    CallList,
    CallListEntry,
    Commission,
    CommissionRule,
    DutyShift,
    IncomingCallCard,
    IntakeSite,
    TelephonyCall,
    WebRegistration,
)
from nastavnik.intake.web_intake import intake_site_new_token


@admin.register(IntakeSite)
class IntakeSiteAdmin(admin.ModelAdmin):
    """A new site gets its token on saving; the token is shown once in the message."""

    list_display = ("name", "office", "is_active", "created_at")
    list_filter = ("is_active", "office")
    fields = ("office", "name", "is_active")
    actions = ["issue_token"]

    def save_model(self, request: HttpRequest, obj: IntakeSite, form: object, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.token_hash = f"pending-{obj.office_id}-{obj.name}"[:64]
        super().save_model(request, obj, form, change)
        self._show_token(request, obj, intake_site_new_token(site=obj))

    @admin.action(description=gettext_lazy("Выдать новый токен (старый перестанет работать)"))
    def issue_token(self, request: HttpRequest, queryset: QuerySet[IntakeSite]) -> None:
        for site in queryset:
            self._show_token(request, site, intake_site_new_token(site=site))

    def _show_token(self, request: HttpRequest, site: IntakeSite, token: str) -> None:
        messages.warning(
            request,
            _("Токен сайта «%(site)s» (показывается один раз): %(token)s") % {"site": site.name, "token": token},
        )


@admin.register(WebRegistration)
class WebRegistrationAdmin(admin.ModelAdmin):
    list_display = ("received_at", "site", "name", "company_name", "phone", "email", "outcome", "assigned_to")
    list_filter = ("outcome", "site")
    search_fields = ("name", "company_name", "phone", "email", "website")
    raw_id_fields = ("company", "deal", "assigned_to", "agent")
    date_hierarchy = "received_at"


class CallListEntryInline(admin.TabularInline):
    model = CallListEntry
    extra = 0
    fields = ("company_name", "contact_name", "phone", "email", "region", "outcome", "meeting_at", "deal")
    raw_id_fields = ("deal",)


@admin.register(CallList)
class CallListAdmin(admin.ModelAdmin):
    list_display = ("name", "office", "agent", "created_at")
    list_filter = ("office",)
    inlines = [CallListEntryInline]


@admin.register(CommissionRule)
class CommissionRuleAdmin(admin.ModelAdmin):
    list_display = ("office", "agent_percent", "manager_percent")


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "deal", "percent", "amount")
    raw_id_fields = ("deal",)


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    list_display = ("date", "manager")
    date_hierarchy = "date"
    raw_id_fields = ("manager",)


@admin.register(IncomingCallCard)
class IncomingCallCardAdmin(admin.ModelAdmin):
    list_display = ("started_at", "manager", "phone", "organisation", "status", "transferred_to")
    list_filter = ("status",)
    search_fields = ("phone", "organisation", "recipient_name", "materials_email")
    raw_id_fields = ("manager", "company", "deal", "transferred_to")
    date_hierarchy = "started_at"


@admin.register(TelephonyCall)
class TelephonyCallAdmin(admin.ModelAdmin):
    list_display = ("started_at", "pbx_call_id", "caller", "routed_to", "duration_seconds", "outcome", "company")
    list_filter = ("outcome",)
    search_fields = ("pbx_call_id", "caller")
    raw_id_fields = ("called_user", "routed_to", "company", "activity")
    date_hierarchy = "started_at"
