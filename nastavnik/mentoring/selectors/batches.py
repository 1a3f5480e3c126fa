"""Reads of deal batches: the batches the user may see, the HQ pool the account manager picks from, the dashboard."""

from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from nastavnik.clients.selectors import pooled_companies_for
from nastavnik.deals.models import Deal, Stage
from nastavnik.mentoring.choices import DealBatchStatus
from nastavnik.mentoring.models import DealBatch, DealBatchItem
from nastavnik.mentoring.services.batches import OPEN_STATUSES, can_request_batch, pool_deals
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Region, User
from nastavnik.offices.selectors import office_scope

DASHBOARD_ITEMS = 5


def batches_for(user: User) -> QuerySet[DealBatch]:
    return (
        DealBatch.objects.filter(office_scope(user))
        .select_related("office", "requested_by", "handed_over_by")
        .annotate(item_count=Count("items"))
    )


def batch_items_for(user: User) -> QuerySet[DealBatchItem]:
    return DealBatchItem.objects.filter(office_scope(user, "batch__office")).select_related(
        "batch__office", "deal__stage", "company", "outcome_by"
    )


def _moscow_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def pool_deals_for(
    user: User,
    *,
    region: Region | None = None,
    stage: Stage | None = None,
    lost_reason: str = "",
    touched_after: date | None = None,
    touched_before: date | None = None,
) -> QuerySet[Deal]:
    """Worked-but-unpaid pool deals an account manager may hand over, by region, stage reached, lost reason, last touch.

    "Stage reached" means the deal stood at that stage at some point of its history.
    """
    deals = pool_deals().filter(company__in=pooled_companies_for(user).values("pk"))
    if region is not None:
        deals = deals.filter(company__region=region)
    if stage is not None:
        reached = Deal.history.filter(id=OuterRef("pk"), stage=stage)  # type: ignore[attr-defined]
        deals = deals.filter(Q(stage=stage) | Exists(reached))
    if lost_reason.strip():
        deals = deals.filter(lost_reason__icontains=lost_reason.strip())
    if touched_after is not None:
        deals = deals.filter(last_touch_at__gte=_moscow_midnight(touched_after))
    if touched_before is not None:
        deals = deals.filter(Q(last_touch_at__lt=_moscow_midnight(touched_before)) | Q(last_touch_at__isnull=True))
    return deals.select_related("company__region", "stage", "office").order_by("-last_touch_at", "pk")


def office_batch_state(user: User) -> dict[str, Any]:
    """For office staff: their current batch and whether they may ask for a new one."""
    office = user.office
    if office is None:
        return {"current": None, "can_request": False}
    current = batches_for(user).filter(office=office).exclude(status=DealBatchStatus.CANCELLED).first()
    is_open = current is not None and current.status in OPEN_STATUSES
    return {"current": current, "can_request": can_request_batch(user, office) and not is_open}


def batches_dashboard(user: User) -> dict[str, Any]:
    """Batches waiting for the user: requests to hand over (account manager), deals still to work (office)."""
    visible = batches_for(user)
    waiting = visible.filter(status=DealBatchStatus.REQUESTED).order_by("created_at")
    in_work = visible.filter(status=DealBatchStatus.HANDED_OVER).order_by("handed_over_at")
    pending_items = batch_items_for(user).filter(batch__status=DealBatchStatus.HANDED_OVER, outcome="")
    return {
        "waiting_count": waiting.count(),
        "waiting": list(waiting[:DASHBOARD_ITEMS]),
        "in_work_count": in_work.count(),
        "in_work": list(in_work[:DASHBOARD_ITEMS]),
        "pending_items_count": pending_items.count(),
        "office_state": office_batch_state(user) if user.office_id and user.role != Role.ACCOUNT_MANAGER else None,
        "list_url": reverse("mentoring:batches-list"),
    }
