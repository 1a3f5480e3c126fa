"""Companies and contacts as the API reads and writes them; rules are checked by the services."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from nastavnik.clients.models import Company, Contact
from nastavnik.clients.selectors import companies_for, tags_for
from nastavnik.offices.api import ScopedPrimaryKeyRelatedField
from nastavnik.offices.selectors import offices_for, users_for


class CompanySerializer(serializers.ModelSerializer):
    office = ScopedPrimaryKeyRelatedField(
        scope=offices_for,
        required=False,
        help_text=_("Представительство; по умолчанию — ваше. Задаётся только при создании."),
    )
    responsible = ScopedPrimaryKeyRelatedField(scope=users_for, required=False, allow_null=True)
    tags = ScopedPrimaryKeyRelatedField(scope=tags_for, many=True, required=False)
    display_name = serializers.CharField(read_only=True)
    responsible_name = serializers.CharField(source="responsible.short_name", read_only=True, default="")
    contact_count = serializers.IntegerField(read_only=True)
    deal_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Company
        fields = [
            "id",
            "office",
            "name",
            "display_name",
            "legal_form",
            "inn",
            "website",
            "industry",
            "region",
            "source",
            "site_traffic_monthly",
            "preferred_channel",
            "responsible",
            "responsible_name",
            "status",
            "tags",
            "notes",
            "external_id",
            "contact_count",
            "deal_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class PhoneListField(serializers.ListField):
    """Phones are written as strings in any Russian notation and read back normalised and formatted."""

    child = serializers.CharField(allow_blank=True, max_length=40)

    def to_representation(self, data: Any) -> list[dict[str, str]]:
        phones = data.all() if hasattr(data, "all") else data
        return [{"number": phone.number, "display": phone.display, "extension": phone.extension} for phone in phones]


class EmailListField(serializers.ListField):
    """E-mails are checked by the service, which reports every bad one in Russian at once."""

    child = serializers.CharField(allow_blank=True, max_length=254)

    def to_representation(self, data: Any) -> list[str]:
        emails = data.all() if hasattr(data, "all") else data
        return [email.email for email in emails]


class PhoneListFieldSchema(OpenApiSerializerFieldExtension):
    target_class = PhoneListField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        if direction == "request":
            return build_array_type(build_basic_type(OpenApiTypes.STR))  # type: ignore[arg-type]
        phone = build_object_type(
            properties={
                "number": build_basic_type(OpenApiTypes.STR),
                "display": build_basic_type(OpenApiTypes.STR),
                "extension": build_basic_type(OpenApiTypes.STR),
            },
            required=["number", "display", "extension"],
        )
        return build_array_type(phone)


class ContactSerializer(serializers.ModelSerializer):
    company = ScopedPrimaryKeyRelatedField(scope=companies_for)
    full_name = serializers.CharField(read_only=True)
    phones = PhoneListField(
        required=False, help_text=_("Номера в любой записи: «8 (495) 123-45-67 доб. 12», «+7 495 1234567».")
    )
    emails = EmailListField(required=False)

    class Meta:
        model = Contact
        fields = [
            "id",
            "company",
            "surname",
            "first_name",
            "patronymic",
            "full_name",
            "position",
            "is_decision_maker",
            "preferred_channel",
            "birthday",
            "is_current",
            "phones",
            "emails",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class CompanyMergeSerializer(serializers.Serializer):
    # The public field name is "source"; DRF takes declared fields off the class, so Field.source is not shadowed.
    source = ScopedPrimaryKeyRelatedField(  # type: ignore[assignment]
        scope=companies_for,
        help_text=_("Компания, которая вливается в эту и удаляется; того же представительства."),
    )
