"""Django admin for the pipeline stages, tariffs, deals, invoices and payments."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from nastavnik.deals.models import Deal, Invoice, Payment, Stage, Tariff
from nastavnik.lib.money import format_rub


class OfficeFromCompanyAdmin(admin.ModelAdmin):
    """Deals, invoices and payments belong to their company's office: the field follows the company."""

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> tuple[str, ...]:
        return ("office", *super().get_readonly_fields(request, obj))

    def save_model(self, request: HttpRequest, obj: Deal | Invoice | Payment, form: object, change: bool) -> None:
        obj.office_id = obj.company.office_id
        super().save_model(request, obj, form, change)


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "is_won", "is_lost")
    list_editable = ("order",)
    search_fields = ("name",)


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    list_display = ("name", "price", "period_months", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)

    @admin.display(description=_("цена в месяц"), ordering="monthly_price")
    def price(self, tariff: Tariff) -> str:
        return format_rub(tariff.monthly_price)


@admin.register(Deal)
class DealAdmin(SimpleHistoryAdmin, OfficeFromCompanyAdmin):
    list_display = (
        "__str__",
        "company",
        "office",
        "stage",
        "tariff",
        "amount_rub",
        "owner",
        "opened_at",
        "last_touch_at",
    )
    list_filter = ("stage", "office", "tariff", "source", "tags")
    list_select_related = ("company", "office", "stage", "tariff", "owner")
    search_fields = ("title", "company__name", "company__inn", "lost_reason")
    autocomplete_fields = ("company", "contact", "owner", "agent", "tags", "tariff")
    readonly_fields = ("first_touch_at", "last_touch_at")
    date_hierarchy = "opened_at"

    @admin.display(description=_("сумма"), ordering="amount")
    def amount_rub(self, deal: Deal) -> str:
        return format_rub(deal.amount)


@admin.register(Invoice)
class InvoiceAdmin(OfficeFromCompanyAdmin):
    list_display = ("number", "company", "office", "amount_rub", "issued_on", "due_on", "status")
    list_filter = ("status", "office", "tariff")
    list_select_related = ("company", "office")
    search_fields = ("number", "company__name", "company__inn")
    autocomplete_fields = ("company", "deal", "tariff")
    date_hierarchy = "issued_on"

    @admin.display(description=_("сумма"), ordering="amount")
    def amount_rub(self, invoice: Invoice) -> str:
        return format_rub(invoice.amount)


@admin.register(Payment)
class PaymentAdmin(OfficeFromCompanyAdmin):
    list_display = ("paid_on", "company", "office", "amount_rub", "invoice", "status")
    list_filter = ("status", "office", "tariff")
    list_select_related = ("company", "office", "invoice")
    search_fields = ("company__name", "company__inn", "invoice__number")
    autocomplete_fields = ("company", "deal", "invoice", "tariff")
    date_hierarchy = "paid_on"

    @admin.display(description=_("сумма"), ordering="amount")
    def amount_rub(self, payment: Payment) -> str:
        return format_rub(payment.amount)
