"""REST API of call reviews: request recordings, send calls, give scored feedback, the criteria and the trend."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from nastavnik.activities.models import Activity
from nastavnik.activities.selectors import activities_for
from nastavnik.mentoring.models import CallReview, CallReviewItem, CallReviewScore, ReviewCriterion
from nastavnik.mentoring.selectors import reviews as selectors
from nastavnik.mentoring.services.reviews import call_review_feedback, call_review_request, call_review_send
from nastavnik.offices.api import ScopedPrimaryKeyRelatedField, ScopedViewSet
from nastavnik.offices.selectors import offices_for, users_for


class ReviewCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewCriterion
        fields = ["id", "name", "order"]
        read_only_fields = fields


class ScoreSerializer(serializers.ModelSerializer):
    criterion_name = serializers.CharField(source="criterion.name", read_only=True)

    class Meta:
        model = CallReviewScore
        fields = ["criterion", "criterion_name", "score"]
        read_only_fields = fields


class CallSerializer(serializers.ModelSerializer):
    company_name = serializers.CharField(source="company.display_name", read_only=True)
    author_name = serializers.CharField(source="author.short_name", read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "company", "company_name", "deal", "author", "author_name", "occurred_at", "duration_seconds"]
        read_only_fields = fields


class ReviewItemSerializer(serializers.ModelSerializer):
    call = CallSerializer(read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = CallReviewItem
        fields = ["id", "call", "feedback", "scores"]
        read_only_fields = fields


class CallReviewSerializer(serializers.ModelSerializer):
    office = ScopedPrimaryKeyRelatedField(scope=offices_for)
    manager = ScopedPrimaryKeyRelatedField(scope=users_for, required=False, allow_null=True)
    topic = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    items = ReviewItemSerializer(many=True, read_only=True)

    class Meta:
        model = CallReview
        fields = [
            "id", "office", "requested_by", "period_from", "period_to", "manager", "topic", "status",
            "sent_by", "sent_at", "summary", "reviewed_at", "created_at", "items",
        ]  # fmt: skip
        read_only_fields = ["requested_by", "status", "sent_by", "sent_at", "summary", "reviewed_at", "created_at"]


class SendSerializer(serializers.Serializer):
    calls = ScopedPrimaryKeyRelatedField(scope=activities_for, many=True)


class ItemScoreInput(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.IntegerField()


class ItemFeedbackInput(serializers.Serializer):
    item = serializers.IntegerField()
    scores = ItemScoreInput(many=True)
    feedback = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackSerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True)
    items = ItemFeedbackInput(many=True)

    def service_items(self) -> dict[int, dict[str, Any]]:
        return {
            row["item"]: {
                "scores": {score["criterion"]: score["score"] for score in row["scores"]},
                "feedback": row["feedback"],
            }
            for row in self.validated_data["items"]
        }


class CallReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    """Requests for call recordings and the account manager's scored feedback: the office's feedback history."""

    serializer_class = CallReviewSerializer
    filterset_fields = ["office", "status", "manager"]

    def scoped_queryset(self) -> QuerySet[CallReview]:
        return (
            selectors.call_review_list(self.user)
            .prefetch_related("items__call__company", "items__call__author", "items__scores__criterion")
            .order_by("-created_at", "-pk")
        )

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        serializer.instance = call_review_request(user=self.user, **serializer.validated_data)

    def _answer(self, review: CallReview) -> Response:
        review = self.scoped_queryset().get(pk=review.pk)
        return Response(CallReviewSerializer(review, context=self.get_serializer_context()).data)

    @extend_schema(responses=CallSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="eligible-calls")
    def eligible_calls(self, request: Request, pk: Any = None) -> Response:
        """Recorded calls the office may send for this request."""
        calls = selectors.eligible_calls(self.get_object())
        return Response(CallSerializer(calls, many=True).data)

    @extend_schema(request=SendSerializer, responses=CallReviewSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: Any = None) -> Response:
        review = self.get_object()
        data = SendSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return self._answer(call_review_send(user=self.user, review=review, calls=data.validated_data["calls"]))

    @extend_schema(request=FeedbackSerializer, responses=CallReviewSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: Any = None) -> Response:
        review = self.get_object()
        data = FeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = call_review_feedback(
            user=self.user, review=review, summary=data.validated_data["summary"], items=data.service_items()
        )
        return self._answer(review)

    @extend_schema(
        parameters=[OpenApiParameter("office", int)],
        responses={status.HTTP_200_OK: dict},
    )
    @action(detail=False, methods=["get"])
    def trend(self, request: Request) -> Response:
        """The average score per month per manager."""
        office = request.query_params.get("office", "")
        trend = selectors.score_trend(self.user, office_id=int(office) if office.isdigit() else None)
        return Response(
            {
                "months": [month.strftime("%Y-%m") for month in trend["months"]],
                "series": [
                    {
                        "manager": row["manager"].pk,
                        "manager_name": row["manager"].short_name,
                        "scores": [str(score) if score is not None else None for score in row["scores"]],
                    }
                    for row in trend["series"]
                ],
            }
        )


class ReviewCriterionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The scorecard lines in use (an admin configures them)."""

    serializer_class = ReviewCriterionSerializer
    filter_backends: list[Any] = []

    def scoped_queryset(self) -> QuerySet[ReviewCriterion]:
        return selectors.review_criteria()


routes: list[tuple[str, Any, str]] = [
    ("reviews", CallReviewViewSet, "call-review"),
    ("review-criteria", ReviewCriterionViewSet, "review-criterion"),
]
