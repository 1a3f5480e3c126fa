"""GET /api/v1/duplicates/: the duplicate check before a client is entered."""

from typing import cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nastavnik.clients.duplicates import find_duplicates
from nastavnik.offices.models import User

MATCH_KEYS = ["name", "surname", "phone", "email", "email_domain", "website", "inn"]
QUERY_FIELDS = ("name", "surname", "phone", "email", "website", "inn")


class DuplicateQuerySerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    surname = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")
    email = serializers.CharField(required=False, allow_blank=True, max_length=254, default="")
    website = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    inn = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")

    def validate(self, attrs: dict[str, str]) -> dict[str, str]:
        if not any(attrs.get(field, "").strip() for field in QUERY_FIELDS):
            raise serializers.ValidationError(
                _("Укажите хотя бы одно из полей: название, фамилия, телефон, e-mail, сайт или ИНН.")
            )
        return attrs


class DuplicateMatchSerializer(serializers.Serializer):
    company_id = serializers.IntegerField()
    external_id = serializers.CharField(allow_blank=True)
    name = serializers.CharField()
    matched_on = serializers.ListField(child=serializers.ChoiceField(choices=MATCH_KEYS))
    score = serializers.FloatField(min_value=0, max_value=1)
    likely = serializers.BooleanField()


class TakenElsewhereSerializer(serializers.Serializer):
    matched_on = serializers.ListField(child=serializers.ChoiceField(choices=MATCH_KEYS))
    since = serializers.DateField()
    account_manager = serializers.CharField(allow_blank=True)


class DuplicateReportSerializer(serializers.Serializer):
    results = DuplicateMatchSerializer(many=True)
    taken_elsewhere = TakenElsewhereSerializer(many=True)


_DESCRIPTIONS = {
    "name": "Название компании, в любом написании: «ООО „Ромашка“», Romashka LLC.",
    "surname": "Фамилия контактного лица (Иванов найдёт и Иванову).",
    "phone": "Телефон в любом виде; номер без кода города ищется по последним семи цифрам.",
    "email": "E-mail; корпоративный домен ищется отдельно.",
    "website": "Адрес сайта: схема, www, путь и поддомены не важны.",
    "inn": "ИНН (10 или 12 цифр).",
}


class DuplicateCheckView(APIView):
    """Possible duplicates of a client among the companies the caller sees, and whether another office works it."""

    @extend_schema(
        operation_id="duplicates_check",
        parameters=[
            OpenApiParameter(field, str, required=False, description=_DESCRIPTIONS[field]) for field in QUERY_FIELDS
        ],
        responses={
            200: DuplicateReportSerializer,
            400: OpenApiResponse(description="Не указано ни одно поле для поиска"),
            401: OpenApiResponse(description="Нет входа или токена"),
        },
        tags=["clients"],
    )
    def get(self, request: Request) -> Response:
        query = DuplicateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        report = find_duplicates(user=cast(User, request.user), **query.validated_data)
        return Response(DuplicateReportSerializer(report).data)
