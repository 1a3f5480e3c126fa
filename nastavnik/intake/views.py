"""Intake pages: the duty roster and the incoming-call card (other intake pages live in views_*.py)."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.clients.selectors import companies_for
from nastavnik.intake import routing, selectors, services
from nastavnik.intake.choices import CallCardStatus
from nastavnik.intake.forms import DutyRosterForm, roster_field_name
from nastavnik.intake.models import IncomingCallCard
from nastavnik.offices.models import Absence, User
from nastavnik.web.pages import acting_user, paginate, posted

# ---------------------------------------------------------------------------
# Duty roster and incoming-call cards
# ---------------------------------------------------------------------------


def _month_param(month: Any) -> str:
    return f"{month:%Y-%m}"


@login_required
def duty_roster(request: HttpRequest) -> HttpResponse:
    """The month's duty managers (Moscow): the head fills the calendar, everybody else reads it."""
    user = acting_user(request)
    today = routing.today()
    month = selectors.parse_month(request.POST.get("month") or request.GET.get("month"), default=today)
    days = selectors.month_days(month)
    can_edit = services.can_edit_roster(user)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("График дежурств составляет руководитель отдела продаж."))
    managers = routing.hq_managers().order_by("last_name", "first_name")
    form = DutyRosterForm(posted(request), days=days, managers=managers) if can_edit else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            services.duty_roster_save(user=user, month=month, assignments=form.assignments())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("График дежурств сохранён."))
            return redirect(f"{reverse('intake:roster')}?month={_month_param(month)}")
    roster = selectors.duty_roster_month(month, today=today)
    if form is not None:
        for entry in roster:
            form.initial[roster_field_name(entry.day)] = entry.manager.pk if entry.manager else None
            entry.field = form[roster_field_name(entry.day)]
    previous_month = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    next_month = (days[-1] + timedelta(days=1)).replace(day=1)
    context = {
        "month": month,
        "weeks": selectors.roster_weeks(roster),
        "form": form,
        "can_edit": can_edit,
        "previous_month": _month_param(previous_month),
        "next_month": _month_param(next_month),
        "month_param": _month_param(month),
        "duty_today": routing.duty_manager_on(today),
        "absences": Absence.objects.filter(
            user__in=managers, starts_on__lte=days[-1], ends_on__gte=days[0]
        ).select_related("user"),
    }
    return render(request, "intake/roster.html", context, status=400 if form is not None and form.errors else 200)


@login_required
def call_card_list(request: HttpRequest) -> HttpResponse:
    cards = selectors.call_cards_for(acting_user(request))
    return render(request, "intake/call_list.html", {"page": paginate(request, cards)})


@login_required
def call_card_new(request: HttpRequest) -> HttpResponse:
    """Opening the page starts a card at once, so what is typed during the call is saved from the first word."""
    card = services.call_card_open(user=acting_user(request), phone=request.GET.get("phone", ""))
    return redirect("intake:call-detail", pk=card.pk)


def _card_context(user: User, card: IncomingCallCard) -> dict[str, Any]:
    known = selectors.known_caller(user, phone=card.phone, email=card.materials_email, organisation=card.organisation)
    if card.company_id and (known is None or known.company is None or known.company.pk != card.company_id):
        company = companies_for(user).filter(pk=card.company_id).select_related("responsible").first()
        known = selectors.KnownCaller(company, routing.previous_contact_person(company), False) if company else known
    worked_with = known.worked_with if known else None
    return {
        "card": card,
        "known": known,
        "can_transfer": worked_with is not None and worked_with.pk != user.pk and card.status == CallCardStatus.OPEN,
        "is_open": card.status != CallCardStatus.DONE,
        "greeting_name": user.first_name or user.short_name,
    }


@login_required
def call_card_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    card = get_object_or_404(selectors.call_cards_for(user), pk=pk)
    return render(request, "intake/call_card.html", _card_context(user, card))


@login_required
@require_POST
def call_card_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Saves the one field htmx sends; answers with the «Сохранено» mark and the refreshed client panel."""
    user = acting_user(request)
    card = get_object_or_404(selectors.call_cards_for(user), pk=pk)
    fields = {name: request.POST[name] for name in services.CARD_FIELDS if name in request.POST}
    try:
        services.call_card_save(user=user, card=card, fields=fields)
    except ValidationError as error:
        return render(request, "intake/partials/call_save_status.html", {"error": " ".join(error.messages)}, status=400)
    context = {**_card_context(user, card), "saved_at": timezone.localtime(card.updated_at), "oob": True}
    return render(request, "intake/partials/call_save_status.html", context)


@login_required
@require_POST
def call_card_transfer_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    card = get_object_or_404(selectors.call_cards_for(user), pk=pk)
    worked_with = _card_context(user, card)["known"]
    target = worked_with.worked_with if worked_with else None
    if target is None or str(target.pk) != request.POST.get("to"):
        messages.error(request, _("Перевести звонок можно только на того, кто уже работал с клиентом."))
        return redirect("intake:call-detail", pk=card.pk)
    try:
        services.call_card_transfer(user=user, card=card, to=target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Звонок переведён на %(name)s.") % {"name": target})
    return redirect("intake:call-detail", pk=card.pk)


@login_required
@require_POST
def call_card_finish_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    card = get_object_or_404(selectors.call_cards_for(user), pk=pk)
    try:
        services.call_card_finish(user=user, card=card)
    except ValidationError as error:
        context = {**_card_context(user, card), "finish_errors": error.messages}
        return render(request, "intake/call_card.html", context, status=400)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Нет прав вносить этого клиента."))
        return redirect("intake:call-detail", pk=card.pk)
    messages.success(request, _("Звонок завершён и записан в карточку клиента."))
    if card.company_id and companies_for(user).filter(pk=card.company_id).exists():
        return redirect("clients:company-detail", pk=card.company_id)
    return redirect("intake:call-detail", pk=card.pk)
