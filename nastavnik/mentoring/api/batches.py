"""REST API of deal batches: request, the HQ pool to pick from, hand-over, outcomes; every rule is in the services."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from nastavnik.deals.models import Deal, Stage
from nastavnik.mentoring.choices import BatchItemOutcome
from nastavnik.mentoring.models import DealBatch, DealBatchItem
from nastavnik.mentoring.selectors.batches import batch_items_for, batches_for, pool_deals_for
from nastavnik.mentoring.services import batches as services
from nastavnik.offices.api import ScopedViewSet
from nastavnik.offices.models import Region


@extend_schema_field({"type": "string", "description": "in_work | won | lost; empty while none is recorded"})
class OutcomeField(serializers.ChoiceField):
    """The outcome of a batch deal, documented inline: intake's "outcome" enum already owns the component name."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=BatchItemOutcome.choices, allow_blank=True, **kwargs)


class DealBatchSerializer(serializers.ModelSerializer):
    office_name = serializers.CharField(source="office.name", read_only=True)
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = DealBatch
        fields = [
            "id",
            "office",
            "office_name",
            "note",
            "status",
            "requested_by",
            "created_at",
            "handed_over_by",
            "handed_over_at",
            "processed_at",
            "item_count",
        ]
        read_only_fields = [field for field in fields if field != "note"]


class HandOverSerializer(serializers.Serializer):
    deals = serializers.ListField(
        child=serializers.IntegerField(),
        allow_empty=False,
        help_text=_("Номера сделок из общего пула (не больше DEAL_BATCH_MAX_DEALS)."),
        error_messages={"empty": _("Выберите хотя бы одну сделку.")},
    )


class DealBatchItemSerializer(serializers.ModelSerializer):
    company_name = serializers.CharField(source="company.display_name", read_only=True)
    deal_title = serializers.CharField(source="deal.__str__", read_only=True)
    stage_name = serializers.CharField(source="deal.stage.name", read_only=True)
    last_touch_at = serializers.DateTimeField(source="deal.last_touch_at", read_only=True)
    outcome = OutcomeField(read_only=True)

    class Meta:
        model = DealBatchItem
        fields = [
            "id",
            "batch",
            "deal",
            "deal_title",
            "stage_name",
            "company",
            "company_name",
            "last_touch_at",
            "outcome",
            "outcome_note",
            "outcome_at",
            "outcome_by",
        ]
        read_only_fields = fields


class OutcomeSerializer(serializers.Serializer):
    outcome = OutcomeField()
    outcome_note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class PoolDealSerializer(serializers.ModelSerializer):
    company_name = serializers.CharField(source="company.display_name", read_only=True)
    region = serializers.CharField(source="company.region", read_only=True, default="")
    stage_name = serializers.CharField(source="stage.name", read_only=True)

    class Meta:
        model = Deal
        fields = ["id", "title", "company", "company_name", "region", "stage", "stage_name", "lost_reason"]
        fields += ["amount", "last_touch_at"]
        read_only_fields = fields


class PoolFilterSerializer(serializers.Serializer):
    region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), required=False)
    stage = serializers.PrimaryKeyRelatedField(queryset=Stage.objects.all(), required=False)
    lost_reason = serializers.CharField(required=False, allow_blank=True, default="")
    touched_after = serializers.DateField(required=False)
    touched_before = serializers.DateField(required=False)


class DealBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    """Batches of the visible offices. POST asks for a new one (the office's owner or a sales manager)."""

    serializer_class = DealBatchSerializer
    filterset_fields = ["office", "status"]

    def scoped_queryset(self) -> QuerySet[DealBatch]:
        return batches_for(self.user).order_by("-created_at", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        office = self.user.office
        if office is None:
            raise PermissionDenied(_("Базу запрашивают владелец представительства или менеджер по продажам."))
        batch = services.deal_batch_request(
            user=self.user, office=office, note=serializer.validated_data.get("note", "")
        )
        serializer.instance = self.get_queryset().get(pk=batch.pk)

    @extend_schema(request=HandOverSerializer, responses=DealBatchSerializer)
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request: Request, pk: str | None = None) -> Response:
        """The account manager hands the chosen pool deals over; their companies move to the office."""
        batch = self.get_object()
        serializer = HandOverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.deal_batch_hand_over(user=self.user, batch=batch, deals=serializer.validated_data["deals"])
        return Response(self.get_serializer(self.get_queryset().get(pk=batch.pk)).data)

    @extend_schema(request=None, responses=DealBatchSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        batch = self.get_object()
        services.deal_batch_cancel(user=self.user, batch=batch)
        return Response(self.get_serializer(self.get_queryset().get(pk=batch.pk)).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("region", int),
            OpenApiParameter("stage", int, description=str(_("Этап, до которого дошла сделка."))),
            OpenApiParameter("lost_reason", str),
            OpenApiParameter("touched_after", str),
            OpenApiParameter("touched_before", str),
        ],
        responses=PoolDealSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def pool(self, request: Request, pk: str | None = None) -> Response:
        """Worked-but-unpaid HQ pool deals the account manager may hand over in this batch."""
        batch = self.get_object()
        if not services.can_hand_over_batch(self.user, batch.office):
            raise PermissionDenied(_("Базу передаёт аккаунт-менеджер представительства."))
        filters = PoolFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        deals = pool_deals_for(self.user, **filters.validated_data)
        page = self.paginate_queryset(deals)
        return self.get_paginated_response(PoolDealSerializer(page, many=True).data)


class DealBatchItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Deals of handed-over batches; the office records each one's outcome."""

    serializer_class = DealBatchItemSerializer
    filterset_fields = ["batch", "outcome"]

    def scoped_queryset(self) -> QuerySet[DealBatchItem]:
        return batch_items_for(self.user).order_by("batch", "pk")

    @extend_schema(request=OutcomeSerializer, responses=DealBatchItemSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: str | None = None) -> Response:
        """In work, won or lost (a reason is required for lost); the batch is marked processed when all are."""
        item = self.get_object()
        serializer = OutcomeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.deal_batch_item_record_outcome(
            user=self.user,
            item=item,
            outcome=serializer.validated_data["outcome"],
            note=serializer.validated_data["outcome_note"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


routes: list[tuple[str, Any, str]] = [
    ("batches", DealBatchViewSet, "mentoring-batches"),
    ("batch-items", DealBatchItemViewSet, "mentoring-batch-items"),
]
