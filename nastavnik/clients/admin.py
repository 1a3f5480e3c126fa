"""Django admin for companies, contacts with their phones and e-mails, and tags."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from nastavnik.clients.duplicates import company_keys_refresh
from nastavnik.clients.models import Company, Contact, ContactEmail, ContactPhone, Tag
from nastavnik.offices.validators import clean_phone


class RefreshKeysMixin:
    """Admin edits save rows directly, so the duplicate-check keys of the company are rebuilt afterwards."""

    def company_id_of(self, obj: Any) -> int:
        raise NotImplementedError

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        company_keys_refresh([self.company_id_of(form.instance)])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        company_id = self.company_id_of(obj)
        super().delete_model(request, obj)  # type: ignore[misc]
        company_keys_refresh([company_id])


class ContactPhoneForm(forms.ModelForm):
    """Phones typed in the admin are stored in E.164, like everywhere else."""

    class Meta:
        model = ContactPhone
        fields = ("contact", "number", "extension")

    def clean_number(self) -> str:
        return clean_phone(self.cleaned_data["number"])


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "office", "color", "is_system")
    list_filter = ("is_system", "office")
    list_select_related = ("office",)
    search_fields = ("name", "office__code", "office__name")
    autocomplete_fields = ("office",)


class ContactInline(admin.TabularInline):
    model = Contact
    fields = ("surname", "first_name", "patronymic", "position", "is_decision_maker", "is_current")
    extra = 0
    show_change_link = True


@admin.register(Company)
class CompanyAdmin(RefreshKeysMixin, SimpleHistoryAdmin):
    list_display = ("name", "legal_form", "inn", "office", "region", "responsible", "status", "created_at")
    list_filter = ("status", "office", "source", "legal_form", "preferred_channel")
    list_select_related = ("office", "region", "responsible")
    search_fields = ("name", "inn", "website", "external_id")
    autocomplete_fields = ("office", "region", "responsible", "tags")
    date_hierarchy = "created_at"
    inlines = (ContactInline,)

    def company_id_of(self, obj: Company) -> int:
        return obj.pk

    def get_readonly_fields(self, request: HttpRequest, obj: Company | None = None) -> tuple[str, ...]:
        # A company moves to another office only through a hand-over, never by editing the field.
        return ("office",) if obj is not None else ()


class ContactPhoneInline(admin.TabularInline):
    model = ContactPhone
    form = ContactPhoneForm
    extra = 0


class ContactEmailInline(admin.TabularInline):
    model = ContactEmail
    extra = 0


@admin.register(Contact)
class ContactAdmin(RefreshKeysMixin, SimpleHistoryAdmin):
    list_display = ("contact_name", "company", "position", "is_decision_maker", "is_current")
    list_filter = ("is_decision_maker", "is_current", "company__office")
    list_select_related = ("company",)
    search_fields = ("surname", "first_name", "patronymic", "company__name", "phones__number", "emails__email")
    autocomplete_fields = ("company",)
    inlines = (ContactPhoneInline, ContactEmailInline)

    def company_id_of(self, obj: Contact) -> int:
        return obj.company_id

    @admin.display(description=_("контакт"), ordering="surname")
    def contact_name(self, contact: Contact) -> str:
        return contact.full_name


@admin.register(ContactPhone)
class ContactPhoneAdmin(RefreshKeysMixin, admin.ModelAdmin):
    form = ContactPhoneForm
    list_display = ("phone", "contact")
    list_select_related = ("contact",)
    search_fields = ("number", "contact__surname")
    autocomplete_fields = ("contact",)

    def company_id_of(self, obj: ContactPhone) -> int:
        return obj.contact.company_id

    @admin.display(description=_("телефон"), ordering="number")
    def phone(self, phone: ContactPhone) -> str:
        return phone.display


@admin.register(ContactEmail)
class ContactEmailAdmin(RefreshKeysMixin, admin.ModelAdmin):
    list_display = ("email", "contact")
    list_select_related = ("contact",)
    search_fields = ("email", "contact__surname")
    autocomplete_fields = ("contact",)

    def company_id_of(self, obj: ContactEmail) -> int:
        return obj.contact.company_id
