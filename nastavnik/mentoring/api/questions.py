"""REST API of the questions workflow: viewsets registered under /api/v1/mentoring/."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from nastavnik.mentoring.choices import QuestionTopic
from nastavnik.mentoring.forms.questions import QuestionFilter
from nastavnik.mentoring.models import Question
from nastavnik.mentoring.selectors.questions import question_list, time_left_label, working_minutes_left
from nastavnik.mentoring.services import questions as services
from nastavnik.mentoring.services.questions import TEXT_MAX
from nastavnik.offices.api import ScopedViewSet
from nastavnik.offices.choices import Role
from nastavnik.offices.models import User


class QuestionSerializer(serializers.ModelSerializer):
    office_name = serializers.CharField(source="office.name", read_only=True)
    assignee_name = serializers.CharField(source="assignee.short_name", read_only=True, default="")
    working_minutes_left = serializers.SerializerMethodField(
        help_text="Рабочих минут до срока (меньше нуля — просрочен); null для отвеченных и неизвестного календаря."
    )
    time_left = serializers.SerializerMethodField()
    is_breached = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id", "office", "office_name", "asked_by", "topic", "text", "asked_at", "due_at", "assignee",
            "assignee_name", "routed_by", "routed_at", "status", "answer", "answered_by", "answered_at",
            "breach_notified_at", "working_minutes_left", "time_left", "is_breached",
        ]  # fmt: skip
        read_only_fields = fields

    def get_working_minutes_left(self, question: Question) -> int | None:
        return working_minutes_left(question.due_at) if question.is_open else None

    def get_time_left(self, question: Question) -> str:
        return time_left_label(question)

    def get_is_breached(self, question: Question) -> bool:
        return question.is_breached(timezone.now())


class QuestionAskSerializer(serializers.Serializer):
    topic = serializers.ChoiceField(choices=QuestionTopic.choices)
    text = serializers.CharField(max_length=TEXT_MAX)


class QuestionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=TEXT_MAX)


class QuestionRouteSerializer(serializers.Serializer):
    specialist = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(role=Role.SPECIALIST, is_active=True))


class QuestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Questions to the account manager: office staff ask (POST), the account manager routes to a specialist
    or answers, within two working hours. Filters: status, topic, office, breached, q."""

    serializer_class = QuestionSerializer
    filterset_class = QuestionFilter

    def scoped_queryset(self) -> QuerySet[Question]:
        return question_list(self.user)

    @extend_schema(request=QuestionAskSerializer, responses={201: QuestionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = QuestionAskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.question_ask(user=self.user, **data.validated_data)
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=QuestionAnswerSerializer, responses=QuestionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: Any = None) -> Response:
        question = self.get_object()
        services.ensure_can_answer(self.user, question)
        data = QuestionAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.question_answer(user=self.user, question=question, **data.validated_data)
        return Response(QuestionSerializer(question).data)

    @extend_schema(request=QuestionRouteSerializer, responses=QuestionSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request: Request, pk: Any = None) -> Response:
        question = self.get_object()
        services.ensure_can_route(self.user, question)
        data = QuestionRouteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.question_route(user=self.user, question=question, **data.validated_data)
        return Response(QuestionSerializer(question).data)


# (prefix, viewset, basename) registered by nastavnik.api_urls
routes: list[tuple[str, Any, str]] = [("questions", QuestionViewSet, "mentoring-question")]
