"""Web pages of the monthly plan: the list of months per office, a plan with its chart and its cycle of actions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nastavnik.mentoring.choices import RecommendationSource
from nastavnik.mentoring.forms.plans import MonthlyPlanForm, PlanActionForm
from nastavnik.mentoring.forms.recommendations import RecommendationForm
from nastavnik.mentoring.models import MonthlyPlan
from nastavnik.mentoring.selectors import plans as selectors
from nastavnik.mentoring.services import plans as services
from nastavnik.mentoring.services.recommendations import recommendation_give
from nastavnik.offices.choices import OfficeKind
from nastavnik.offices.models import User
from nastavnik.offices.selectors import offices_for
from nastavnik.web.forms import add_service_errors
from nastavnik.web.pages import acting_user, paginate, posted, render_page, wants_fragment


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    offices = offices_for(user).filter(kind=OfficeKind.PARTNER).order_by("name")
    plans = selectors.plans_for(user)
    office_id = request.GET.get("office") or ""
    if office_id.isdigit():
        plans = plans.filter(office_id=int(office_id))
    page = paginate(request, plans.order_by("-month", "office__name", "pk"))
    rows = list(page.object_list)
    facts = selectors.monthly_facts(list({plan.office_id for plan in rows}), list({plan.month for plan in rows}))
    for plan in rows:
        plan.fact = facts.get((plan.office_id, plan.month), 0)  # type: ignore[attr-defined]
        plan.percent = selectors.percent_of(plan.fact, plan.target)  # type: ignore[attr-defined]
    context = {
        "page": page,
        "rows": rows,
        "offices": offices,
        "office_id": office_id,
        "is_filtered": bool(office_id),
        "can_create": selectors.plan_offices_for(user).exists(),
    }
    return render_page(request, "mentoring/plans/list.html", "mentoring/plans/partials/results.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    offices = selectors.plan_offices_for(user)
    if not offices.exists():
        raise PermissionDenied(_("План согласует аккаунт-менеджер представительства."))
    initial = {"month": selectors.moscow_today().replace(day=1), "office": request.GET.get("office")}
    form = MonthlyPlanForm(posted(request), offices=offices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.monthly_plan_set(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("План сохранён."))
            return redirect("mentoring:plans-detail", pk=plan.pk)
    status = 400 if form.errors else 200
    return render_page(
        request, "mentoring/plans/form.html", "mentoring/plans/form.html", {"form": form, "plan": None}, status
    )


def _detail_context(
    user: User,
    plan: MonthlyPlan,
    action_form: PlanActionForm | None = None,
    recommendation_form: RecommendationForm | None = None,
) -> dict[str, Any]:
    progress = selectors.plan_progress(office=plan.office, month=plan.month)
    permissions = selectors.plan_permissions(user, plan)
    return {
        "plan": plan,
        "progress": progress,
        "chart": progress.chart_data(),
        "actions": plan.actions.select_related("assignee", "done_by", "created_by"),
        "action_form": action_form or PlanActionForm(office=plan.office),
        "recommendations": plan.recommendations.select_related("author", "assignee"),
        "recommendation_form": recommendation_form or RecommendationForm(office=plan.office),
        "today": selectors.moscow_today(),
        **permissions,
    }


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    plan = get_object_or_404(selectors.plans_for(user), pk=pk)
    context = _detail_context(user, plan)
    return render_page(request, "mentoring/plans/detail.html", "mentoring/plans/partials/actions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    plan = get_object_or_404(selectors.plans_for(user), pk=pk)
    if not services.can_set_plan(user, plan.office):
        raise PermissionDenied(_("План согласует аккаунт-менеджер представительства."))
    form = MonthlyPlanForm(posted(request), plan=plan, initial={"target": plan.target, "note": plan.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.monthly_plan_update(user=user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("План сохранён."))
            return redirect("mentoring:plans-detail", pk=plan.pk)
    status = 400 if form.errors else 200
    return render_page(
        request, "mentoring/plans/form.html", "mentoring/plans/form.html", {"form": form, "plan": plan}, status
    )


def _actions_response(request: HttpRequest, plan: MonthlyPlan, form: PlanActionForm | None = None) -> HttpResponse:
    """The actions block for HTMX, the plan page otherwise (a plain form post)."""
    if wants_fragment(request):
        status = 400 if form is not None and form.errors else 200
        return render_page(
            request,
            "mentoring/plans/detail.html",
            "mentoring/plans/partials/actions.html",
            _detail_context(acting_user(request), plan, form),
            status,
        )
    if form is not None and form.errors:
        return render_page(
            request, "mentoring/plans/detail.html", "", _detail_context(acting_user(request), plan, form), status=400
        )
    return redirect(reverse("mentoring:plans-detail", args=[plan.pk]) + "#actions")


@login_required
@require_POST
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    plan = get_object_or_404(selectors.plans_for(user), pk=pk)
    if not services.can_set_plan(user, plan.office):
        raise PermissionDenied(_("Действия плана добавляет аккаунт-менеджер представительства."))
    form = PlanActionForm(request.POST, office=plan.office)
    if form.is_valid():
        try:
            services.plan_action_create(user=user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _actions_response(request, plan)
    return _actions_response(request, plan, form)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    action = get_object_or_404(selectors.plan_actions_for(user), pk=pk)
    if not services.can_set_plan(user, action.plan.office):
        raise PermissionDenied(_("Действия плана меняет аккаунт-менеджер представительства."))
    initial = {"title": action.title, "assignee": action.assignee_id, "due_on": action.due_on}
    form = PlanActionForm(posted(request), office=action.plan.office, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_action_update(user=user, action=action, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Действие сохранено."))
            return redirect(reverse("mentoring:plans-detail", args=[action.plan_id]) + "#actions")
    status = 400 if form.errors else 200
    context = {"form": form, "action": action, "plan": action.plan}
    return render_page(request, "mentoring/plans/action_form.html", "mentoring/plans/action_form.html", context, status)


@login_required
@require_POST
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    action = get_object_or_404(selectors.plan_actions_for(user), pk=pk)
    plan = action.plan
    services.plan_action_delete(user=user, action=action)
    return _actions_response(request, plan)


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    action = get_object_or_404(selectors.plan_actions_for(user), pk=pk)
    services.plan_action_set_done(user=user, action=action, done=request.POST.get("done", "1") == "1")
    return _actions_response(request, action.plan)


@login_required
@require_POST
def plan_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    """A recommendation from the plan talk, given on the plan's page (recommendation_give checks who may)."""
    user = acting_user(request)
    plan = get_object_or_404(selectors.plans_for(user), pk=pk)
    form = RecommendationForm(request.POST, office=plan.office)
    if form.is_valid():
        try:
            recommendation_give(
                author=user, office=plan.office, source=RecommendationSource.PLAN, plan=plan, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Рекомендация отправлена."))
            return redirect("mentoring:plans-detail", pk=plan.pk)
    context = _detail_context(user, plan, recommendation_form=form)
    return render_page(request, "mentoring/plans/detail.html", "mentoring/plans/detail.html", context, 400)


urlpatterns: list[URLPattern] = [
    path("plans/", plan_list, name="plans-list"),
    path("plans/new/", plan_create, name="plans-create"),
    path("plans/<int:pk>/", plan_detail, name="plans-detail"),
    path("plans/<int:pk>/edit/", plan_edit, name="plans-edit"),
    path("plans/<int:pk>/recommend/", plan_recommend, name="plans-recommend"),
    path("plans/<int:pk>/actions/new/", action_create, name="plans-action-create"),
    path("plans/actions/<int:pk>/edit/", action_edit, name="plans-action-edit"),
    path("plans/actions/<int:pk>/delete/", action_delete, name="plans-action-delete"),
    path("plans/actions/<int:pk>/done/", action_done, name="plans-action-done"),
]
