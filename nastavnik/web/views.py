"""The shell of the UI: the dashboard per role and the personal API tokens page."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.selectors import activity_list
from nastavnik.clients.selectors import companies_for
from nastavnik.deals.selectors import deal_list, deals_for
from nastavnik.mentoring.selectors.dashboard import mentoring_cards, plan_chart
from nastavnik.offices.choices import Role
from nastavnik.offices.models import User
from nastavnik.offices.selectors import offices_for
from nastavnik.offices.services import api_token_create, api_token_revoke
from nastavnik.web.forms import ApiTokenForm
from nastavnik.web.pages import posted

DASHBOARD_HEADINGS: dict[str, str | Promise] = {
    Role.ADMIN: gettext_lazy("Обзор всей сети"),
    Role.HEAD: gettext_lazy("Рабочий стол руководителя"),
    Role.ACCOUNT_MANAGER: gettext_lazy("Мои представительства"),
    Role.SPECIALIST: gettext_lazy("Рабочий стол специалиста"),
    Role.PARTNER_OWNER: gettext_lazy("Моё представительство"),
    Role.MANAGER: gettext_lazy("Мои продажи"),
    Role.AGENT: gettext_lazy("Мои звонки и сделки"),
}


def _end_of_today() -> datetime:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    mine = Q(owner=user) | Q(agent=user)
    open_deals = deals_for(user).filter(closed_at__isnull=True)
    my_open_deals = open_deals.filter(mine)
    tasks_due = (
        activity_list(user)
        .filter(kind=ActivityKind.TASK, is_done=False, author=user, due_at__lt=_end_of_today())
        .order_by("due_at")
    )
    my_totals = my_open_deals.aggregate(count=Count("pk"), amount=Sum("amount"))
    context = {
        "heading": DASHBOARD_HEADINGS.get(user.role, _("Рабочий стол")),
        "my_open_deal_count": my_totals["count"],
        "my_open_deal_amount": my_totals["amount"] or 0,
        "office_open_deal_count": open_deals.count(),
        "company_count": companies_for(user).count(),
        "tasks_due_count": tasks_due.count(),
        "tasks_due": tasks_due[:10],
        "recent_deals": deal_list(user).filter(closed_at__isnull=True).filter(mine).order_by("-opened_at")[:10],
        "offices": None,
        "now": timezone.now(),
    }
    context["mentoring_cards"] = mentoring_cards(user)
    context["plan_chart"] = plan_chart(context["mentoring_cards"])
    if user.role in (Role.ACCOUNT_MANAGER, Role.HEAD, Role.ADMIN) or user.is_superuser:
        context["offices"] = offices_for(user).annotate(
            company_count=Count("companies", distinct=True),
            open_deal_count=Count("deals", filter=Q(deals__closed_at__isnull=True), distinct=True),
        )
    return render(request, "web/dashboard.html", context)


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's own tokens; a new key is shown once, right after it is created."""
    user: User = request.user  # type: ignore[assignment]
    form = ApiTokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        token, key = api_token_create(user=user, name=form.cleaned_data["name"])
        request.session["new_api_key"] = {"id": token.pk, "key": key}
        messages.success(request, _("Токен «%(name)s» создан.") % {"name": token.name})
        return redirect("api-tokens")
    context = {
        "form": form,
        "tokens": user.api_tokens.all(),
        "new_key": request.session.pop("new_api_key", None),
    }
    return render(request, "web/api_tokens.html", context)


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    token = get_object_or_404(user.api_tokens.all(), pk=pk)
    api_token_revoke(user=user, token=token)
    messages.success(request, _("Токен «%(name)s» отозван.") % {"name": token.name})
    return redirect("api-tokens")
