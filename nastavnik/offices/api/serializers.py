"""Offices, people and API tokens as the API shows them."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nastavnik.offices.models import ApiToken, Office, User


class OfficeSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True, default="")

    class Meta:
        model = Office
        fields = [
            "id",
            "code",
            "kind",
            "name",
            "legal_name",
            "inn",
            "city",
            "region",
            "region_name",
            "franchise_started_on",
            "owner",
            "account_manager",
            "status",
        ]
        read_only_fields = fields


class UserSerializer(serializers.ModelSerializer):
    short_name = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "last_name",
            "first_name",
            "patronymic",
            "short_name",
            "full_name",
            "phone",
            "role",
            "specialist_area",
            "office",
            "regions",
            "is_active",
        ]
        read_only_fields = fields


class ApiTokenSerializer(serializers.ModelSerializer):
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "is_active", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = ["id", "prefix", "is_active", "created_at", "last_used_at", "revoked_at"]
        extra_kwargs = {"name": {"required": False, "allow_blank": True}}


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text=_("Ключ показывается один раз: сохраните его сразу."))

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
