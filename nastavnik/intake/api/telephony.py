"""The PBX integration: who should take an incoming call, and the log of finished calls (token of an admin)."""

from typing import Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nastavnik.intake import selectors, services
from nastavnik.intake.models import TelephonyCall
from nastavnik.offices.models import User


class CallRouteSerializer(serializers.Serializer):
    user_id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    reason = serializers.ChoiceField(choices=["open_deal_owner", "duty_manager", "none"])
    company_id = serializers.IntegerField(allow_null=True)


class TelephonyCallInput(serializers.Serializer):
    call_id = serializers.CharField(max_length=100, help_text="Id звонка в АТС: повтор с тем же id ничего не меняет.")
    caller = serializers.CharField(max_length=40, help_text="Номер звонящего.")
    called = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Кому звонили: e-mail или id сотрудника."
    )
    started_at = serializers.DateTimeField()
    duration = serializers.IntegerField(min_value=0, help_text="Длительность, секунд.")
    recording_url = serializers.URLField(required=False, allow_blank=True, default="", max_length=500)
    recording = serializers.FileField(required=False, allow_null=True, default=None, help_text="Файл записи.")


class TelephonyCallResultSerializer(serializers.ModelSerializer):
    call_id = serializers.CharField(source="pbx_call_id")
    routed_to = serializers.IntegerField(source="routed_to_id", allow_null=True)
    routed_to_name = serializers.SerializerMethodField()
    called_user = serializers.IntegerField(source="called_user_id", allow_null=True)
    company_id = serializers.IntegerField(allow_null=True)
    activity_id = serializers.IntegerField(allow_null=True)
    card_id = serializers.SerializerMethodField()

    class Meta:
        model = TelephonyCall
        fields = [
            "id", "call_id", "caller", "called_user", "started_at", "duration_seconds", "recording_url",
            "outcome", "routed_to", "routed_to_name", "company_id", "activity_id", "card_id",
        ]  # fmt: skip

    def get_routed_to_name(self, call: TelephonyCall) -> str:
        return str(call.routed_to) if call.routed_to else ""

    def get_card_id(self, call: TelephonyCall) -> int | None:
        card = services.telephony_call_card(call)
        return card.pk if card else None


class TelephonyRouteView(APIView):
    """Who should take an incoming call: the owner of the caller's open deal when present, else the duty manager."""

    @extend_schema(
        operation_id="telephony_route",
        parameters=[
            OpenApiParameter("caller", str, required=True, description="Номер звонящего, например +74951234567")
        ],
        responses={
            200: CallRouteSerializer,
            400: OpenApiResponse(description="Неверный номер телефона"),
            401: OpenApiResponse(description="Нет токена"),
            403: OpenApiResponse(description="Токен не системной учётной записи"),
        },
        tags=["telephony"],
    )
    def get(self, request: Request) -> Response:
        services.ensure_telephony_access(cast(User, request.user))
        caller = request.query_params.get("caller", "")
        try:
            selectors.caller_phone(caller)
        except selectors.PhoneInputError as error:
            return Response({"caller": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        route = services.telephony_route(caller=caller)
        data: dict[str, Any] = {
            "user_id": route.user.pk if route.user else None,
            "name": route.user.full_name if route.user else "",
            "email": route.user.email if route.user else "",
            "reason": route.reason,
            "company_id": route.company.pk if route.company else None,
        }
        return Response(CallRouteSerializer(data).data)


class TelephonyCallView(APIView):
    """Log a finished call (JSON, or multipart with the recording file); a repeated call_id answers 200."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="telephony_call_log",
        request={"application/json": TelephonyCallInput, "multipart/form-data": TelephonyCallInput},
        responses={
            201: TelephonyCallResultSerializer,
            200: TelephonyCallResultSerializer,
            400: OpenApiResponse(description="Ошибки в полях"),
            401: OpenApiResponse(description="Нет токена"),
            403: OpenApiResponse(description="Токен не системной учётной записи"),
        },
        tags=["telephony"],
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        services.ensure_telephony_access(user)
        existing = TelephonyCall.objects.filter(pbx_call_id=str(request.data.get("call_id", "")).strip()).first()
        if existing is not None:
            return Response(TelephonyCallResultSerializer(existing).data, status=status.HTTP_200_OK)
        serializer = TelephonyCallInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        call, created = services.telephony_call_log(
            user=user,
            call_id=data["call_id"],
            caller=data["caller"],
            called=data["called"],
            started_at=data["started_at"],
            duration=data["duration"],
            recording_url=data["recording_url"],
            recording=data["recording"],
        )
        body = TelephonyCallResultSerializer(call).data
        if created:
            body["detail"] = _("Звонок записан.")
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
