"""REST API of closing assist (дожатие): requests with their gate's conditions, and one action per move."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from nastavnik.deals.models import Tariff
from nastavnik.deals.selectors import deals_for, payments_for
from nastavnik.mentoring.forms.closing import ClosingAssistFilter
from nastavnik.mentoring.models import ClosingAssistRequest
from nastavnik.mentoring.selectors import closing as selectors
from nastavnik.mentoring.services import closing as services
from nastavnik.offices.api import ScopedPrimaryKeyRelatedField, ServiceViewSet
from nastavnik.offices.selectors import users_for

# The gate's conditions as the API shows them (a plain schema: a serializer field may not be called "label").
CONDITIONS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "key": {"type": "string"},
            "label": {"type": "string"},
            "met": {"type": "boolean"},
            "missing": {"type": "string"},
        },
    },
}


class ClosingAssistSerializer(serializers.ModelSerializer):
    company = ScopedPrimaryKeyRelatedField(
        scope=selectors.closing_assist_companies, help_text=_("Клиент вашего представительства; только при создании.")
    )
    deal = ScopedPrimaryKeyRelatedField(scope=deals_for, required=False, allow_null=True)
    staff_member = ScopedPrimaryKeyRelatedField(scope=users_for, required=False, allow_null=True)
    tariffs_presented = serializers.PrimaryKeyRelatedField(
        queryset=Tariff.objects.filter(is_active=True), many=True, required=False
    )
    company_name = serializers.CharField(source="company.display_name", read_only=True)
    company_website = serializers.CharField(source="company.website", read_only=True)
    conditions = serializers.SerializerMethodField()
    first_touch_at = serializers.SerializerMethodField()
    last_touch_at = serializers.SerializerMethodField()

    class Meta:
        model = ClosingAssistRequest
        fields = [
            "id", "office", "company", "company_name", "company_website", "deal", "author", "staff_member",
            "status", "tariffs_presented", "considered_tariff", "site_traffic", "history", "why_not_paying",
            "first_touch_at", "last_touch_at", "joint_call_channel", "joint_call_at", "owner_attends",
            "staff_member_attends", "conditions", "return_reason", "lost_reason", "payment", "submitted_at",
            "decided_at", "joint_call_held_at", "closed_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "office", "author", "status", "return_reason", "lost_reason", "payment", "submitted_at",
            "decided_at", "joint_call_held_at", "closed_at", "created_at", "updated_at",
        ]  # fmt: skip

    @extend_schema_field(CONDITIONS_SCHEMA)
    def get_conditions(self, closing: ClosingAssistRequest) -> list[dict[str, Any]]:
        return [condition.__dict__ for condition in selectors.closing_assist_conditions(closing)]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_first_touch_at(self, closing: ClosingAssistRequest) -> str | None:
        first = selectors.client_touches(office_id=closing.office_id, company_id=closing.company_id)["first"]
        return serializers.DateTimeField().to_representation(first) if first else None

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_last_touch_at(self, closing: ClosingAssistRequest) -> str | None:
        last = selectors.client_touches(office_id=closing.office_id, company_id=closing.company_id)["last"]
        return serializers.DateTimeField().to_representation(last) if last else None


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class OutcomeWonSerializer(serializers.Serializer):
    payment = ScopedPrimaryKeyRelatedField(
        scope=payments_for, required=False, allow_null=True, help_text=_("Уже внесённая оплата клиента.")
    )
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    paid_on = serializers.DateField(required=False, allow_null=True)


class ClosingAssistViewSet(ServiceViewSet):
    """Closing assist requests: the office drafts and submits (only when every condition is met), the AM decides."""

    serializer_class = ClosingAssistSerializer
    filterset_class = ClosingAssistFilter

    def scoped_queryset(self) -> QuerySet[ClosingAssistRequest]:
        return selectors.closing_assist_list(self.user).prefetch_related("tariffs_presented").order_by("-created_at")

    def create_object(self, data: dict[str, Any]) -> ClosingAssistRequest:
        return services.closing_assist_create(user=self.user, **data)

    def update_object(self, instance: ClosingAssistRequest, data: dict[str, Any]) -> ClosingAssistRequest:
        data.pop("company", None)
        return services.closing_assist_update(user=self.user, closing=instance, **data)

    def _answer(self, closing: ClosingAssistRequest) -> Response:
        closing = self.scoped_queryset().filter(pk=closing.pk).first() or closing
        return Response(self.get_serializer(closing).data)

    @extend_schema(request=None, responses=ClosingAssistSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        return self._answer(services.closing_assist_submit(user=self.user, closing=self.get_object()))

    @extend_schema(request=None, responses=ClosingAssistSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        return self._answer(services.closing_assist_accept(user=self.user, closing=self.get_object()))

    @extend_schema(request=ReasonSerializer, responses=ClosingAssistSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_office(self, request: Request, pk: Any = None) -> Response:
        closing = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.closing_assist_return(user=self.user, closing=closing, **data.validated_data))

    @extend_schema(request=None, responses=ClosingAssistSerializer)
    @action(detail=True, methods=["post"], url_path="joint-call-held")
    def joint_call_held(self, request: Request, pk: Any = None) -> Response:
        return self._answer(services.closing_assist_joint_call_held(user=self.user, closing=self.get_object()))

    @extend_schema(request=OutcomeWonSerializer, responses=ClosingAssistSerializer)
    @action(detail=True, methods=["post"])
    def won(self, request: Request, pk: Any = None) -> Response:
        closing = self.get_object()
        data = OutcomeWonSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return self._answer(services.closing_assist_win(user=self.user, closing=closing, **data.validated_data))

    @extend_schema(request=ReasonSerializer, responses=ClosingAssistSerializer)
    @action(detail=True, methods=["post"])
    def lost(self, request: Request, pk: Any = None) -> Response:
        closing = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.closing_assist_lose(user=self.user, closing=closing, **data.validated_data))


# (prefix, viewset, basename) registered by nastavnik.api_urls
routes: list[tuple[str, Any, str]] = [("closing-assists", ClosingAssistViewSet, "closing-assist")]
