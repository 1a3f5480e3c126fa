"""The intake inbox: registrations from the websites, how each was routed, bringing in an agent."""

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nastavnik.intake import web_intake
from nastavnik.intake.agents import agents_in
from nastavnik.intake.choices import WebOutcome
from nastavnik.intake.models import WebRegistration
from nastavnik.offices.choices import Role
from nastavnik.offices.filters import scoped_choice
from nastavnik.offices.models import User
from nastavnik.offices.selectors import can_write_in_office, offices_for
from nastavnik.web.forms import DateInput
from nastavnik.web.pages import acting_user, list_context, render_page, scoped_filterset


class WebRegistrationFilter(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(label=gettext_lazy("Результат"), choices=WebOutcome.choices)
    site = scoped_choice(web_intake.intake_sites_for, label=gettext_lazy("Сайт"))
    received_after = django_filters.DateFilter(
        label=gettext_lazy("С"), field_name="received_at", lookup_expr="date__gte"
    )
    received_before = django_filters.DateFilter(
        label=gettext_lazy("По"), field_name="received_at", lookup_expr="date__lte"
    )

    class Meta:
        model = WebRegistration
        fields = ["outcome", "site", "received_after", "received_before"]


def _can_bring_agent(user: User, registration: WebRegistration) -> bool:
    return user.role != Role.AGENT and can_write_in_office(user, registration.site.office_id)


@login_required
def web_inbox(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    filterset = scoped_filterset(WebRegistrationFilter, request, web_intake.web_registration_list(user))
    for name in ("received_after", "received_before"):
        filterset.form.fields[name].widget = DateInput()
    context = {
        **list_context(request, filterset, ["-is_mine", "-received_at"]),
        "show_office": offices_for(user).count() > 1,
    }
    page = context["page"]
    office_ids = {registration.site.office_id for registration in page.object_list}
    agents_by_office: dict[int, list[User]] = {office_id: [] for office_id in office_ids}
    for agent in agents_in_offices(office_ids):
        agents_by_office[agent.office_id or 0].append(agent)
    for registration in page.object_list:
        registration.agent_choices = (
            agents_by_office.get(registration.site.office_id, []) if _can_bring_agent(user, registration) else []
        )
    return render_page(request, "intake/web/inbox.html", "intake/web/partials/inbox_results.html", context)


def agents_in_offices(office_ids: set[int]) -> list[User]:
    return list(User.objects.filter(office_id__in=office_ids, role=Role.AGENT, is_active=True))


@login_required
@require_POST
def web_registration_bring_agent(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    registration = get_object_or_404(web_intake.web_registration_list(user).select_related("site__office"), pk=pk)
    agent = agents_in(registration.site.office).filter(pk=request.POST.get("agent") or 0).first()
    error = ""
    if agent is None:
        error = _("Выберите агента этого представительства.")
    else:
        try:
            web_intake.web_registration_assign_agent(user=user, registration=registration, agent=agent)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        registration.agent_choices = list(agents_in(registration.site.office))  # type: ignore[attr-defined]
        return render(
            request,
            "intake/web/partials/inbox_row.html",
            {"registration": registration, "row_error": error, "show_office": offices_for(user).count() > 1},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Агент привлечён к первому контакту."))
    return redirect("intake:web-inbox")
