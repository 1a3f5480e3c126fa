"""REST API of the golden list: the review queue, putting a deal on it or off it, advice per deal."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from nastavnik.deals.models import Deal
from nastavnik.deals.selectors import deals_for
from nastavnik.mentoring.api.recommendations import RecommendationSerializer
from nastavnik.mentoring.selectors import golden as selectors
from nastavnik.mentoring.services.golden import golden_list_set, golden_recommend
from nastavnik.offices.api import ScopedPrimaryKeyRelatedField, ScopedViewSet
from nastavnik.offices.selectors import users_for


class GoldenDealSerializer(serializers.ModelSerializer):
    company_name = serializers.CharField(source="company.display_name", read_only=True)
    stage_name = serializers.CharField(source="stage.name", read_only=True)
    outcome = serializers.SerializerMethodField()
    awaits_review = serializers.BooleanField(read_only=True)
    last_recommended_at = serializers.DateTimeField(read_only=True)
    last_applied_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Deal
        fields = [
            "id", "office", "company", "company_name", "title", "stage", "stage_name", "amount", "owner",
            "outcome", "awaits_review", "last_recommended_at", "last_applied_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_outcome(self, deal: Deal) -> str:
        return selectors.deal_outcome(deal)


class GoldenAddSerializer(serializers.Serializer):
    deal = ScopedPrimaryKeyRelatedField(scope=deals_for)


class GoldenRecommendSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    assignee = ScopedPrimaryKeyRelatedField(scope=users_for, required=False, allow_null=True, default=None)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("awaiting", bool, description="Только сделки, ждущие разбора."),
            OpenApiParameter("outcome", str, enum=["open", "won", "lost"]),
        ]
    )
)
class GoldenDealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Deals tagged «Золотой список» across the visible offices, with the outcome and whether they await review."""

    serializer_class = GoldenDealSerializer
    filterset_fields = ["office"]

    def scoped_queryset(self) -> QuerySet[Deal]:
        deals = selectors.golden_deals_for(self.user)
        params = self.request.query_params
        if params.get("awaiting") in ("true", "1"):
            deals = deals.filter(awaits_review=True)
        deals = selectors.filter_by_outcome(deals, params.get("outcome", ""))
        return deals.order_by("last_applied_at", "opened_at", "pk")

    @extend_schema(request=GoldenAddSerializer, responses=GoldenDealSerializer)
    def create(self, request: Request) -> Response:
        """The office tags one of its deals «Золотой список»."""
        data = GoldenAddSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        deal = golden_list_set(user=self.user, deal=data.validated_data["deal"], on=True)
        deal = get_object_or_404(self.scoped_queryset(), pk=deal.pk)
        return Response(GoldenDealSerializer(deal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: Any = None) -> Response:
        golden_list_set(user=self.user, deal=self.get_object(), on=False)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=GoldenRecommendSerializer, responses={201: RecommendationSerializer})
    @action(detail=True, methods=["post"])
    def recommend(self, request: Request, pk: Any = None) -> Response:
        deal = self.get_object()
        data = GoldenRecommendSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        recommendation = golden_recommend(user=self.user, deal=deal, **data.validated_data)
        return Response(RecommendationSerializer(recommendation).data, status=status.HTTP_201_CREATED)


routes: list[tuple[str, Any, str]] = [("golden", GoldenDealViewSet, "golden-deal")]
