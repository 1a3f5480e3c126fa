"""The timeline of the visible companies: list, log, correct; recordings play through the same access rules."""

import mimetypes
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from nastavnik.activities.api.serializers import ActivitySerializer
from nastavnik.activities.filters import ActivityFilter
from nastavnik.activities.models import Activity
from nastavnik.activities.selectors import activity_list
from nastavnik.activities.services import activity_create, activity_update
from nastavnik.offices.api import AnyMediaRenderer, ServiceViewSet


class ActivityViewSet(ServiceViewSet):
    """Calls, e-mails, meetings, notes, proposals and tasks; an agent sees entries without a deal or on their deals."""

    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter

    def scoped_queryset(self) -> QuerySet[Activity]:
        return activity_list(self.user)

    def create_object(self, data: dict[str, Any]) -> Activity:
        return activity_create(user=self.user, **data)

    def update_object(self, instance: Activity, data: dict[str, Any]) -> Activity:
        return activity_update(user=self.user, activity=instance, **data)

    @extend_schema(
        responses={
            (200, "audio/*"): OpenApiResponse(OpenApiTypes.BINARY, description=_("Аудиофайл записи звонка")),
            404: OpenApiResponse(description=_("Нет такой записи или к ней нет доступа")),
        }
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, AnyMediaRenderer])
    def recording(self, request: Request, pk: str | None = None) -> FileResponse:
        activity = self.get_object()
        if not activity.recording:
            raise Http404
        content_type = mimetypes.guess_type(activity.recording.name)[0] or "application/octet-stream"
        return FileResponse(activity.recording.open("rb"), content_type=content_type)
