"""Every write to the timeline: calls with recordings, e-mails, meetings, notes, proposals, tasks."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.activities.choices import TOUCH_KINDS, ActivityKind
from nastavnik.activities.models import Activity
from nastavnik.clients.models import Company
from nastavnik.deals.models import Deal
from nastavnik.deals.selectors import can_edit_deal
from nastavnik.offices.models import User
from nastavnik.offices.services import ensure_can_write_in_office

_REQUIRED_BY_KIND: dict[str, tuple[str, ...]] = {
    ActivityKind.CALL: ("direction", "duration_seconds"),
    ActivityKind.PROPOSAL: ("proposal_template",),
    ActivityKind.TASK: ("due_at", "subject"),
    ActivityKind.EMAIL: ("subject",),
    ActivityKind.MEETING: (),
    ActivityKind.NOTE: ("body",),
}


def _validate_activity(activity: Activity) -> None:
    """Model validation and the per-kind rules together, so every mistake is reported at once."""
    errors: dict[str, list[str]] = {}
    try:
        activity.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for field, message in _kind_errors(activity).items():
        if message not in errors.setdefault(field, []):
            errors[field].append(message)
    if errors:
        raise ValidationError(errors)


def _kind_errors(activity: Activity) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field in _REQUIRED_BY_KIND.get(activity.kind, ()):
        if getattr(activity, field) in (None, ""):
            errors[field] = _("Обязательное поле.")
    if activity.deal_id and activity.deal and activity.deal.company_id != activity.company_id:
        errors["deal"] = _("Сделка относится к другой компании.")
    if activity.contact_id and activity.contact and activity.contact.company_id != activity.company_id:
        errors["contact"] = _("Контакт работает в другой компании.")
    if activity.kind != ActivityKind.CALL and activity.recording:
        errors["recording"] = _("Запись можно приложить только к звонку.")
    return errors


@transaction.atomic
def activity_create(*, user: User, company: Company, kind: str, deal: Deal | None = None, **fields: Any) -> Activity:
    ensure_can_write_in_office(user, company.office_id)
    if deal is not None and not can_edit_deal(user, deal):
        raise PermissionDenied(_("У вас нет прав изменять эту сделку."))
    fields.setdefault("occurred_at", timezone.now())
    fields.setdefault("author", user)
    if kind == ActivityKind.PROPOSAL:
        fields.setdefault("subject", _("Коммерческое предложение"))
    activity = Activity(office_id=company.office_id, company=company, kind=kind, deal=deal, **fields)
    _validate_activity(activity)
    activity.save()
    return activity


@transaction.atomic
def activity_update(*, user: User, activity: Activity, **fields: Any) -> Activity:
    ensure_can_write_in_office(user, activity.office_id)
    for locked in ("office", "company", "kind", "author"):
        fields.pop(locked, None)
    previous_deal_id = activity.deal_id
    for name, value in fields.items():
        setattr(activity, name, value)
    _validate_activity(activity)
    activity.save()
    if previous_deal_id and previous_deal_id != activity.deal_id:
        deal_touches_refresh(previous_deal_id)
    return activity


def task_set_done(*, user: User, task: Activity, done: bool = True) -> Activity:
    if task.kind != ActivityKind.TASK:
        raise ValidationError({"is_done": _("Выполнить можно только задачу.")})
    return activity_update(user=user, activity=task, is_done=done)


def proposal_set_acknowledged(*, user: User, proposal: Activity, acknowledged: bool = True) -> Activity:
    if proposal.kind != ActivityKind.PROPOSAL:
        raise ValidationError({"acknowledged": _("Отметить ознакомление можно только для КП.")})
    return activity_update(user=user, activity=proposal, acknowledged=acknowledged)


def deal_touches_refresh(deal_id: int) -> None:
    """First and last touch of a deal are derived from its timeline, never typed."""
    deals_touches_refresh(Deal.objects.filter(pk=deal_id))


def deals_touches_refresh(deals: QuerySet[Deal] | None = None) -> int:
    """The touch rule for many deals (all when none given) in one UPDATE: imports and demo data."""
    touches = Activity.objects.filter(deal=OuterRef("pk"), kind__in=TOUCH_KINDS).order_by().values("deal")
    first = touches.annotate(at=Min("occurred_at")).values("at")
    last = touches.annotate(at=Max("occurred_at")).values("at")
    deals = Deal.objects.all() if deals is None else deals
    return deals.update(first_touch_at=Subquery(first), last_touch_at=Subquery(last))
