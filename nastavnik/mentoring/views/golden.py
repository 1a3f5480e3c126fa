"""Web pages of the golden list: the review queue across offices and one golden deal with its advice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.deals.selectors import can_edit_deal
from nastavnik.mentoring.forms.golden import AWAITING, GoldenFilterForm
from nastavnik.mentoring.forms.recommendations import RecommendationForm
from nastavnik.mentoring.selectors import golden as selectors
from nastavnik.mentoring.selectors.golden import Outcome, deal_outcome
from nastavnik.mentoring.services.golden import golden_list_set, golden_recommend
from nastavnik.offices.selectors import is_mentor_of, offices_for
from nastavnik.web.forms import add_service_errors
from nastavnik.web.pages import acting_user, paginate, render_page


@login_required
def golden_list(request: HttpRequest) -> HttpResponse:
    """The review queue: by default the deals awaiting the account manager's advice."""
    user = acting_user(request)
    offices = offices_for(user)
    form = GoldenFilterForm(request.GET or None, offices=offices)
    deals = selectors.golden_deals_for(user)
    state = AWAITING
    if form.is_valid():
        data = form.cleaned_data
        state = data["state"] or AWAITING
        deals = selectors.filter_by_outcome(deals, data["outcome"])
        deals = deals.filter(office=data["office"]) if data["office"] else deals
    if state == AWAITING:
        deals = deals.filter(awaits_review=True)
    context = {
        "form": form,
        "page": paginate(request, deals.order_by("last_applied_at", "opened_at", "pk")),
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "show_office": offices.count() > 1,
        "outcome_labels": Outcome.LABELS,
    }
    return render_page(request, "mentoring/golden/list.html", "mentoring/golden/partials/results.html", context)


@login_required
def golden_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One golden deal: its advice history and outcome; the account manager adds advice here."""
    user = acting_user(request)
    deal = get_object_or_404(selectors.golden_deals_for(user), pk=pk)
    is_mentor = is_mentor_of(user, deal.office)
    form = RecommendationForm(request.POST if request.method == "POST" else None, office=deal.office)
    if request.method == "POST":
        if not is_mentor:
            raise PermissionDenied(_("Рекомендации представительству даёт его аккаунт-менеджер."))
        if form.is_valid():
            try:
                golden_recommend(user=user, deal=deal, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Рекомендация по сделке отправлена."))
                return redirect("mentoring:golden-detail", pk=deal.pk)
    outcome = deal_outcome(deal)
    context = {
        "deal": deal,
        "outcome": outcome,
        "outcome_label": Outcome.LABELS[outcome],
        "form": form,
        "can_recommend": is_mentor,
        "can_untag": can_edit_deal(user, deal),
        "recommendations": selectors.golden_recommendations(deal)
        .select_related("author", "assignee", "applied_by")
        .order_by("created_at"),
    }
    return render(request, "mentoring/golden/detail.html", context)


@login_required
@require_POST
def golden_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """The office takes a deal off the golden list (its advice history stays)."""
    user = acting_user(request)
    deal = get_object_or_404(selectors.golden_deals_for(user), pk=pk)
    golden_list_set(user=user, deal=deal, on=False)
    messages.success(request, _("Сделка «%(deal)s» убрана из «Золотого списка».") % {"deal": deal})
    return redirect("mentoring:golden-list")


urlpatterns = [
    path("golden/", golden_list, name="golden-list"),
    path("golden/<int:pk>/", golden_detail, name="golden-detail"),
    path("golden/<int:pk>/remove/", golden_remove, name="golden-remove"),
]
