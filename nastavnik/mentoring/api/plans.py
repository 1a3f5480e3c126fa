"""REST API of monthly plans: targets, progress (plan, fact, forecast) and the cycle of actions."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from nastavnik.mentoring.forms.plans import MonthField
from nastavnik.mentoring.models import MonthlyPlan, PlanAction
from nastavnik.mentoring.selectors.plans import plan_actions_for, plan_progress, plans_for
from nastavnik.mentoring.services import plans as services
from nastavnik.offices.api import ScopedPrimaryKeyRelatedField, ServiceViewSet
from nastavnik.offices.selectors import offices_for, users_for


class MonthFieldSerializer(serializers.DateField):
    """A month as YYYY-MM or any date in it; answered as the first day."""

    def to_internal_value(self, value: Any) -> Any:
        try:
            return MonthField().clean(value)
        except DjangoValidationError:
            raise serializers.ValidationError(str(_("Укажите месяц в формате ГГГГ-ММ."))) from None


class MonthlyPlanSerializer(serializers.ModelSerializer):
    office = ScopedPrimaryKeyRelatedField(scope=offices_for, help_text=_("Задаётся только при создании."))
    month = MonthFieldSerializer(help_text=_("ГГГГ-ММ; задаётся только при создании."))
    office_name = serializers.CharField(source="office.name", read_only=True)
    agreed_by_name = serializers.CharField(source="agreed_by.short_name", read_only=True, default="")

    class Meta:
        model = MonthlyPlan
        fields = ["id", "office", "office_name", "month", "target", "note", "agreed_by", "agreed_by_name", "agreed_at"]
        read_only_fields = ["agreed_by", "agreed_at"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | QuerySet):
            fields["office"].read_only = True
            fields["month"].read_only = True
        return fields


class PlanProgressSerializer(serializers.Serializer):
    month = serializers.DateField()
    target = serializers.DecimalField(max_digits=14, decimal_places=2)
    fact = serializers.DecimalField(max_digits=14, decimal_places=2)
    forecast = serializers.DecimalField(max_digits=14, decimal_places=2)
    percent = serializers.IntegerField(allow_null=True)
    forecast_percent = serializers.IntegerField(allow_null=True)
    days_total = serializers.IntegerField(
        help_text=_("Рабочих дней в месяце (календарных, если календарь неизвестен).")
    )
    days_elapsed = serializers.IntegerField()
    working_days = serializers.BooleanField()


class MonthlyPlanViewSet(ServiceViewSet):
    """An office's target per month, agreed by its account manager (or a head); the office reads it."""

    serializer_class = MonthlyPlanSerializer
    filterset_fields = ["office", "month"]

    def scoped_queryset(self) -> QuerySet[MonthlyPlan]:
        return plans_for(self.user).order_by("-month", "office__name", "pk")

    def create_object(self, data: dict[str, Any]) -> MonthlyPlan:
        return services.monthly_plan_set(user=self.user, **data)

    def update_object(self, instance: MonthlyPlan, data: dict[str, Any]) -> MonthlyPlan:
        return services.monthly_plan_update(
            user=self.user,
            plan=instance,
            target=data.get("target", instance.target),
            note=data.get("note", instance.note),
        )

    @extend_schema(responses=PlanProgressSerializer)
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """Plan versus fact (received payments in the month) and the run-rate forecast over working days."""
        plan = self.get_object()
        return Response(PlanProgressSerializer(plan_progress(office=plan.office, month=plan.month)).data)


class PlanActionSerializer(serializers.ModelSerializer):
    plan = ScopedPrimaryKeyRelatedField(scope=plans_for, help_text=_("Задаётся только при создании."))
    assignee = ScopedPrimaryKeyRelatedField(scope=users_for, required=False, allow_null=True)
    assignee_name = serializers.CharField(source="assignee.short_name", read_only=True, default="")

    class Meta:
        model = PlanAction
        fields = ["id", "plan", "title", "assignee", "assignee_name", "due_on", "done_at", "done_by", "created_by"]
        read_only_fields = ["done_at", "done_by", "created_by"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | QuerySet):
            fields["plan"].read_only = True
        return fields


class DoneSerializer(serializers.Serializer):
    done = serializers.BooleanField(default=True)


class PlanActionViewSet(mixins.DestroyModelMixin, ServiceViewSet):
    """The plan's cycle of actions: the account manager adds and edits them, the office marks them done."""

    serializer_class = PlanActionSerializer
    filterset_fields = ["plan", "assignee"]

    def scoped_queryset(self) -> QuerySet[PlanAction]:
        return plan_actions_for(self.user).order_by("due_on", "pk")

    def create_object(self, data: dict[str, Any]) -> PlanAction:
        return services.plan_action_create(user=self.user, **data)

    def update_object(self, instance: PlanAction, data: dict[str, Any]) -> PlanAction:
        return services.plan_action_update(user=self.user, action=instance, **data)

    def perform_destroy(self, instance: PlanAction) -> None:
        services.plan_action_delete(user=self.user, action=instance)

    @extend_schema(request=DoneSerializer, responses=PlanActionSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        """Mark the step done (or, with done=false, open again)."""
        instance = self.get_object()
        serializer = DoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.plan_action_set_done(user=self.user, action=instance, done=serializer.validated_data["done"])
        instance.refresh_from_db()
        return Response(self.get_serializer(instance).data, status=status.HTTP_200_OK)


routes: list[tuple[str, Any, str]] = [
    ("plans", MonthlyPlanViewSet, "mentoring-plans"),
    ("plan-actions", PlanActionViewSet, "mentoring-plan-actions"),
]
