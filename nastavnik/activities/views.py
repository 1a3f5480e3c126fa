"""Logging calls, proposals, tasks and other timeline entries from the company and deal cards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nastavnik.activities import services
from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.forms import ERROR_ALIASES, ActivityForm
from nastavnik.activities.models import Activity
from nastavnik.activities.selectors import activity_list
from nastavnik.clients.selectors import can_edit_company, companies_for
from nastavnik.web.forms import add_service_errors
from nastavnik.web.pages import acting_user, posted, safe_next, wants_fragment

FORM_TITLES: dict[str, str | Promise] = {
    ActivityKind.CALL: gettext_lazy("Записать звонок"),
    ActivityKind.PROPOSAL: gettext_lazy("Отправленное КП"),
    ActivityKind.TASK: gettext_lazy("Новая задача"),
    ActivityKind.EMAIL: gettext_lazy("E-mail"),
    ActivityKind.MEETING: gettext_lazy("Встреча"),
    ActivityKind.NOTE: gettext_lazy("Заметка"),
}


@login_required
def activity_create(request: HttpRequest, company_pk: int, kind: str) -> HttpResponse:
    """The form of one kind of entry: a fragment for the card (HTMX) or a page of its own."""
    if kind not in ActivityKind.values:
        raise Http404
    user = acting_user(request)
    company = get_object_or_404(companies_for(user), pk=company_pk)
    if not can_edit_company(user, company):
        raise PermissionDenied(_("У вас нет прав изменять эту компанию."))
    initial = {"deal": request.GET.get("deal")} if request.GET.get("deal", "").isdigit() else {}
    form = ActivityForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        user=user,
        company=company,
        kind=kind,
        initial=initial,
    )
    back = safe_next(request, reverse("clients:company-detail", args=[company.pk]))
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        deal = fields.pop("deal", None)
        try:
            activity = services.activity_create(user=user, company=company, kind=kind, deal=deal, **fields)
        except ValidationError as error:
            add_service_errors(form, error, ERROR_ALIASES)
        else:
            messages.success(request, _("Сохранено: %(activity)s.") % {"activity": activity.get_kind_display()})
            if request.htmx:  # type: ignore[attr-defined]
                return HttpResponse(status=204, headers={"HX-Redirect": back})
            return redirect(back)
    context = {"form": form, "company": company, "kind": kind, "title": FORM_TITLES[kind], "next": back}
    template = "activities/partials/activity_form.html" if wants_fragment(request) else "activities/activity_form.html"
    return render(request, template, context)


def _toggle_response(request: HttpRequest, activity: Activity) -> HttpResponse:
    if wants_fragment(request):
        context = {"activity": activity, "can_edit": can_edit_company(acting_user(request), activity.company)}
        return render(request, "activities/partials/activity_item.html", context)
    return redirect(safe_next(request, reverse("clients:company-detail", args=[activity.company_id])))


@login_required
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    task = get_object_or_404(activity_list(user), pk=pk)
    try:
        task = services.task_set_done(user=user, task=task, done=request.POST.get("done", "1") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        task.refresh_from_db()
    return _toggle_response(request, task)


@login_required
@require_POST
def proposal_acknowledged(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    proposal = get_object_or_404(activity_list(user), pk=pk)
    try:
        proposal = services.proposal_set_acknowledged(
            user=user, proposal=proposal, acknowledged=request.POST.get("acknowledged", "1") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        proposal.refresh_from_db()
    return _toggle_response(request, proposal)
