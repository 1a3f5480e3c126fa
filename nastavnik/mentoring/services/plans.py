"""Every write of the monthly plan: the target the account manager agrees, and the cycle of actions."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.lib.money import format_rub
from nastavnik.mentoring.models import MonthlyPlan, PlanAction
from nastavnik.notifications.services import notify
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import can_write_in_office, is_mentor_of, offices_for

ACTION_FIELDS = ("title", "assignee", "due_on")


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def can_set_plan(user: User, office: Office) -> bool:
    """The target is agreed by the office's account manager (or an admin or head); the office only sees it."""
    if not user.is_authenticated or office.is_headquarters:
        return False
    return is_mentor_of(user, office)


def can_mark_action_done(user: User, office: Office) -> bool:
    """Office staff mark their steps done; the account manager may too."""
    return can_set_plan(user, office) or can_write_in_office(user, office.pk)


def _ensure_visible(user: User, office: Office) -> None:
    if not offices_for(user).filter(pk=office.pk).exists():
        raise PermissionDenied(_("Это представительство вам недоступно."))


def _ensure_can_set(user: User, office: Office) -> None:
    _ensure_visible(user, office)
    if not can_set_plan(user, office):
        raise PermissionDenied(_("План согласует аккаунт-менеджер представительства."))


def _validate_target(target: Any) -> Decimal:
    if target is None or target == "":
        raise ValidationError({"target": _("Укажите план в рублях.")})
    target = Decimal(target)
    if target <= 0:
        raise ValidationError({"target": _("План должен быть больше нуля.")})
    return target


def _notify_office(plan: MonthlyPlan, text: str) -> None:
    url = reverse("mentoring:plans-detail", args=[plan.pk])
    owner = plan.office.owner
    if owner is not None:
        notify(user=owner, text=text, url=url, email=True)


@transaction.atomic
def monthly_plan_set(*, user: User, office: Office, month: date, target: Any, note: str = "") -> MonthlyPlan:
    """Create or change an office's target for a month; whoever sets it is the one who agreed it."""
    _ensure_can_set(user, office)
    target = _validate_target(target)
    month = first_of_month(month)
    plan = MonthlyPlan.objects.select_for_update().filter(office=office, month=month).first()
    created = plan is None
    if plan is None:
        plan = MonthlyPlan(office=office, month=month)
    plan.target = target
    plan.note = note
    plan.agreed_by = user
    plan.agreed_at = timezone.now()
    plan.full_clean(validate_unique=False)
    plan.save()
    message = _("План на %(month)s: %(target)s") if created else _("План на %(month)s изменён: %(target)s")
    _notify_office(plan, message % {"month": f"{month:%m.%Y}", "target": format_rub(target)})
    return plan


@transaction.atomic
def monthly_plan_update(*, user: User, plan: MonthlyPlan, target: Any, note: str = "") -> MonthlyPlan:
    """Change the target of an existing plan (its month and office stay)."""
    return monthly_plan_set(user=user, office=plan.office, month=plan.month, target=target, note=note)


def _check_action(action: PlanAction) -> None:
    errors: dict[str, str] = {}
    if not (action.title or "").strip():
        errors["title"] = _("Опишите, что сделать.")
    office = action.plan.office
    if action.assignee_id and action.assignee is not None:
        assignee = action.assignee
        if assignee.office_id != office.pk and assignee.pk != office.account_manager_id:
            errors["assignee"] = _("Исполнитель должен работать в представительстве или быть его аккаунт-менеджером.")
        elif not assignee.is_active:
            errors["assignee"] = _("Этот сотрудник больше не работает.")
    if errors:
        raise ValidationError(errors)
    action.title = action.title.strip()
    action.full_clean()


@transaction.atomic
def plan_action_create(
    *, user: User, plan: MonthlyPlan, title: str, assignee: User | None = None, due_on: date | None = None
) -> PlanAction:
    """Add a step to the plan's cycle of actions (account manager or head, agreed at the plan talk)."""
    _ensure_can_set(user, plan.office)
    action = PlanAction(plan=plan, title=title or "", assignee=assignee, due_on=due_on, created_by=user)
    _check_action(action)
    action.save()
    if assignee is not None and assignee.pk != user.pk:
        notify(
            user=assignee,
            text=_("Новое действие по плану на %(month)s: %(title)s")
            % {"month": f"{plan.month:%m.%Y}", "title": title},
            url=reverse("mentoring:plans-detail", args=[plan.pk]),
            email=True,
        )
    return action


@transaction.atomic
def plan_action_update(*, user: User, action: PlanAction, **fields: Any) -> PlanAction:
    _ensure_can_set(user, action.plan.office)
    for name, value in fields.items():
        if name not in ACTION_FIELDS:
            raise ValidationError({name: _("Это поле нельзя изменить.")})
        setattr(action, name, value if name != "title" else (value or ""))
    _check_action(action)
    action.save()
    return action


@transaction.atomic
def plan_action_delete(*, user: User, action: PlanAction) -> None:
    _ensure_can_set(user, action.plan.office)
    action.delete()


@transaction.atomic
def plan_action_set_done(*, user: User, action: PlanAction, done: bool = True) -> PlanAction:
    """Office staff (or the account manager) mark a step done, or reopen it."""
    office = action.plan.office
    _ensure_visible(user, office)
    if not can_mark_action_done(user, office):
        raise PermissionDenied(_("Отмечать выполнение могут сотрудники представительства."))
    if done and action.done_at is None:
        action.done_at = timezone.now()
        action.done_by = user
    elif not done:
        action.done_at = None
        action.done_by = None
    action.save(update_fields=["done_at", "done_by"])
    return action
