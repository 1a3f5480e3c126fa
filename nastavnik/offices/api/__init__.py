"""Building blocks shared by every app's API: tenant-scoped related fields, pagination, the service viewset."""

import json
from collections.abc import Callable, Mapping
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, renderers, serializers, viewsets
from rest_framework.pagination import PageNumberPagination

from nastavnik.offices.models import User


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related id accepted only among the objects the caller may see; another office's id is "does not exist"."""

    def __init__(self, *, scope: Callable[[User], QuerySet[Any]], **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        # Selectors give an anonymous caller nothing; schema generation has no request at all.
        user = getattr(self.context.get("request"), "user", None) or AnonymousUser()
        return self.scope(cast(User, user))


class ApiPagination(PageNumberPagination):
    """Pages of 50 by default; integrations may ask for up to 200 with ?page_size=."""

    page_size_query_param = "page_size"
    max_page_size = 200


class AnyMediaRenderer(renderers.BaseRenderer):
    """Lets a file download pass content negotiation whatever the Accept header (an <audio> element) asks for."""

    media_type = "*/*"
    format = "file"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Mapping[str, Any] | None = None
    ) -> bytes:
        return json.dumps(data, ensure_ascii=False).encode()


class ScopedViewSet(viewsets.GenericViewSet):
    """Reads come from a tenant-scoped selector, so what the caller may not see is a 404 or absent from lists."""

    pagination_class = ApiPagination
    filter_backends = [DjangoFilterBackend]

    @property
    def user(self) -> User:
        # IsAuthenticated has already turned anonymous callers away.
        return cast(User, self.request.user)

    def scoped_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.scoped_queryset()


class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """List, read, create and update; the serializer checks the input, a service does every write.

    Business records are never deleted through the API: they are deactivated or archived by status.
    """

    def create_object(self, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def update_object(self, instance: Any, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        serializer.instance = self._reload(self.create_object(dict(serializer.validated_data)))

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        instance = self.update_object(serializer.instance, dict(serializer.validated_data))
        serializer.instance = self._reload(instance)

    def _reload(self, instance: Model) -> Model:
        """Answer with the same row the list shows (annotations, prefetched tags and phones)."""
        return self.get_queryset().filter(pk=instance.pk).first() or instance
