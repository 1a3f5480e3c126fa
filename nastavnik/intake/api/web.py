"""POST /api/v1/intake/web: a registration from a website, identified by the site's token, without a login."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nastavnik.intake import web_intake

TOKEN_HEADER = "X-Intake-Token"


def _client_address(request: Request) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


class WebRegistrationInput(serializers.Serializer):
    """Documents the accepted fields; the checks themselves live in web_intake.clean_registration."""

    token = serializers.CharField(required=False, help_text="Токен сайта, если его нельзя передать в заголовке.")
    name = serializers.CharField(required=False, allow_blank=True)
    company = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)
    website = serializers.CharField(required=False, allow_blank=True)
    region = serializers.CharField(required=False, allow_blank=True, help_text="Код региона, например 77.")
    message = serializers.CharField(required=False, allow_blank=True)
    material = serializers.CharField(required=False, allow_blank=True, help_text="Скачанный материал.")


class WebIntakeView(APIView):
    """A website posts a registration with its secret token; the flood limit counts per token and per address."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=WebRegistrationInput,
        parameters=[OpenApiParameter(TOKEN_HEADER, str, OpenApiParameter.HEADER, required=False)],
        responses={
            201: inline_serializer(
                "WebRegistrationAccepted", {"id": serializers.IntegerField(), "detail": serializers.CharField()}
            ),
            400: OpenApiResponse(description="Ошибки в полях"),
            401: OpenApiResponse(description="Нет токена"),
            403: OpenApiResponse(description="Неверный или отключённый токен"),
            429: OpenApiResponse(description="Слишком много заявок"),
        },
        tags=["intake"],
    )
    def post(self, request: Request) -> Response:
        too_many = Response(
            {"detail": _("Слишком много заявок. Попробуйте ещё раз через минуту.")},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": "60"},
        )
        if web_intake.rate_limit_exceeded("address", _client_address(request)):
            return too_many
        data = request.data if hasattr(request.data, "get") else {}
        token = str(request.headers.get(TOKEN_HEADER) or data.get("token") or "").strip()
        if not token:
            return Response(
                {"detail": _("Нет токена сайта: передайте его в заголовке X-Intake-Token.")},
                status=status.HTTP_401_UNAUTHORIZED,
                headers={"WWW-Authenticate": TOKEN_HEADER},
            )
        site = web_intake.intake_site_for_token(token)
        if site is None or not site.is_active:
            return Response({"detail": _("Неверный или отключённый токен сайта.")}, status=status.HTTP_403_FORBIDDEN)
        if web_intake.rate_limit_exceeded("site", token):
            return too_many
        try:
            fields = web_intake.clean_registration(data)
            registration = web_intake.web_registration_receive(site=site, **fields)
        except ValidationError as error:
            detail = (
                {
                    ("non_field_errors" if field == "__all__" else field): messages
                    for field, messages in error.message_dict.items()
                }
                if hasattr(error, "error_dict")
                else {"non_field_errors": error.messages}
            )
            return Response(detail, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {"id": registration.pk, "detail": _("Спасибо! Заявка принята, менеджер свяжется с вами.")},
            status=status.HTTP_201_CREATED,
        )
