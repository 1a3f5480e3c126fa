"""What every page view shares: full page or HTMX fragment, pagination, scoped filter forms."""

from typing import Any

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_filters import FilterSet

from nastavnik.clients.selectors import companies_for
from nastavnik.offices.models import User
from nastavnik.offices.selectors import offices_for, users_for
from nastavnik.web.forms import style_form

PAGE_SIZE = 25


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind login_required, typed as ours."""
    return request.user  # type: ignore[return-value]


def wants_fragment(request: HttpRequest) -> bool:
    """An HTMX request gets the fragment; a history restore needs the whole page."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def render_page(
    request: HttpRequest, template: str, fragment: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """One view serves the full page and its HTMX fragment."""
    response = render(request, fragment if wants_fragment(request) else template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def posted(request: HttpRequest) -> Any:
    """The submitted data for a form, or None on GET (an empty POST still binds the form)."""
    return request.POST if request.method == "POST" else None


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def scoped_filterset(filterset_class: type[FilterSet], request: HttpRequest, queryset: QuerySet) -> FilterSet:
    """A filter set whose choices show only what the user may see (no names from other offices)."""
    user: User = request.user  # type: ignore[assignment]
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    scoped = {
        "office": offices_for(user),
        "responsible": users_for(user),
        "owner": users_for(user),
        "agent": users_for(user),
        "company": companies_for(user),
    }
    for name, choices in scoped.items():
        if name in filterset.filters:
            filterset.filters[name].queryset = choices  # type: ignore[attr-defined]
    for filter_ in filterset.filters.values():
        if "empty_label" in filter_.extra or isinstance(filter_, django_filters.ChoiceFilter):
            filter_.extra["empty_label"] = _("Все")
    form = style_form(filterset.form)
    for field in form.fields.values():
        if isinstance(field, forms.NullBooleanField):
            field.widget = forms.Select(choices=[("", _("Все")), ("true", _("Да")), ("false", _("Нет"))])
    return filterset


def list_context(request: HttpRequest, filterset: FilterSet, default_ordering: list[str]) -> dict[str, Any]:
    """What a list page shows: the filter form, one page of rows, and whether any filter is on."""
    return {
        "filter": filterset,
        "page": paginate(request, filtered(filterset, default_ordering)),
        "is_filtered": any(value for key, value in request.GET.items() if key not in ("page", "ordering")),
    }


def filtered(filterset: FilterSet, default_ordering: list[str]) -> QuerySet:
    """The filtered rows in a stable order (pk breaks ties so pages never repeat a row)."""
    queryset = filterset.qs
    return queryset.order_by(*(list(queryset.query.order_by) or default_ordering), "pk")


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ?next= (or posted next) address when it stays on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback
