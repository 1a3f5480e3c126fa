"""Web pages of recommendations: the office's list the partner owner checks staff by, one recommendation, a new one."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from nastavnik.mentoring.choices import RecommendationSource
from nastavnik.mentoring.forms.recommendations import (
    RecommendationApplyForm,
    RecommendationCreateForm,
    RecommendationFilterForm,
)
from nastavnik.mentoring.selectors import recommendations as selectors
from nastavnik.mentoring.services.recommendations import recommendation_apply, recommendation_give
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import has_full_access, offices_for, users_for
from nastavnik.web.forms import add_service_errors
from nastavnik.web.pages import acting_user, paginate, posted, render_page


def mentored_offices(user: User) -> Any:
    """Offices where the user gives advice: their own as an account manager, every one for admins and heads."""
    if has_full_access(user):
        return Office.objects.filter(kind="partner")
    if user.role == Role.ACCOUNT_MANAGER:
        return offices_for(user)
    return Office.objects.none()


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    offices = offices_for(user)
    form = RecommendationFilterForm(
        request.GET or None, offices=offices, people=users_for(user).filter(office__in=offices)
    )
    rows = selectors.recommendation_list(user)
    if form.is_valid():
        data = form.cleaned_data
        rows = selectors.filter_by_state(rows, data["state"])
        rows = rows.filter(source=data["source"]) if data["source"] else rows
        rows = rows.filter(office=data["office"]) if data["office"] else rows
        rows = rows.filter(assignee=data["assignee"]) if data["assignee"] else rows
    context = {
        "form": form,
        "page": paginate(request, rows.order_by("-created_at", "-pk")),
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "show_office": offices.count() > 1,
        "can_create": mentored_offices(user).exists(),
    }
    return render_page(
        request,
        "mentoring/recommendations/list.html",
        "mentoring/recommendations/partials/results.html",
        context,
    )


@login_required
def recommendation_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    offices = mentored_offices(user)
    if not offices.exists():
        raise PermissionDenied(_("Рекомендации дают аккаунт-менеджеры."))
    form = RecommendationCreateForm(posted(request), offices=offices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recommendation = recommendation_give(
                author=user,
                office=data["office"],
                source=RecommendationSource.OTHER,
                text=data["text"],
                assignee=data["assignee"],
                due_on=data["due_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Рекомендация отправлена."))
            return redirect("mentoring:recommendations-detail", pk=recommendation.pk)
    return render(request, "mentoring/recommendations/create.html", {"form": form})


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One recommendation; the assignee or the office's owner or a manager marks it applied here."""
    user = acting_user(request)
    recommendation = get_object_or_404(selectors.recommendation_list(user), pk=pk)
    can_apply = selectors.can_apply(user, recommendation)
    form = RecommendationApplyForm(posted(request))
    if request.method == "POST":
        if not can_apply and recommendation.applied_at is None:
            raise PermissionDenied(
                _("Отметить рекомендацию может исполнитель, владелец или менеджер представительства.")
            )
        if form.is_valid():
            try:
                recommendation_apply(user=user, recommendation=recommendation, note=form.cleaned_data["note"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Рекомендация отмечена применённой."))
                return redirect("mentoring:recommendations-detail", pk=recommendation.pk)
    context = {"recommendation": recommendation, "form": form, "can_apply": can_apply}
    return render(request, "mentoring/recommendations/detail.html", context)


urlpatterns = [
    path("recommendations/", recommendation_list, name="recommendations-list"),
    path("recommendations/new/", recommendation_create, name="recommendations-create"),
    path("recommendations/<int:pk>/", recommendation_detail, name="recommendations-detail"),
]
