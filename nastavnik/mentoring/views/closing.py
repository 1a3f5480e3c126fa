"""Web pages of closing assist (дожатие): the queue, the request form with its gate, the one-screen client story."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.clients.filters import CompanyFilter
from nastavnik.clients.models import Company
from nastavnik.mentoring.forms.closing import ClosingAssistFilter, ClosingAssistForm, LostForm, ReasonForm, WinForm
from nastavnik.mentoring.models import ClosingAssistRequest
from nastavnik.mentoring.selectors import closing as selectors
from nastavnik.mentoring.services import closing as services
from nastavnik.offices.models import User
from nastavnik.offices.selectors import is_mentor_of, offices_for, writable_offices_for
from nastavnik.web.forms import add_service_errors
from nastavnik.web.pages import acting_user, list_context, posted, render_page, scoped_filterset


@login_required
def closing_list(request: HttpRequest) -> HttpResponse:
    """The account manager's queue across their offices; the office's own requests for the office."""
    user = acting_user(request)
    filterset = scoped_filterset(ClosingAssistFilter, request, selectors.closing_assist_list(user))
    context = {
        **list_context(request, filterset, ["-submitted_at", "-created_at"]),
        "show_office": offices_for(user).count() > 1,
        "can_create": writable_offices_for(user).exists(),
    }
    return render_page(request, "mentoring/closing/list.html", "mentoring/closing/partials/results.html", context)


def _form_context(closing: ClosingAssistRequest, form: ClosingAssistForm) -> dict[str, Any]:
    return {
        "closing": closing,
        "company": closing.company,
        "form": form,
        "conditions": selectors.closing_assist_conditions(closing),
        "touches": selectors.client_touches(office_id=closing.office_id, company_id=closing.company_id),
    }


def _save_and_maybe_submit(
    request: HttpRequest, form: ClosingAssistForm, save: Callable[[dict[str, Any]], ClosingAssistRequest]
) -> ClosingAssistRequest | None:
    """Save the draft; with the «send» button also submit it. Returns the request once it leaves the form."""
    try:
        closing = save(form.service_fields())
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    if request.POST.get("action") != "submit":
        messages.success(request, _("Черновик заявки сохранён."))
        return closing
    try:
        services.closing_assist_submit(user=acting_user(request), closing=closing)
    except ValidationError as error:
        add_service_errors(form, error)
        form.instance = closing
        return None
    messages.success(request, _("Заявка отправлена аккаунт-менеджеру."))
    return closing


@login_required
def closing_create(request: HttpRequest) -> HttpResponse:
    """A request is started for a client of the office: without ?company= the page asks which one."""
    user = acting_user(request)
    if not writable_offices_for(user).exists():
        raise PermissionDenied(_("Заявку на дожатие подаёт представительство."))
    companies = selectors.closing_assist_companies(user)
    company_id = request.GET.get("company", "")
    if not company_id.isdigit():
        filterset = scoped_filterset(CompanyFilter, request, companies)
        context = {"filter": filterset, "companies": filterset.qs.order_by("name", "pk")[:20]}
        return render_page(
            request, "mentoring/closing/company_pick.html", "mentoring/closing/partials/company_pick.html", context
        )
    company: Company = get_object_or_404(companies, pk=company_id)
    closing = ClosingAssistRequest(office=company.office, company=company, author=user, staff_member=user)
    closing.site_traffic = company.site_traffic_monthly
    form = ClosingAssistForm(posted(request), instance=closing, company=company)
    if request.method == "POST" and form.is_valid():
        created = _save_and_maybe_submit(
            request, form, lambda data: services.closing_assist_create(user=user, company=company, **data)
        )
        if created is not None:
            return redirect("mentoring:closing-detail", pk=created.pk)
        if form.instance.pk:
            return render(request, "mentoring/closing/form.html", _form_context(form.instance, form), status=422)
    status = 422 if form.errors else 200
    return render(request, "mentoring/closing/form.html", _form_context(closing, form), status=status)


def _visible(request: HttpRequest, pk: int) -> ClosingAssistRequest:
    return get_object_or_404(selectors.closing_assist_list(acting_user(request)), pk=pk)


@login_required
def closing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The office edits a draft or a returned request and sends it (again)."""
    user = acting_user(request)
    closing = _visible(request, pk)
    if not selectors.is_office_side(user, closing.office_id):
        raise PermissionDenied(_("Заявку меняет представительство."))
    if closing.status not in selectors.EDITABLE_STATUSES:
        messages.info(request, _("Отправленную заявку изменить нельзя."))
        return redirect("mentoring:closing-detail", pk=closing.pk)
    form = ClosingAssistForm(posted(request), instance=closing, company=closing.company)
    if request.method == "POST" and form.is_valid():
        saved = _save_and_maybe_submit(
            request, form, lambda data: services.closing_assist_update(user=user, closing=closing, **data)
        )
        if saved is not None:
            return redirect("mentoring:closing-detail", pk=saved.pk)
        closing.refresh_from_db()
    status = 422 if form.errors else 200
    return render(request, "mentoring/closing/form.html", _form_context(closing, form), status=status)


@login_required
def closing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole client story on one screen: the gate, the summary, calls with playable recordings, the timeline."""
    user = acting_user(request)
    closing = _visible(request, pk)
    context = {
        "closing": closing,
        "company": closing.company,
        "conditions": selectors.closing_assist_conditions(closing),
        "story": selectors.closing_assist_story(closing),
        "office_side": selectors.is_office_side(user, closing.office_id),
        "mentor_side": is_mentor_of(user, closing.office),
        "editable": closing.status in selectors.EDITABLE_STATUSES,
        "return_form": ReasonForm(),
        "lost_form": LostForm(),
        "win_form": WinForm(closing=closing),
    }
    return render(request, "mentoring/closing/detail.html", context)


ACTIONS = {"submit", "accept", "return", "held", "won", "lost"}


def _run_action(user: User, closing: ClosingAssistRequest, action: str, data: Any) -> tuple[Any, str]:
    """Call the service behind one button; returns the form that failed (or None) and the success message."""
    if action == "submit":
        services.closing_assist_submit(user=user, closing=closing)
        return None, _("Заявка отправлена аккаунт-менеджеру.")
    if action == "accept":
        services.closing_assist_accept(user=user, closing=closing)
        return None, _("Заявка принята.")
    if action == "held":
        services.closing_assist_joint_call_held(user=user, closing=closing)
        return None, _("Совместный звонок отмечен проведённым.")
    form: Any = {"return": ReasonForm, "lost": LostForm}.get(action)
    if form is not None:
        bound = form(data)
        if not bound.is_valid():
            return bound, ""
        if action == "return":
            services.closing_assist_return(user=user, closing=closing, reason=bound.cleaned_data["reason"])
            return None, _("Заявка возвращена представительству.")
        services.closing_assist_lose(user=user, closing=closing, reason=bound.cleaned_data["reason"])
        return None, _("Заявка закрыта отказом.")
    bound = WinForm(data, closing=closing)
    if not bound.is_valid():
        return bound, ""
    services.closing_assist_win(user=user, closing=closing, **bound.cleaned_data)
    return None, _("Заявка закрыта оплатой.")


@login_required
@require_POST
def closing_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One move of the workflow; a refusal is shown on the request's page with the reason."""
    if action not in ACTIONS:
        raise Http404
    user = acting_user(request)
    closing = _visible(request, pk)
    try:
        failed, message = _run_action(user, closing, action, request.POST)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        if failed is not None:
            for errors in failed.errors.values():
                for text in errors:
                    messages.error(request, text)
        else:
            messages.success(request, message)
    return redirect("mentoring:closing-detail", pk=closing.pk)


urlpatterns: list[URLPattern] = [
    path("closing/", closing_list, name="closing-list"),
    path("closing/new/", closing_create, name="closing-create"),
    path("closing/<int:pk>/", closing_detail, name="closing-detail"),
    path("closing/<int:pk>/edit/", closing_edit, name="closing-edit"),
    path("closing/<int:pk>/<slug:action>/", closing_action, name="closing-action"),
]
