"""Every write of deal batches (базы): the office asks, the account manager hands pool deals over.

The batch rule lives here only: at most settings.DEAL_BATCH_MAX_DEALS deals, all from the HQ pool and not
won, and no new request while the office's previous batch is not processed (every deal touched again after
the hand-over and given an outcome). The web pages and the API call these functions and cannot skip it.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from nastavnik.activities.choices import TOUCH_KINDS
from nastavnik.activities.models import Activity
from nastavnik.clients.claims import company_hand_over
from nastavnik.deals.models import Deal
from nastavnik.mentoring.choices import BatchItemOutcome, DealBatchStatus
from nastavnik.mentoring.models import DealBatch, DealBatchItem
from nastavnik.notifications.services import notify
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import is_mentor_of, offices_for

OPEN_STATUSES = (DealBatchStatus.REQUESTED, DealBatchStatus.HANDED_OVER)
REQUESTING_ROLES = (Role.PARTNER_OWNER, Role.MANAGER)


def can_request_batch(user: User, office: Office) -> bool:
    """The partner owner and the sales managers of an office ask for a batch."""
    return bool(
        user.is_authenticated
        and not office.is_headquarters
        and user.role in REQUESTING_ROLES
        and user.office_id == office.pk
    )


def can_hand_over_batch(user: User, office: Office) -> bool:
    """The office's account manager (or an admin or head) picks the deals and hands them over."""
    return is_mentor_of(user, office)


def can_record_outcome(user: User, office: Office) -> bool:
    return bool(
        user.is_authenticated
        and user.role in (Role.PARTNER_OWNER, Role.MANAGER, Role.AGENT)
        and user.office_id == office.pk
    )


def _ensure_visible(user: User, office: Office) -> None:
    if not offices_for(user).filter(pk=office.pk).exists():
        raise PermissionDenied(_("Это представительство вам недоступно."))


def _url(batch: DealBatch) -> str:
    return reverse("mentoring:batches-detail", args=[batch.pk])


def pool_deals() -> QuerySet[Deal]:
    """Worked-but-unpaid deals of the HQ pool: deals of pooled companies that were never won."""
    return Deal.objects.filter(company__pooled_at__isnull=False).exclude(stage__is_won=True)


def batch_items_processed(batch: DealBatch) -> QuerySet[DealBatchItem]:
    touched_company = Activity.objects.filter(
        company=OuterRef("company"),
        office=batch.office_id,
        kind__in=TOUCH_KINDS,
        occurred_at__gt=batch.handed_over_at,
    )
    touched = Q(deal__last_touch_at__gt=batch.handed_over_at) | Exists(touched_company)
    outcome = ~Q(outcome="") | Q(deal__closed_at__gt=batch.handed_over_at)
    return batch.items.filter(touched & outcome)


def batch_item_states(batch: DealBatch) -> dict[int, bool]:
    """Item id → processed, for showing each deal's state on the batch page."""
    if batch.handed_over_at is None:
        return {}
    processed = set(batch_items_processed(batch).values_list("pk", flat=True))
    return {pk: pk in processed for pk in batch.items.values_list("pk", flat=True)}


@transaction.atomic
def deal_batch_refresh(*, batch: DealBatch) -> bool:
    """Mark a handed-over batch processed once every deal in it is; tells the account manager. True when it is."""
    batch = DealBatch.objects.select_for_update(of=("self",)).select_related("office__account_manager").get(pk=batch.pk)
    if batch.status == DealBatchStatus.PROCESSED:
        return True
    if batch.status != DealBatchStatus.HANDED_OVER:
        return False
    total = batch.items.count()
    if total == 0 or batch_items_processed(batch).count() < total:
        return False
    batch.status = DealBatchStatus.PROCESSED
    batch.processed_at = timezone.now()
    batch.save(update_fields=["status", "processed_at"])
    mentor = batch.office.account_manager
    if mentor is not None:
        notify(
            user=mentor,
            text=_("%(office)s обработало базу: все %(count)s сделок с новым касанием и результатом")
            % {"office": batch.office.name, "count": total},
            url=_url(batch),
            email=True,
        )
    return True


def deal_batches_refresh() -> int:
    """Job: mark every handed-over batch that is now processed (touches come from calls, imports, telephony)."""
    marked = 0
    for batch in DealBatch.objects.filter(status=DealBatchStatus.HANDED_OVER).only("pk"):
        if deal_batch_refresh(batch=batch):
            marked += 1
    return marked


@transaction.atomic
def deal_batch_request(*, user: User, office: Office, note: str = "") -> DealBatch:
    """The office asks its account manager for a batch; refused while its previous batch is not processed."""
    _ensure_visible(user, office)
    if not can_request_batch(user, office):
        raise PermissionDenied(_("Базу запрашивают владелец представительства или менеджер по продажам."))
    Office.objects.select_for_update().filter(pk=office.pk).first()  # one request at a time per office
    previous = DealBatch.objects.filter(office=office, status__in=OPEN_STATUSES).order_by("-created_at").first()
    if previous is not None and not deal_batch_refresh(batch=previous):
        if previous.status == DealBatchStatus.REQUESTED:
            message = _("Предыдущий запрос базы от %(date)s ещё не выполнен аккаунт-менеджером.")
        else:
            message = _(
                "Новую базу можно запросить, когда обработана предыдущая (от %(date)s): "
                "по каждой сделке нужно новое касание и результат."
            )
        raise ValidationError({"__all__": message % {"date": f"{timezone.localtime(previous.created_at):%d.%m.%Y}"}})
    batch = DealBatch(office=office, requested_by=user, note=(note or "").strip())
    batch.full_clean()
    batch.save()
    mentor = office.account_manager
    if mentor is not None:
        notify(
            user=mentor,
            text=_("%(office)s запрашивает базу сделок") % {"office": office.name},
            url=_url(batch),
            email=True,
        )
    return batch


def _deals_for_hand_over(deals: Iterable[Deal | int]) -> list[Deal]:
    ids = sorted({deal if isinstance(deal, int) else deal.pk for deal in deals})
    if not ids:
        raise ValidationError({"deals": _("Выберите хотя бы одну сделку.")})
    limit = settings.DEAL_BATCH_MAX_DEALS
    if len(ids) > limit:
        raise ValidationError(
            {
                "deals": ngettext(
                    "В базе может быть не больше %(limit)d сделки, выбрано %(count)d.",
                    "В базе может быть не больше %(limit)d сделок, выбрано %(count)d.",
                    limit,
                )
                % {"limit": limit, "count": len(ids)}
            }
        )
    found = list(pool_deals().filter(pk__in=ids).select_related("company", "stage").select_for_update(of=("self",)))
    missing = len(ids) - len(found)
    if missing:
        raise ValidationError(
            {
                "deals": ngettext(
                    "%(count)d сделка не из общего пула или уже оплачена.",
                    "%(count)d сделок не из общего пула или уже оплачены.",
                    missing,
                )
                % {"count": missing}
            }
        )
    return found


def _new_owner(batch: DealBatch) -> User:
    """Handed-over deals go to the partner owner, who shares them out; the requester when there is none."""
    owner = batch.office.owner
    if owner is not None and owner.office_id == batch.office_id and owner.is_active:
        return owner
    return batch.requested_by


@transaction.atomic
def deal_batch_hand_over(*, user: User, batch: DealBatch, deals: Iterable[Deal | int]) -> DealBatch:
    """Hand pooled deals to the office in one transaction: their companies move with their history."""
    batch = DealBatch.objects.select_for_update(of=("self",)).select_related("office", "requested_by").get(pk=batch.pk)
    office = batch.office
    _ensure_visible(user, office)
    if not can_hand_over_batch(user, office):
        raise PermissionDenied(_("Базу передаёт аккаунт-менеджер представительства."))
    if batch.status != DealBatchStatus.REQUESTED:
        raise ValidationError(
            {"__all__": _("Эта база уже %(status)s.") % {"status": batch.get_status_display().lower()}}
        )
    chosen = _deals_for_hand_over(deals)
    companies = {deal.company_id: deal.company for deal in chosen}
    for company in companies.values():
        company_hand_over(user=user, company=company, office=office)
    owner = _new_owner(batch)
    for deal in chosen:
        deal.office = office
        deal.owner = owner
        deal.agent = None
    bulk_update_with_history(
        chosen, Deal, ["office", "owner", "agent"], default_change_reason=_("Передана в базе представительству")
    )
    DealBatchItem.objects.bulk_create(
        [DealBatchItem(batch=batch, deal=deal, company=companies[deal.company_id]) for deal in chosen]
    )
    batch.status = DealBatchStatus.HANDED_OVER
    batch.handed_over_by = user
    batch.handed_over_at = timezone.now()
    batch.save(update_fields=["status", "handed_over_by", "handed_over_at"])
    text = ngettext(
        "Аккаунт-менеджер передал базу: %(count)d сделка",
        "Аккаунт-менеджер передал базу: %(count)d сделок",
        len(chosen),
    ) % {"count": len(chosen)}
    for person in {batch.requested_by, office.owner} - {None}:
        notify(user=person, text=text, url=_url(batch), email=True)  # type: ignore[arg-type]
    return batch


@transaction.atomic
def deal_batch_cancel(*, user: User, batch: DealBatch) -> DealBatch:
    """Withdraw a request not handed over yet (the office) or decline it (the account manager)."""
    batch = DealBatch.objects.select_for_update(of=("self",)).select_related("office").get(pk=batch.pk)
    _ensure_visible(user, batch.office)
    if not (can_request_batch(user, batch.office) or can_hand_over_batch(user, batch.office)):
        raise PermissionDenied(_("Отменить запрос могут представительство или его аккаунт-менеджер."))
    if batch.status != DealBatchStatus.REQUESTED:
        raise ValidationError({"__all__": _("Отменить можно только ещё не переданную базу.")})
    batch.status = DealBatchStatus.CANCELLED
    batch.save(update_fields=["status"])
    return batch


@transaction.atomic
def deal_batch_item_record_outcome(*, user: User, item: DealBatchItem, outcome: str, note: str = "") -> DealBatchItem:
    """The office records how a handed-over deal went: negotiations go on, paid, or refused."""
    batch = item.batch
    _ensure_visible(user, batch.office)
    if not can_record_outcome(user, batch.office):
        raise PermissionDenied(_("Результат записывают сотрудники представительства."))
    if batch.status not in (DealBatchStatus.HANDED_OVER, DealBatchStatus.PROCESSED):
        raise ValidationError({"outcome": _("База ещё не передана.")})
    valid = {choice for choice in BatchItemOutcome.values if choice}
    if outcome not in valid:
        raise ValidationError({"outcome": _("Выберите результат: переговоры идут, оплата или отказ.")})
    note = (note or "").strip()
    if outcome == BatchItemOutcome.LOST and not note:
        raise ValidationError({"outcome_note": _("Укажите причину отказа.")})
    item.outcome = outcome
    item.outcome_note = note
    item.outcome_at = timezone.now()
    item.outcome_by = user
    item.full_clean()
    item.save(update_fields=["outcome", "outcome_note", "outcome_at", "outcome_by"])
    deal_batch_refresh(batch=batch)
    return item
