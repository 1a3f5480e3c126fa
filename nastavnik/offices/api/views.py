"""Offices and people (read only) and the caller's own API tokens."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import filters, mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from nastavnik.offices.api import ScopedViewSet
from nastavnik.offices.api.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenSerializer,
    OfficeSerializer,
    UserSerializer,
)
from nastavnik.offices.models import ApiToken, Office, User
from nastavnik.offices.selectors import api_tokens_for, offices_for, users_for
from nastavnik.offices.services import api_token_create, api_token_revoke


class OfficeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The offices the caller may see: all for admins and heads, the mentored ones for an account manager."""

    serializer_class = OfficeSerializer
    filter_backends = [filters.SearchFilter]
    search_fields = ["name", "code", "city", "legal_name"]

    def scoped_queryset(self) -> QuerySet[Office]:
        return offices_for(self.user).select_related("region")


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Staff of the visible offices and their account managers."""

    serializer_class = UserSerializer
    filter_backends = [filters.SearchFilter]
    search_fields = ["last_name", "first_name", "email"]

    def scoped_queryset(self) -> QuerySet[User]:
        return users_for(self.user).prefetch_related("regions")


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """The caller's own tokens for `Authorization: Token <key>`; deleting a token revokes it."""

    serializer_class = ApiTokenSerializer
    filter_backends: list[Any] = []

    def scoped_queryset(self) -> QuerySet[ApiToken]:
        return api_tokens_for(self.user)

    @extend_schema(request=ApiTokenSerializer, responses={201: ApiTokenCreatedSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = api_token_create(user=self.user, name=serializer.validated_data.get("name", ""))
        data = {**ApiTokenSerializer(token).data, "key": key}
        return Response(data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: ApiToken) -> None:
        api_token_revoke(user=self.user, token=instance)

    @extend_schema(request=None, responses={200: ApiTokenSerializer, 404: OpenApiResponse(description=_("Нет токена"))})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        token = self.get_object()
        api_token_revoke(user=self.user, token=token)
        return Response(ApiTokenSerializer(token).data)
