"""Companies and contacts: read through the tenant-scoped selectors, written through the services."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from nastavnik.clients.api.serializers import CompanyMergeSerializer, CompanySerializer, ContactSerializer
from nastavnik.clients.filters import CompanyFilter, ContactFilter
from nastavnik.clients.models import Company, Contact
from nastavnik.clients.selectors import company_list, contact_list
from nastavnik.clients.services import company_create, company_merge, company_update, contact_create, contact_update
from nastavnik.offices.api import ServiceViewSet


class CompanyViewSet(ServiceViewSet):
    """Clients of the offices the caller may see; archive a company by its status, never delete it."""

    serializer_class = CompanySerializer
    filterset_class = CompanyFilter

    def scoped_queryset(self) -> QuerySet[Company]:
        return company_list(self.user)

    def create_object(self, data: dict[str, Any]) -> Company:
        return company_create(user=self.user, **data)

    def update_object(self, instance: Company, data: dict[str, Any]) -> Company:
        return company_update(user=self.user, company=instance, **data)

    @extend_schema(request=CompanyMergeSerializer, responses={200: CompanySerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        """Fold the `source` company into this one: its contacts, deals, timeline and money move here."""
        target = self.get_object()
        serializer = CompanyMergeSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        company = company_merge(user=self.user, target=target, source=serializer.validated_data["source"])
        return Response(self.get_serializer(self._reload(company)).data)


class ContactViewSet(ServiceViewSet):
    """People at the visible companies; a person who left keeps their card with is_current false."""

    serializer_class = ContactSerializer
    filterset_class = ContactFilter

    def scoped_queryset(self) -> QuerySet[Contact]:
        return contact_list(self.user)

    def create_object(self, data: dict[str, Any]) -> Contact:
        return contact_create(user=self.user, **data)

    def update_object(self, instance: Contact, data: dict[str, Any]) -> Contact:
        return contact_update(user=self.user, contact=instance, **data)
