"""Django admin for offices, people, regions, absences and API tokens (administrators only)."""

from typing import cast

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from nastavnik.offices.models import Absence, ApiToken, Office, Region, User
from nastavnik.offices.services import api_token_revoke


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    ordering = ("kind", "name")


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "city", "region", "status", "owner", "account_manager")
    list_filter = ("kind", "status", "account_manager")
    list_select_related = ("region", "owner", "account_manager")
    search_fields = ("code", "name", "legal_name", "inn", "city")
    autocomplete_fields = ("region", "owner", "account_manager")
    date_hierarchy = "franchise_started_on"


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, with the e-mail as the login and the office and role of each person."""

    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Личные данные"), {"fields": ("last_name", "first_name", "patronymic", "phone")}),
        (_("Работа"), {"fields": ("role", "specialist_area", "office", "regions")}),
        (_("Права"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Даты"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "role", "specialist_area", "office", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "last_name", "first_name", "role", "office", "is_active", "is_staff")
    list_filter = ("role", "office", "is_staff", "is_superuser", "is_active")
    list_select_related = ("office",)
    search_fields = ("email", "last_name", "first_name", "patronymic")
    ordering = ("email",)
    filter_horizontal = ("regions", "groups", "user_permissions")
    autocomplete_fields = ("office",)


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "starts_on", "ends_on", "note")
    list_filter = ("kind", "user__office")
    list_select_related = ("user",)
    search_fields = ("user__email", "user__last_name", "note")
    autocomplete_fields = ("user",)
    date_hierarchy = "starts_on"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners (the key is shown once); here they are only looked at or revoked."""

    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__email")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Отозвать выбранные токены"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(user=cast(User, request.user), token=token)
        self.message_user(request, _("Токены отозваны."), messages.SUCCESS)
