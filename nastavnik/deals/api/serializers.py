"""Deals, invoices, payments, tariffs and stages as the API reads and writes them."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nastavnik.clients.selectors import companies_for, contacts_for, tags_for
from nastavnik.deals.models import Deal, Invoice, Payment, Stage, Tariff
from nastavnik.deals.selectors import deals_for, invoices_for
from nastavnik.offices.api import ScopedPrimaryKeyRelatedField
from nastavnik.offices.selectors import users_for


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "name", "order", "is_won", "is_lost"]
        read_only_fields = fields


class TariffSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tariff
        fields = ["id", "name", "monthly_price", "period_months", "is_active"]


class DealSerializer(serializers.ModelSerializer):
    company = ScopedPrimaryKeyRelatedField(scope=companies_for, help_text=_("Задаётся только при создании."))
    contact = ScopedPrimaryKeyRelatedField(scope=contacts_for, required=False, allow_null=True)
    owner = ScopedPrimaryKeyRelatedField(
        scope=users_for, required=False, help_text=_("Менеджер сделки; по умолчанию — вы (агент выбирает менеджера).")
    )
    agent = ScopedPrimaryKeyRelatedField(scope=users_for, required=False, allow_null=True)
    tags = ScopedPrimaryKeyRelatedField(scope=tags_for, many=True, required=False)
    company_name = serializers.CharField(source="company.display_name", read_only=True)
    stage_name = serializers.CharField(source="stage.name", read_only=True)
    owner_name = serializers.CharField(source="owner.short_name", read_only=True)

    class Meta:
        model = Deal
        fields = [
            "id",
            "office",
            "company",
            "company_name",
            "contact",
            "title",
            "stage",
            "stage_name",
            "tariff",
            "amount",
            "owner",
            "owner_name",
            "agent",
            "source",
            "opened_at",
            "expected_close_on",
            "closed_at",
            "lost_reason",
            "tags",
            "first_touch_at",
            "last_touch_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["office", "closed_at", "first_touch_at", "last_touch_at", "created_at", "updated_at"]
        extra_kwargs = {
            "stage": {"required": False, "help_text": _("По умолчанию — первый этап воронки.")},
            "opened_at": {"required": False},
        }


class InvoiceSerializer(serializers.ModelSerializer):
    company = ScopedPrimaryKeyRelatedField(scope=companies_for)
    deal = ScopedPrimaryKeyRelatedField(scope=deals_for, required=False, allow_null=True)

    class Meta:
        model = Invoice
        fields = ["id", "office", "company", "deal", "tariff", "number", "amount", "issued_on", "due_on", "status"]
        read_only_fields = ["office"]


class PaymentSerializer(serializers.ModelSerializer):
    company = ScopedPrimaryKeyRelatedField(scope=companies_for)
    deal = ScopedPrimaryKeyRelatedField(scope=deals_for, required=False, allow_null=True)
    invoice = ScopedPrimaryKeyRelatedField(scope=invoices_for, required=False, allow_null=True)

    class Meta:
        model = Payment
        fields = ["id", "office", "company", "deal", "invoice", "tariff", "amount", "paid_on", "status"]
        read_only_fields = ["office"]
