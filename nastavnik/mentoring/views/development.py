"""Web pages of the office development path: the offices with their progress, one office's path, task actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.mentoring.forms.development import DevelopmentTaskForm
from nastavnik.mentoring.models import DevelopmentTask
from nastavnik.mentoring.selectors import development as selectors
from nastavnik.mentoring.services import development as services
from nastavnik.offices.selectors import can_write_in_office
from nastavnik.web.forms import add_service_errors
from nastavnik.web.pages import acting_user, paginate, posted, render_page, safe_next


@login_required
def development_list(request: HttpRequest) -> HttpResponse:
    """The account manager's offices with their progress; a partner office goes straight to its own path."""
    user = acting_user(request)
    offices = selectors.development_offices_for(user)
    if user.office_id and offices.filter(pk=user.office_id).exists() and offices.count() == 1:
        return redirect("mentoring:development-office", office_pk=user.office_id)
    if request.GET.get("overdue") == "1":
        offices = offices.filter(pk__in=selectors.overdue_tasks(DevelopmentTask.objects.all()).values("office"))
    context = {
        "page": paginate(request, offices.order_by("-tasks_overdue", "name", "pk")),
        "overdue_only": request.GET.get("overdue") == "1",
    }
    return render_page(
        request, "mentoring/development/list.html", "mentoring/development/partials/offices.html", context
    )


@login_required
def development_office(request: HttpRequest, office_pk: int) -> HttpResponse:
    user = acting_user(request)
    office = get_object_or_404(selectors.development_offices_for(user), pk=office_pk)
    stages = selectors.development_path(user, office)
    context = {
        "office": office,
        "stages": stages,
        "current": next((stage for stage in stages if stage.is_current), None),
        "today": timezone.localdate(),
        "can_add": selectors.is_mentor_of(user, office),
        "can_mark": selectors.is_mentor_of(user, office) or can_write_in_office(user, office.pk),
    }
    return render_page(
        request, "mentoring/development/office.html", "mentoring/development/partials/path.html", context
    )


def _task_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = acting_user(request)
    task = get_object_or_404(selectors.development_tasks_for(user), pk=pk)
    service = services.development_task_complete if action == "complete" else services.development_task_reopen
    try:
        service(user=user, task=task)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if action == "complete":
            messages.success(request, _("Задача «%(title)s» выполнена.") % {"title": task.title})
        else:
            messages.success(request, _("Задача «%(title)s» снова открыта.") % {"title": task.title})
    fallback = f"{redirect('mentoring:development-office', office_pk=task.office_id).url}#task-{task.pk}"
    return redirect(safe_next(request, fallback))


@login_required
@require_POST
def development_task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_action(request, pk, "complete")


@login_required
@require_POST
def development_task_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_action(request, pk, "reopen")


@login_required
def development_task_add(request: HttpRequest, office_pk: int) -> HttpResponse:
    user = acting_user(request)
    office = get_object_or_404(selectors.development_offices_for(user), pk=office_pk)
    if not selectors.is_mentor_of(user, office):
        raise PermissionDenied(_("Добавлять задачи может только аккаунт-менеджер представительства."))
    form = DevelopmentTaskForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.development_task_add(user=user, office=office, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Задача добавлена."))
            return redirect("mentoring:development-office", office_pk=office.pk)
    return render(request, "mentoring/development/task_form.html", {"form": form, "office": office})


urlpatterns = [
    path("development/", development_list, name="development-list"),
    path("development/<int:office_pk>/", development_office, name="development-office"),
    path("development/<int:office_pk>/tasks/new/", development_task_add, name="development-task-add"),
    path("development/tasks/<int:pk>/done/", development_task_complete, name="development-task-complete"),
    path("development/tasks/<int:pk>/reopen/", development_task_reopen, name="development-task-reopen"),
]
