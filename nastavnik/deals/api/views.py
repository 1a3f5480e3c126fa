"""Deals, invoices and payments per tenant; tariffs and stages are the franchisor's shared catalogue."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins

from nastavnik.deals.api.serializers import (
    DealSerializer,
    InvoiceSerializer,
    PaymentSerializer,
    StageSerializer,
    TariffSerializer,
)
from nastavnik.deals.filters import DealFilter, InvoiceFilter, PaymentFilter
from nastavnik.deals.models import Deal, Invoice, Payment, Stage, Tariff
from nastavnik.deals.selectors import deal_list, invoices_for, payments_for, stages, tariffs
from nastavnik.deals.services import (
    deal_create,
    deal_update,
    invoice_create,
    invoice_update,
    payment_create,
    payment_update,
    tariff_create,
    tariff_update,
)
from nastavnik.offices.api import ScopedViewSet, ServiceViewSet


class DealViewSet(ServiceViewSet):
    """Deals of the visible offices; an agent sees only the deals they opened. Close a deal by its stage."""

    serializer_class = DealSerializer
    filterset_class = DealFilter

    def scoped_queryset(self) -> QuerySet[Deal]:
        return deal_list(self.user).prefetch_related("tags")

    def create_object(self, data: dict[str, Any]) -> Deal:
        return deal_create(user=self.user, **data)

    def update_object(self, instance: Deal, data: dict[str, Any]) -> Deal:
        return deal_update(user=self.user, deal=instance, **data)


class InvoiceViewSet(ServiceViewSet):
    """Bills sent to clients; cancel one by its status."""

    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter

    def scoped_queryset(self) -> QuerySet[Invoice]:
        return invoices_for(self.user)

    def create_object(self, data: dict[str, Any]) -> Invoice:
        return invoice_create(user=self.user, **data)

    def update_object(self, instance: Invoice, data: dict[str, Any]) -> Invoice:
        return invoice_update(user=self.user, invoice=instance, **data)


class PaymentViewSet(ServiceViewSet):
    """Money received from clients; a refund is a status, not a deletion."""

    serializer_class = PaymentSerializer
    filterset_class = PaymentFilter

    def scoped_queryset(self) -> QuerySet[Payment]:
        return payments_for(self.user)

    def create_object(self, data: dict[str, Any]) -> Payment:
        return payment_create(user=self.user, **data)

    def update_object(self, instance: Payment, data: dict[str, Any]) -> Payment:
        return payment_update(user=self.user, payment=instance, **data)


class TariffViewSet(ServiceViewSet):
    """The product plans everyone reads; only an admin or a head adds or changes them."""

    serializer_class = TariffSerializer
    filterset_fields = ["is_active"]

    def scoped_queryset(self) -> QuerySet[Tariff]:
        return tariffs()

    def create_object(self, data: dict[str, Any]) -> Tariff:
        return tariff_create(user=self.user, **data)

    def update_object(self, instance: Tariff, data: dict[str, Any]) -> Tariff:
        return tariff_update(user=self.user, tariff=instance, **data)


class StageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The sales pipeline in order, with its won and lost stages."""

    serializer_class = StageSerializer
    filter_backends: list[Any] = []

    def scoped_queryset(self) -> QuerySet[Stage]:
        return stages()
