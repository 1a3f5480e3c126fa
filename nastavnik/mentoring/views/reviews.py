"""Web pages of call reviews: the list (the office's feedback history), a request, one review, the score trend."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.mentoring.choices import CallReviewStatus, RecommendationSource
from nastavnik.mentoring.forms.recommendations import RecommendationForm
from nastavnik.mentoring.forms.reviews import (
    CallReviewFeedbackForm,
    CallReviewFilterForm,
    CallReviewRequestForm,
    CallReviewSendForm,
)
from nastavnik.mentoring.models import CallReview
from nastavnik.mentoring.selectors import reviews as selectors
from nastavnik.mentoring.services.recommendations import recommendation_give
from nastavnik.mentoring.services.reviews import call_review_feedback, call_review_request, call_review_send
from nastavnik.mentoring.views.recommendations import mentored_offices
from nastavnik.offices.selectors import is_mentor_of, offices_for, users_for
from nastavnik.web.forms import add_service_errors
from nastavnik.web.pages import acting_user, paginate, posted, render_page


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    offices = offices_for(user)
    form = CallReviewFilterForm(request.GET or None, offices=offices, people=users_for(user).filter(office__in=offices))
    reviews = selectors.call_review_list(user)
    if form.is_valid():
        data = form.cleaned_data
        reviews = reviews.filter(status=data["status"]) if data["status"] else reviews
        reviews = reviews.filter(office=data["office"]) if data["office"] else reviews
        reviews = reviews.filter(manager=data["manager"]) if data["manager"] else reviews
    context = {
        "form": form,
        "page": paginate(request, reviews.order_by("-created_at", "-pk")),
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "show_office": offices.count() > 1,
        "can_create": mentored_offices(user).exists(),
    }
    return render_page(request, "mentoring/reviews/list.html", "mentoring/reviews/partials/results.html", context)


@login_required
def review_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    offices = mentored_offices(user)
    if not offices.exists():
        raise PermissionDenied(_("Записи звонков запрашивает аккаунт-менеджер."))
    form = CallReviewRequestForm(posted(request), offices=offices)
    if request.method == "POST" and form.is_valid():
        try:
            review = call_review_request(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Запрос записей отправлен в представительство."))
            return redirect("mentoring:reviews-detail", pk=review.pk)
    return render(request, "mentoring/reviews/create.html", {"form": form})


def _detail(request: HttpRequest, review: CallReview, **forms: Any) -> HttpResponse:
    user = acting_user(request)
    can_send = selectors.can_send(user, review)
    can_feedback = selectors.can_give_feedback(user, review)
    is_mentor = is_mentor_of(user, review.office)
    items = list(selectors.call_review_items(review))
    criteria = list(selectors.review_criteria())
    context = {
        "review": review,
        "items": items,
        "criteria": criteria,
        "can_send": can_send,
        "can_feedback": can_feedback,
        "can_recommend": is_mentor and review.status != CallReviewStatus.REQUESTED,
        "send_form": forms.get("send_form") or (CallReviewSendForm(review=review) if can_send else None),
        "feedback_form": forms.get("feedback_form")
        or (CallReviewFeedbackForm(review=review) if can_feedback else None),
        "recommendation_form": forms.get("recommendation_form") or RecommendationForm(office=review.office),
        "recommendations": review.recommendations.select_related("assignee", "applied_by").order_by("created_at"),
    }
    return render(request, "mentoring/reviews/detail.html", context)


def _review(request: HttpRequest, pk: int) -> CallReview:
    return get_object_or_404(selectors.call_review_list(acting_user(request)), pk=pk)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _review(request, pk))


@login_required
@require_POST
def review_send(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = acting_user(request), _review(request, pk)
    if not selectors.can_send(user, review) and review.status == CallReviewStatus.REQUESTED:
        raise PermissionDenied(_("Звонки на разбор отправляет представительство."))
    form = CallReviewSendForm(request.POST, review=review)
    if form.is_valid():
        try:
            call_review_send(user=user, review=review, calls=form.cleaned_data["calls"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Звонки отправлены аккаунт-менеджеру."))
            return redirect("mentoring:reviews-detail", pk=review.pk)
    return _detail(request, review, send_form=form)


@login_required
@require_POST
def review_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = acting_user(request), _review(request, pk)
    if not is_mentor_of(user, review.office):
        raise PermissionDenied(_("Обратную связь по звонкам даёт аккаунт-менеджер представительства."))
    form = CallReviewFeedbackForm(request.POST, review=review)
    if form.is_valid():
        try:
            call_review_feedback(
                user=user, review=review, summary=form.cleaned_data["summary"], items=form.service_items()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Обратная связь отправлена представительству."))
            return redirect("mentoring:reviews-detail", pk=review.pk)
    return _detail(request, review, feedback_form=form)


@login_required
@require_POST
def review_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    user, review = acting_user(request), _review(request, pk)
    if not is_mentor_of(user, review.office):
        raise PermissionDenied(_("Рекомендации представительству даёт его аккаунт-менеджер."))
    form = RecommendationForm(request.POST, office=review.office)
    if form.is_valid():
        try:
            recommendation_give(
                author=user,
                office=review.office,
                source=RecommendationSource.CALL_REVIEW,
                call_review=review,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Рекомендация отправлена."))
            return redirect("mentoring:reviews-detail", pk=review.pk)
    return _detail(request, review, recommendation_form=form)


@login_required
def review_trend(request: HttpRequest) -> HttpResponse:
    """The average score per month per manager: a table and a line chart."""
    user = acting_user(request)
    offices = offices_for(user)
    office_id = request.GET.get("office", "")
    office_id_int = int(office_id) if office_id.isdigit() else None
    trend = selectors.score_trend(user, office_id=office_id_int)
    chart = {
        "labels": [month.strftime("%m.%Y") for month in trend["months"]],
        "datasets": [
            {"label": str(row["manager"]), "data": [float(s) if s is not None else None for s in row["scores"]]}
            for row in trend["series"]
        ],
    }
    context = {"trend": trend, "chart": chart, "offices": offices, "office_id": office_id_int}
    return render(request, "mentoring/reviews/trend.html", context)


urlpatterns = [
    path("reviews/", review_list, name="reviews-list"),
    path("reviews/new/", review_create, name="reviews-create"),
    path("reviews/trend/", review_trend, name="reviews-trend"),
    path("reviews/<int:pk>/", review_detail, name="reviews-detail"),
    path("reviews/<int:pk>/send/", review_send, name="reviews-send"),
    path("reviews/<int:pk>/feedback/", review_feedback, name="reviews-feedback"),
    path("reviews/<int:pk>/recommend/", review_recommend, name="reviews-recommend"),
]
