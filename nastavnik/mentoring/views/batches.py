"""Web pages of deal batches: the office asks, the account manager picks pool deals and hands them over."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nastavnik.mentoring.choices import DealBatchStatus
from nastavnik.mentoring.forms.batches import BatchRequestForm, HandOverForm, OutcomeForm, PoolFilterForm
from nastavnik.mentoring.models import DealBatch
from nastavnik.mentoring.selectors import batches as selectors
from nastavnik.mentoring.services import batches as services
from nastavnik.offices.models import User
from nastavnik.web.forms import add_service_errors
from nastavnik.web.pages import acting_user, paginate, posted, render_page, wants_fragment


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    batches = selectors.batches_for(user)
    status = request.GET.get("status") or ""
    if status in DealBatchStatus.values:
        batches = batches.filter(status=status)
    context = {
        "page": paginate(request, batches.order_by("-created_at", "pk")),
        "statuses": DealBatchStatus.choices,
        "status": status,
        "is_filtered": bool(status),
        "office_state": selectors.office_batch_state(user),
        "max_deals": settings.DEAL_BATCH_MAX_DEALS,
    }
    return render_page(request, "mentoring/batches/list.html", "mentoring/batches/partials/results.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def batch_request(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if user.office is None or not services.can_request_batch(user, user.office):
        raise PermissionDenied(_("Базу запрашивают владелец представительства или менеджер по продажам."))
    form = BatchRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.deal_batch_request(user=user, office=user.office, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Запрос отправлен аккаунт-менеджеру."))
            return redirect("mentoring:batches-detail", pk=batch.pk)
    status = 400 if form.errors else 200
    return render_page(
        request, "mentoring/batches/request.html", "mentoring/batches/request.html", {"form": form}, status
    )


def _detail_context(user: User, batch: DealBatch) -> dict[str, Any]:
    items = list(selectors.batch_items_for(user).filter(batch=batch).order_by("pk"))
    states = services.batch_item_states(batch)
    for item in items:
        item.is_processed = states.get(item.pk, False)  # type: ignore[attr-defined]
    return {
        "batch": batch,
        "items": items,
        "processed_count": sum(states.values()),
        "can_hand_over": batch.status == DealBatchStatus.REQUESTED and services.can_hand_over_batch(user, batch.office),
        "can_cancel": batch.status == DealBatchStatus.REQUESTED
        and (services.can_request_batch(user, batch.office) or services.can_hand_over_batch(user, batch.office)),
        "can_record": batch.status in (DealBatchStatus.HANDED_OVER, DealBatchStatus.PROCESSED)
        and services.can_record_outcome(user, batch.office),
        "outcome_form": OutcomeForm(),
    }


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    batch = get_object_or_404(selectors.batches_for(user), pk=pk)
    if batch.status == DealBatchStatus.HANDED_OVER:
        services.deal_batch_refresh(batch=batch)
        batch.refresh_from_db()
    context = _detail_context(user, batch)
    return render_page(request, "mentoring/batches/detail.html", "mentoring/batches/partials/items.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def batch_hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    """The pool with filters; the account manager ticks up to the limit of deals and hands them over."""
    user = acting_user(request)
    batch = get_object_or_404(selectors.batches_for(user), pk=pk)
    if not services.can_hand_over_batch(user, batch.office):
        raise PermissionDenied(_("Базу передаёт аккаунт-менеджер представительства."))
    filters = PoolFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    deals = selectors.pool_deals_for(user, **criteria)
    form = HandOverForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.deal_batch_hand_over(user=user, batch=batch, deals=form.cleaned_data["deals"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("База передана представительству."))
            return redirect("mentoring:batches-detail", pk=batch.pk)
    context = {
        "batch": batch,
        "filters": filters,
        "form": form,
        "page": paginate(request, deals, per_page=settings.DEAL_BATCH_MAX_DEALS),
        "max_deals": settings.DEAL_BATCH_MAX_DEALS,
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        "selected": set(form.cleaned_data.get("deals", []))
        if form.is_bound and hasattr(form, "cleaned_data")
        else set(),
    }
    status = 400 if form.errors else 200
    return render_page(
        request, "mentoring/batches/hand_over.html", "mentoring/batches/partials/pool.html", context, status
    )


@login_required
@require_POST
def batch_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    batch = get_object_or_404(selectors.batches_for(user), pk=pk)
    try:
        services.deal_batch_cancel(user=user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Запрос базы отменён."))
    return redirect("mentoring:batches-detail", pk=batch.pk)


@login_required
@require_POST
def item_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    item = get_object_or_404(selectors.batch_items_for(user), pk=pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.deal_batch_item_record_outcome(
                user=user, item=item, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["outcome_note"]
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"note": "outcome_note"})
    batch = DealBatch.objects.select_related("office", "requested_by", "handed_over_by").get(pk=item.batch_id)
    if form.errors:
        messages.error(request, " ".join(str(message) for errors in form.errors.values() for message in errors))
        if not wants_fragment(request):
            return redirect("mentoring:batches-detail", pk=batch.pk)
    elif not wants_fragment(request):
        messages.success(request, _("Результат записан."))
        return redirect("mentoring:batches-detail", pk=batch.pk)
    context = _detail_context(user, batch)
    status = 400 if form.errors else 200
    return render_page(
        request, "mentoring/batches/detail.html", "mentoring/batches/partials/items.html", context, status
    )


urlpatterns: list[URLPattern] = [
    path("batches/", batch_list, name="batches-list"),
    path("batches/request/", batch_request, name="batches-request"),
    path("batches/<int:pk>/", batch_detail, name="batches-detail"),
    path("batches/<int:pk>/hand-over/", batch_hand_over, name="batches-hand-over"),
    path("batches/<int:pk>/cancel/", batch_cancel, name="batches-cancel"),
    path("batches/items/<int:pk>/outcome/", item_outcome, name="batches-item-outcome"),
]
