"""REST API of status update requests: the account manager asks an office, the office answers per client."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from nastavnik.activities.selectors import activities_for
from nastavnik.lib.phone import format_phone
from nastavnik.mentoring.models import StatusAnswer, StatusRequest
from nastavnik.mentoring.selectors.status_requests import status_answers_for, status_requests_for
from nastavnik.mentoring.services.status_requests import (
    status_answer_submit,
    status_request_create,
    status_request_stop_repeating,
)
from nastavnik.offices.api import ScopedPrimaryKeyRelatedField, ScopedViewSet
from nastavnik.offices.selectors import offices_for


class StatusRequestSerializer(serializers.ModelSerializer):
    office = ScopedPrimaryKeyRelatedField(scope=offices_for)
    office_name = serializers.CharField(source="office.name", read_only=True)
    requested_by_name = serializers.CharField(source="requested_by.short_name", read_only=True)
    answers_total = serializers.IntegerField(read_only=True)
    answers_done = serializers.IntegerField(read_only=True)

    class Meta:
        model = StatusRequest
        fields = [
            "id",
            "office",
            "office_name",
            "scope",
            "note",
            "due_on",
            "recurrence",
            "next_run_on",
            "repeated_from",
            "requested_by",
            "requested_by_name",
            "answers_total",
            "answers_done",
            "completed_at",
            "created_at",
        ]
        read_only_fields = ["next_run_on", "repeated_from", "requested_by", "completed_at", "created_at"]
        extra_kwargs = {"recurrence": {"required": False}}


class StatusAnswerSerializer(serializers.ModelSerializer):
    company_name = serializers.CharField(source="company.display_name", read_only=True)
    mobile_phone_display = serializers.SerializerMethodField()
    recordings = ScopedPrimaryKeyRelatedField(
        scope=activities_for, many=True, required=False, help_text=_("Звонки этого клиента с записью.")
    )
    # Validated by the service (normalised mobile, e-mail), so that both edges give the same messages.
    mobile_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)

    class Meta:
        model = StatusAnswer
        fields = [
            "id",
            "request",
            "company",
            "company_name",
            "comment",
            "mobile_phone",
            "mobile_phone_display",
            "email",
            "recordings",
            "answered_by",
            "answered_at",
        ]
        read_only_fields = ["request", "company", "answered_by", "answered_at"]
        extra_kwargs = {"comment": {"required": False, "allow_blank": True}}

    def get_mobile_phone_display(self, answer: StatusAnswer) -> str:
        return format_phone(answer.mobile_phone)


class StatusRequestFilter(django_filters.FilterSet):
    is_complete = django_filters.BooleanFilter(field_name="completed_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = StatusRequest
        fields = ["office", "scope", "recurrence", "is_complete"]


class StatusRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    """Requests for the current situation of an office's clients; created by the office's account manager."""

    serializer_class = StatusRequestSerializer
    filterset_class = StatusRequestFilter

    def scoped_queryset(self) -> QuerySet[StatusRequest]:
        return status_requests_for(self.user).order_by("-created_at", "-pk")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data: dict[str, Any] = dict(serializer.validated_data)
        created = status_request_create(user=self.user, **data)
        serializer.instance = self.get_queryset().get(pk=created.pk)

    @extend_schema(request=None, responses=StatusRequestSerializer)
    @action(detail=True, methods=["post"], url_path="stop-repeating")
    def stop_repeating(self, request: Request, pk: str | None = None) -> Response:
        """Stop a recurring request from creating the next one."""
        status_request_stop_repeating(user=self.user, request=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data)


class StatusAnswerFilter(django_filters.FilterSet):
    is_answered = django_filters.BooleanFilter(field_name="answered_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = StatusAnswer
        fields = ["request", "company", "is_answered"]


class StatusAnswerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """One row per client of a request; the office answers with PUT or PATCH."""

    serializer_class = StatusAnswerSerializer
    filterset_class = StatusAnswerFilter

    def scoped_queryset(self) -> QuerySet[StatusAnswer]:
        return status_answers_for(self.user).prefetch_related("recordings").order_by("request", "company__name", "pk")

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        answer: StatusAnswer = serializer.instance  # type: ignore[assignment]
        data = dict(serializer.validated_data)
        status_answer_submit(
            user=self.user,
            answer=answer,
            comment=data.get("comment", answer.comment),
            mobile_phone=data.get("mobile_phone", answer.mobile_phone),
            email=data.get("email", answer.email),
            recordings=data["recordings"] if "recordings" in data else list(answer.recordings.all()),
        )
        serializer.instance = self.get_queryset().get(pk=answer.pk)


routes: list[tuple[str, Any, str]] = [
    ("status-requests", StatusRequestViewSet, "mentoring-status-request"),
    ("status-answers", StatusAnswerViewSet, "mentoring-status-answer"),
]
