"""REST API of recommendations: list with states, give one, mark it applied."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from nastavnik.deals.selectors import deals_for
from nastavnik.mentoring.choices import RecommendationSource
from nastavnik.mentoring.models import Recommendation
from nastavnik.mentoring.selectors import recommendations as selectors
from nastavnik.mentoring.selectors.plans import plans_for
from nastavnik.mentoring.selectors.reviews import call_reviews_for
from nastavnik.mentoring.services.recommendations import recommendation_apply, recommendation_give
from nastavnik.offices.api import ScopedPrimaryKeyRelatedField, ScopedViewSet
from nastavnik.offices.selectors import offices_for, users_for


@extend_schema_field({"type": "string", "description": ", ".join(RecommendationSource.values)})
class RecommendationSourceField(serializers.ChoiceField):
    """Values listed in the description: an enum named "source" would clash with the lead source's enum."""


class RecommendationSerializer(serializers.ModelSerializer):
    source = RecommendationSourceField(choices=RecommendationSource.choices)  # type: ignore[assignment]
    office = ScopedPrimaryKeyRelatedField(scope=offices_for)
    deal = ScopedPrimaryKeyRelatedField(scope=deals_for, required=False, allow_null=True)
    call_review = ScopedPrimaryKeyRelatedField(scope=call_reviews_for, required=False, allow_null=True)
    plan = ScopedPrimaryKeyRelatedField(scope=plans_for, required=False, allow_null=True)
    assignee = ScopedPrimaryKeyRelatedField(scope=users_for, required=False, allow_null=True)
    text = serializers.CharField(allow_blank=True)
    author_name = serializers.CharField(source="author.short_name", read_only=True)
    assignee_name = serializers.CharField(source="assignee.short_name", read_only=True, default="")
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id", "office", "source", "text", "deal", "call_review", "plan", "author", "author_name",
            "assignee", "assignee_name", "due_on", "is_overdue", "applied_at", "applied_by", "applied_note",
            "created_at",
        ]  # fmt: skip
        read_only_fields = ["author", "applied_at", "applied_by", "applied_note", "created_at"]


class ApplySerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, max_length=5000)


STATE_PARAMETER = OpenApiParameter(
    "state", str, enum=["pending", "applied", "overdue"], description="Не применены, применены или просрочены."
)


SOURCE_PARAMETER = OpenApiParameter("source", str, enum=RecommendationSource.values, description="Откуда рекомендация.")


@extend_schema_view(list=extend_schema(parameters=[STATE_PARAMETER, SOURCE_PARAMETER]))
class RecommendationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    """The account manager's advice to offices; the assignee or the office's owner or a manager applies it."""

    serializer_class = RecommendationSerializer
    filterset_fields = ["office", "assignee", "deal", "call_review", "plan"]

    def scoped_queryset(self) -> QuerySet[Recommendation]:
        rows = selectors.recommendation_list(self.user).order_by("-created_at", "-pk")
        source = self.request.query_params.get("source", "")
        rows = rows.filter(source=source) if source else rows
        return selectors.filter_by_state(rows, self.request.query_params.get("state", ""))

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data: dict[str, Any] = dict(serializer.validated_data)
        serializer.instance = recommendation_give(author=self.user, **data)

    @extend_schema(request=ApplySerializer, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, pk: Any = None) -> Response:
        recommendation = self.get_object()
        data = ApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recommendation = recommendation_apply(user=self.user, recommendation=recommendation, **data.validated_data)
        return Response(RecommendationSerializer(recommendation, context=self.get_serializer_context()).data)


routes: list[tuple[str, Any, str]] = [("recommendations", RecommendationViewSet, "recommendation")]
