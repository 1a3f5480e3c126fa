"""Web pages of status update requests: the list, asking an office, the request with its answers, answering."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.mentoring.forms.status_requests import StatusAnswerForm, StatusRequestForm
from nastavnik.mentoring.selectors import status_requests as selectors
from nastavnik.mentoring.services import status_requests as services
from nastavnik.offices.selectors import offices_for
from nastavnik.web.forms import add_service_errors
from nastavnik.web.pages import acting_user, paginate, posted, render_page

ANSWERS_PER_PAGE = 50
STATES = {
    "open": {"completed_at__isnull": True},
    "completed": {"completed_at__isnull": False},
}
ORDERINGS = {"-created_at": "-created_at", "created_at": "created_at", "due_on": "due_on", "-due_on": "-due_on"}


@login_required
def status_request_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    requests = selectors.status_requests_for(user)
    offices = offices_for(user).order_by("name")
    office_id = request.GET.get("office", "")
    if office_id.isdigit():
        requests = requests.filter(office_id=office_id)
    state = request.GET.get("state", "")
    if state in STATES:
        requests = requests.filter(**STATES[state])
    elif state == "overdue":
        requests = requests.filter(completed_at__isnull=True, due_on__lt=timezone.localdate())
    ordering = ORDERINGS.get(request.GET.get("ordering", ""), "-created_at")
    context: dict[str, Any] = {
        "page": paginate(request, requests.order_by(ordering, "-pk")),
        "offices": offices,
        "office_id": office_id,
        "state": state,
        "show_office": offices.count() > 1,
        "is_filtered": bool(office_id or state),
        "can_create": selectors.requestable_offices_for(user).exists(),
        "today": timezone.localdate(),
    }
    return render_page(
        request, "mentoring/status_requests/list.html", "mentoring/status_requests/partials/results.html", context
    )


@login_required
def status_request_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not selectors.requestable_offices_for(user).exists():
        raise PermissionDenied(_("Запрашивать информацию по клиентам может аккаунт-менеджер представительства."))
    form = StatusRequestForm(posted(request), user=user, initial={"office": request.GET.get("office")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            status_request = services.status_request_create(
                user=user,
                office=data["office"],
                scope=data["scope"],
                note=data["note"],
                due_on=data["due_on"],
                recurrence=data["recurrence"] or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Запрос отправлен: %(count)s клиентов.") % {"count": status_request.answers.count()},
            )
            return redirect("mentoring:status-requests-detail", pk=status_request.pk)
    return render(request, "mentoring/status_requests/form.html", {"form": form})


@login_required
def status_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    status_request = get_object_or_404(selectors.status_requests_for(user), pk=pk)
    answers = status_request.answers.select_related("company", "answered_by").prefetch_related("recordings")
    outstanding_only = request.GET.get("outstanding") == "1"
    if outstanding_only:
        answers = answers.filter(answered_at__isnull=True)
    context = {
        "status_request": status_request,
        "page": paginate(request, answers.order_by("answered_at", "company__name", "pk"), ANSWERS_PER_PAGE),
        "outstanding_only": outstanding_only,
        "can_answer": selectors.can_answer_status(user, status_request.office_id)
        and status_request.completed_at is None,
        "can_manage": selectors.can_request_status(user, status_request.office),
        "is_overdue": status_request.completed_at is None
        and status_request.due_on is not None
        and status_request.due_on < timezone.localdate(),
    }
    return render_page(
        request, "mentoring/status_requests/detail.html", "mentoring/status_requests/partials/answers.html", context
    )


@login_required
def status_answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    answer = get_object_or_404(selectors.status_answers_for(user), pk=pk)
    if not selectors.can_answer_status(user, answer.request.office_id):
        raise PermissionDenied(_("Отвечать на запрос может только представительство."))
    form = StatusAnswerForm(posted(request), answer=answer)
    if request.method == "POST" and form.is_valid():
        try:
            services.status_answer_submit(user=user, answer=answer, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Ответ по клиенту %(company)s сохранён.") % {"company": answer.company})
            next_answer = answer.request.answers.filter(answered_at__isnull=True).order_by("company__name").first()
            if next_answer:
                return redirect("mentoring:status-requests-answer", pk=next_answer.pk)
            return redirect("mentoring:status-requests-detail", pk=answer.request_id)
    context = {"form": form, "answer": answer, "status_request": answer.request}
    return render(request, "mentoring/status_requests/answer_form.html", context)


@login_required
@require_POST
def status_request_stop_repeating(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    status_request = get_object_or_404(selectors.status_requests_for(user), pk=pk)
    try:
        services.status_request_stop_repeating(user=user, request=status_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Запрос больше не будет повторяться."))
    return redirect("mentoring:status-requests-detail", pk=pk)


urlpatterns = [
    path("status-requests/", status_request_list, name="status-requests-list"),
    path("status-requests/new/", status_request_create, name="status-requests-create"),
    path("status-requests/<int:pk>/", status_request_detail, name="status-requests-detail"),
    path(
        "status-requests/<int:pk>/stop-repeating/",
        status_request_stop_repeating,
        name="status-requests-stop-repeating",
    ),
    path("status-requests/answers/<int:pk>/", status_answer_edit, name="status-requests-answer"),
]
