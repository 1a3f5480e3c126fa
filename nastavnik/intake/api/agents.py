"""Agents in the API: call lists with their entries, recording a call's outcome, web registrations, commissions."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from nastavnik.intake import agents, web_intake
from nastavnik.intake.choices import CallOutcome
from nastavnik.intake.models import CallList, CallListEntry, Commission, WebRegistration
from nastavnik.offices.api import ScopedViewSet


class CallListSerializer(serializers.ModelSerializer):
    entry_count = serializers.IntegerField(read_only=True)
    pending_count = serializers.IntegerField(read_only=True)
    meeting_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CallList
        fields = ["id", "office", "name", "agent", "created_at", "entry_count", "pending_count", "meeting_count"]


class CallListEntrySerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = CallListEntry
        fields = [
            "id", "call_list", "company_name", "contact_name", "phone", "email", "website", "region",
            "outcome", "note", "called_at", "meeting_at", "company", "contact", "deal",
        ]  # fmt: skip
        read_only_fields = fields


class EntryOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[c for c in CallOutcome.choices if c[0] != CallOutcome.PENDING])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    meeting_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class CommissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commission
        fields = ["id", "deal", "user", "percent", "amount", "created_at"]


class WebRegistrationSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = WebRegistration
        fields = [
            "id", "site", "received_at", "name", "company_name", "phone", "email", "website", "region",
            "message", "material", "outcome", "company", "deal", "assigned_to", "agent",
        ]  # fmt: skip


class CallListViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Call lists the caller may see (an agent: their own). Import them in the web UI."""

    serializer_class = CallListSerializer

    def scoped_queryset(self) -> QuerySet[CallList]:
        return agents.call_list_list(self.user)


class CallListEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The rows of the visible call lists; POST …/outcome/ records a call (a booked meeting opens the deal)."""

    serializer_class = CallListEntrySerializer
    filterset_fields = ["call_list", "outcome"]

    def scoped_queryset(self) -> QuerySet[CallListEntry]:
        return agents.call_list_entries_for(self.user).select_related("region", "call_list").order_by("pk")

    @extend_schema(request=EntryOutcomeSerializer, responses=CallListEntrySerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: Any = None) -> Response:
        entry = self.get_object()
        data = EntryOutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agents.call_list_entry_record(user=self.user, entry=entry, **data.validated_data)
        return Response(CallListEntrySerializer(entry).data)


class CommissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Commissions: a person's own; a head sees everyone's."""

    serializer_class = CommissionSerializer

    def scoped_queryset(self) -> QuerySet[Commission]:
        return agents.commissions_for(self.user).order_by("-created_at", "-pk")


class WebRegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The intake inbox: registrations from the websites of the visible offices and how each was routed."""

    serializer_class = WebRegistrationSerializer
    filterset_fields = ["outcome", "site", "assigned_to"]

    def scoped_queryset(self) -> QuerySet[WebRegistration]:
        return web_intake.web_registration_list(self.user)
