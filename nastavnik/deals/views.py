"""Deal pages: the list, the card, create and edit forms, and the pipeline board."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.selectors import timeline_for
from nastavnik.clients.filters import CompanyFilter
from nastavnik.clients.selectors import companies_for
from nastavnik.deals import selectors, services
from nastavnik.deals.filters import DealFilter
from nastavnik.deals.forms import DealForm, DealMoveForm
from nastavnik.deals.models import Deal
from nastavnik.offices.choices import Role
from nastavnik.offices.models import User
from nastavnik.offices.selectors import offices_for, writable_offices_for
from nastavnik.web.forms import add_service_errors
from nastavnik.web.history import history_entries
from nastavnik.web.pages import (
    acting_user,
    list_context,
    paginate,
    posted,
    render_page,
    safe_next,
    scoped_filterset,
    wants_fragment,
)

BOARD_COLUMN_LIMIT = 50
BOARD_CLOSED_DAYS = 30


def _filter_context(user: User) -> dict[str, Any]:
    return {
        "stages": selectors.stages(),
        "show_office": offices_for(user).count() > 1,
        "is_agent": user.role == Role.AGENT,
    }


@login_required
def deal_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    filterset = scoped_filterset(DealFilter, request, selectors.deal_list(user))
    context = {
        **list_context(request, filterset, ["-opened_at"]),
        **_filter_context(user),
        "can_create": writable_offices_for(user).exists(),
    }
    return render_page(request, "deals/deal_list.html", "deals/partials/deal_results.html", context)


def _board_columns(user: User, deals: Any) -> list[dict[str, Any]]:
    """Open deals per stage, and the deals won or lost lately; one query per stage keeps the count fixed."""
    closed_since = timezone.now() - timedelta(days=BOARD_CLOSED_DAYS)
    totals = {
        row["stage"]: row
        for row in deals.filter(closed_at__isnull=True)
        .order_by()
        .values("stage")
        .annotate(count=Count("pk"), amount=Sum("amount"))
    }
    columns = []
    for stage in selectors.stages():
        if stage.is_closed:
            column_deals = deals.filter(stage=stage, closed_at__gte=closed_since).order_by("-closed_at", "-pk")
            count = column_deals.count()
            amount = column_deals.aggregate(amount=Sum("amount"))["amount"]
        else:
            column_deals = deals.filter(stage=stage, closed_at__isnull=True).order_by("-opened_at", "-pk")
            count = totals.get(stage.pk, {}).get("count", 0)
            amount = totals.get(stage.pk, {}).get("amount")
        columns.append(
            {"stage": stage, "deals": list(column_deals[:BOARD_COLUMN_LIMIT]), "count": count, "amount": amount or 0}
        )
    return columns


@login_required
def board(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    filterset = scoped_filterset(DealFilter, request, selectors.deal_list(user))
    context = {
        "filter": filterset,
        "columns": _board_columns(user, filterset.qs),
        "all_stages": list(selectors.stages()),
        "writable_office_ids": set(writable_offices_for(user).values_list("pk", flat=True)),
        "closed_days": BOARD_CLOSED_DAYS,
        "column_limit": BOARD_COLUMN_LIMIT,
        **_filter_context(user),
    }
    return render_page(request, "deals/board.html", "deals/partials/board_columns.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def deal_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a deal to another stage: from the board (drag and drop or the card's form) or the deal card."""
    user = acting_user(request)
    deal = get_object_or_404(selectors.deal_list(user), pk=pk)
    _ensure_can_edit(user, deal)
    initial = {"stage": request.GET.get("stage") or deal.stage_id, "lost_reason": deal.lost_reason}
    form = DealMoveForm(posted(request), initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.deal_move(
                    user=user, deal=deal, stage=form.cleaned_data["stage"], lost_reason=form.cleaned_data["lost_reason"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
                deal.refresh_from_db()
            else:
                if request.htmx:  # type: ignore[attr-defined]
                    return HttpResponse(status=204, headers={"HX-Trigger": "board-changed"})
                messages.success(
                    request,
                    _("Сделка «%(deal)s» перенесена на этап «%(stage)s».") % {"deal": deal, "stage": deal.stage},
                )
                return redirect(safe_next(request, reverse("deals:deal-detail", args=[deal.pk])))
        if request.htmx:  # type: ignore[attr-defined]
            errors = [str(message) for messages_ in form.errors.values() for message in messages_]
            return HttpResponse(" ".join(errors), status=422, content_type="text/plain; charset=utf-8")
    return render(request, "deals/deal_move.html", {"deal": deal, "form": form, "next": safe_next(request, "")})


def _ensure_can_edit(user: User, deal: Deal) -> None:
    if not selectors.can_edit_deal(user, deal):
        raise PermissionDenied(_("У вас нет прав изменять эту сделку."))


@login_required
def deal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    deal = get_object_or_404(selectors.deal_list(user).prefetch_related("tags"), pk=pk)
    can_edit = selectors.can_edit_deal(user, deal)
    context: dict[str, Any] = {
        "deal": deal,
        "company": deal.company,
        "timeline": paginate(request, timeline_for(user, deal.company).filter(deal=deal)),
        "timeline_deal": deal,
        "can_edit": can_edit,
    }
    if wants_fragment(request):
        return render_page(request, "deals/deal_detail.html", "activities/partials/timeline.html", context)
    context.update(
        {
            "history": history_entries(
                Deal.history.filter(id=deal.pk).select_related("history_user"),  # type: ignore[attr-defined]
                lambda record: _("Сделка"),
            ),
            "move_form": DealMoveForm(initial={"stage": deal.stage_id, "lost_reason": deal.lost_reason}),
            "activity_kinds": ActivityKind.choices,
        }
    )
    return render_page(request, "deals/deal_detail.html", "activities/partials/timeline.html", context)


@login_required
def deal_create(request: HttpRequest) -> HttpResponse:
    """A deal is opened for a company: without ?company= the page first asks which one."""
    user = acting_user(request)
    writable = writable_offices_for(user)
    if not writable.exists():
        raise PermissionDenied(_("У вас нет прав открывать сделки."))
    company_id = request.GET.get("company")
    if not company_id or not company_id.isdigit():
        filterset = scoped_filterset(CompanyFilter, request, companies_for(user).filter(office__in=writable))
        context = {"filter": filterset, "companies": filterset.qs.order_by("name", "pk")[:20]}
        return render_page(request, "deals/company_pick.html", "deals/partials/company_pick_results.html", context)
    company = get_object_or_404(companies_for(user), pk=company_id)
    if company.office_id not in set(writable.values_list("pk", flat=True)):
        raise PermissionDenied(_("У вас нет прав открывать сделки этой компании."))
    form = DealForm(posted(request), user=user, company=company)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        tags = list(fields.pop("tags", []))
        try:
            deal = services.deal_create(user=user, company=company, tags=tags, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Сделка «%(deal)s» открыта.") % {"deal": deal})
            return redirect("deals:deal-detail", pk=deal.pk)
    return render(request, "deals/deal_form.html", {"form": form, "company": company, "deal": None})


@login_required
def deal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    deal = get_object_or_404(selectors.deal_list(user), pk=pk)
    _ensure_can_edit(user, deal)
    title = str(deal)
    form = DealForm(posted(request), instance=deal, user=user, company=deal.company)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        tags = list(fields.pop("tags", []))
        try:
            services.deal_update(user=user, deal=deal, tags=tags, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("deals:deal-detail", pk=deal.pk)
    context = {"form": form, "company": deal.company, "deal": deal, "title": title}
    return render(request, "deals/deal_form.html", context)
