"""Filter helpers: a filter by a related object offers only the objects the requesting user may see."""

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest

from nastavnik.offices.models import User


def visible(selector: Callable[[User], QuerySet[Any]]) -> Callable[[HttpRequest | None], QuerySet[Any]]:
    """Build a filter queryset from a tenant-scoped selector, so another office's ids are simply invalid."""

    def queryset(request: HttpRequest | None) -> QuerySet[Any]:
        if request is None or not request.user.is_authenticated:
            return selector(User()).none()
        return selector(request.user)  # type: ignore[arg-type]

    return queryset


def scoped_choice(selector: Callable[[User], QuerySet[Any]], **kwargs: Any) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(queryset=visible(selector), **kwargs)
