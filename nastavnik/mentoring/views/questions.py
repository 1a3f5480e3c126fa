"""Web pages of the questions workflow: the queue (or an office's questions), asking, the question card."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.mentoring.choices import QuestionStatus
from nastavnik.mentoring.forms.questions import (
    QuestionAnswerForm,
    QuestionAskForm,
    QuestionFilter,
    QuestionRouteForm,
)
from nastavnik.mentoring.models import Question
from nastavnik.mentoring.selectors.questions import is_mentor_side, question_list, questions_for, with_time_left
from nastavnik.mentoring.services import questions as services
from nastavnik.offices.selectors import offices_for
from nastavnik.web.forms import add_service_errors
from nastavnik.web.pages import acting_user, paginate, posted, render_page, scoped_filterset


@login_required
def question_list_view(request: HttpRequest) -> HttpResponse:
    """For those who answer: the queue of open questions by due time; for an office: its questions and answers."""
    user = acting_user(request)
    mentor_side = is_mentor_side(user)
    if mentor_side and "status" not in request.GET:
        # The queue opens on what still needs an answer; «Все» in the filter shows the rest.
        data = request.GET.copy()
        data["status"] = QuestionStatus.OPEN
        request.GET = data  # type: ignore[assignment]
    filterset = scoped_filterset(QuestionFilter, request, question_list(user))
    queryset = filterset.qs
    if not queryset.query.order_by:
        queryset = queryset.order_by("-status", "due_at")
    page = paginate(request, queryset.order_by(*queryset.query.order_by, "pk"))
    page.object_list = with_time_left(page.object_list)
    context: dict[str, Any] = {
        "filter": filterset,
        "page": page,
        "is_filtered": any(value for key, value in request.GET.items() if key not in ("page", "ordering", "status")),
        "mentor_side": mentor_side,
        "show_office": offices_for(user).count() > 1 or mentor_side,
        "can_ask": services.can_ask(user),
    }
    return render_page(request, "mentoring/questions/list.html", "mentoring/questions/partials/results.html", context)


@login_required
def question_ask_view(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not services.can_ask(user):
        raise PermissionDenied(_("Вопросы аккаунт-менеджеру задают сотрудники представительства."))
    form = QuestionAskForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_ask(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Вопрос отправлен. Ответ ожидается до %(due)s.")
                % {"due": timezone.localtime(question.due_at).strftime("%d.%m.%Y %H:%M")},
            )
            return redirect("mentoring:questions-detail", pk=question.pk)
    office = user.office
    return render(
        request,
        "mentoring/questions/ask.html",
        {"form": form, "account_manager": office.account_manager if office else None},
    )


def _detail(
    request: HttpRequest,
    question: Question,
    *,
    answer_form: QuestionAnswerForm | None = None,
    route_form: QuestionRouteForm | None = None,
) -> HttpResponse:
    user = acting_user(request)
    can_answer = services.can_answer(user, question)
    can_route = services.can_route(user, question)
    context = {
        "question": with_time_left([question])[0],
        "can_answer": can_answer,
        "can_route": can_route,
        "answer_form": answer_form or (QuestionAnswerForm() if can_answer else None),
        "route_form": route_form or (QuestionRouteForm(question=question) if can_route else None),
    }
    return render(request, "mentoring/questions/detail.html", context)


@login_required
def question_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(questions_for(acting_user(request)), pk=pk)
    return _detail(request, question)


@login_required
@require_POST
def question_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    question = get_object_or_404(questions_for(user), pk=pk)
    if not question.is_open:
        messages.info(request, _("На вопрос уже ответили."))
        return redirect("mentoring:questions-detail", pk=question.pk)
    if not services.can_answer(user, question):
        raise PermissionDenied(_("Ответить может аккаунт-менеджер представительства или назначенный специалист."))
    form = QuestionAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.question_answer(user=user, question=question, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ответ отправлен, автор вопроса получил уведомление."))
            return redirect("mentoring:questions-detail", pk=question.pk)
    return _detail(request, question, answer_form=form)


@login_required
@require_POST
def question_route_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    question = get_object_or_404(questions_for(user), pk=pk)
    if not services.can_route(user, question):
        raise PermissionDenied(_("Передать этот вопрос специалисту вы не можете."))
    form = QuestionRouteForm(request.POST, question=question)
    if form.is_valid():
        try:
            services.question_route(user=user, question=question, specialist=form.cleaned_data["specialist"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Вопрос передан специалисту %(name)s, срок ответа прежний.")
                % {"name": form.cleaned_data["specialist"]},
            )
            return redirect("mentoring:questions-detail", pk=question.pk)
    return _detail(request, question, route_form=form)


urlpatterns: list[URLPattern] = [
    path("questions/", question_list_view, name="questions-list"),
    path("questions/new/", question_ask_view, name="questions-ask"),
    path("questions/<int:pk>/", question_detail_view, name="questions-detail"),
    path("questions/<int:pk>/answer/", question_answer_view, name="questions-answer"),
    path("questions/<int:pk>/route/", question_route_view, name="questions-route"),
]
