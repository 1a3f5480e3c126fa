"""REST API of the office development path: the template's stages, each office's tasks, marking them done."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from nastavnik.mentoring.models import DevelopmentStage, DevelopmentTask, DevelopmentTaskTemplate
from nastavnik.mentoring.selectors.development import development_tasks_for
from nastavnik.mentoring.services.development import (
    development_task_add,
    development_task_complete,
    development_task_reopen,
)
from nastavnik.offices.api import ScopedPrimaryKeyRelatedField, ScopedViewSet
from nastavnik.offices.selectors import offices_for


class DevelopmentTaskTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = DevelopmentTaskTemplate
        fields = ["id", "title", "due_days"]


class DevelopmentStageSerializer(serializers.ModelSerializer):
    tasks = DevelopmentTaskTemplateSerializer(many=True, read_only=True)

    class Meta:
        model = DevelopmentStage
        fields = ["id", "name", "order", "description", "tasks"]


class DevelopmentTaskSerializer(serializers.ModelSerializer):
    office = ScopedPrimaryKeyRelatedField(scope=offices_for)
    office_name = serializers.CharField(source="office.name", read_only=True)
    stage_name = serializers.CharField(source="stage.name", read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = DevelopmentTask
        fields = [
            "id",
            "office",
            "office_name",
            "stage",
            "stage_name",
            "title",
            "due_on",
            "is_overdue",
            "template",
            "done_at",
            "done_by",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["template", "done_at", "done_by", "created_by", "created_at"]

    def get_is_overdue(self, task: DevelopmentTask) -> bool:
        return task.done_at is None and task.due_on < timezone.localdate()


class DevelopmentTaskFilter(django_filters.FilterSet):
    is_done = django_filters.BooleanFilter(field_name="done_at", lookup_expr="isnull", exclude=True)
    is_overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = DevelopmentTask
        fields = ["office", "stage", "is_done", "is_overdue"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = {"done_at__isnull": True, "due_on__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class DevelopmentStageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The path template everyone reads: stages in order with their tasks and day offsets (edited in the admin)."""

    serializer_class = DevelopmentStageSerializer
    filter_backends: list[Any] = []

    def scoped_queryset(self) -> QuerySet[DevelopmentStage]:
        return DevelopmentStage.objects.prefetch_related("tasks")


class DevelopmentTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    """Each office's path tasks; the account manager adds extra ones, the office or the AM marks them done."""

    serializer_class = DevelopmentTaskSerializer
    filterset_class = DevelopmentTaskFilter

    def scoped_queryset(self) -> QuerySet[DevelopmentTask]:
        return development_tasks_for(self.user).order_by("office", "stage__order", "due_on", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        task = development_task_add(user=self.user, **dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=task.pk)

    @extend_schema(request=None, responses=DevelopmentTaskSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        task = development_task_complete(user=self.user, task=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)

    @extend_schema(request=None, responses=DevelopmentTaskSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        task = development_task_reopen(user=self.user, task=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)


routes: list[tuple[str, Any, str]] = [
    ("development-stages", DevelopmentStageViewSet, "mentoring-development-stage"),
    ("development-tasks", DevelopmentTaskViewSet, "mentoring-development-task"),
]
