"""Every write of the closing assist workflow (дожатие): draft → submitted → accepted or returned → call → outcome."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.clients.models import Company
from nastavnik.deals.choices import PaymentStatus
from nastavnik.deals.models import Deal, Payment, Tariff
from nastavnik.deals.services import payment_create
from nastavnik.mentoring.choices import ClosingAssistStatus
from nastavnik.mentoring.models import ClosingAssistRequest
from nastavnik.mentoring.selectors.closing import (
    EDITABLE_STATUSES,
    closing_assist_conditions,
    is_office_side,
)
from nastavnik.notifications.services import notify
from nastavnik.offices.models import User
from nastavnik.offices.selectors import is_mentor_of

EDITABLE_FIELDS = (
    "deal",
    "staff_member",
    "considered_tariff",
    "site_traffic",
    "history",
    "why_not_paying",
    "joint_call_channel",
    "joint_call_at",
    "owner_attends",
    "staff_member_attends",
)


def _url(closing: ClosingAssistRequest) -> str:
    return reverse("mentoring:closing-detail", args=[closing.pk])


def _ensure_office_side(user: User, closing: ClosingAssistRequest) -> None:
    if not is_office_side(user, closing.office_id):
        raise PermissionDenied(_("Это действие выполняет представительство."))


def _ensure_mentor_side(user: User, closing: ClosingAssistRequest) -> None:
    if not is_mentor_of(user, closing.office):
        raise PermissionDenied(_("Это действие выполняет аккаунт-менеджер представительства."))


def _ensure_status(closing: ClosingAssistRequest, *allowed: str) -> None:
    if closing.status not in allowed:
        message = _("Нельзя сделать это с заявкой в статусе «%(status)s».")
        raise ValidationError({"status": message % {"status": closing.get_status_display()}})


def _check_links(closing: ClosingAssistRequest, tariffs: list[Tariff] | None) -> None:
    errors: dict[str, str] = {}
    if closing.deal_id and closing.deal and closing.deal.company_id != closing.company_id:
        errors["deal"] = _("Сделка относится к другой компании.")
    if closing.staff_member_id and closing.staff_member and closing.staff_member.office_id != closing.office_id:
        errors["staff_member"] = _("Сотрудник должен работать в представительстве клиента.")
    presented = {tariff.pk for tariff in tariffs or []}
    if presented and closing.considered_tariff_id and closing.considered_tariff_id not in presented:
        errors["considered_tariff"] = _("Отметьте этот тариф и среди показанных клиенту.")
    if errors:
        raise ValidationError(errors)


def _save(closing: ClosingAssistRequest, tariffs: list[Tariff] | None) -> ClosingAssistRequest:
    _check_links(closing, tariffs)
    closing.full_clean()
    closing.save()
    if tariffs is not None:
        closing.tariffs_presented.set(tariffs)
    return closing


@transaction.atomic
def closing_assist_create(
    *, user: User, company: Company, tariffs_presented: list[Tariff] | None = None, **fields: Any
) -> ClosingAssistRequest:
    """A draft request for a client of the user's office; the site traffic starts from the client card."""
    if not is_office_side(user, company.office_id):
        raise PermissionDenied(_("Заявку на дожатие подаёт представительство клиента."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Это поле нельзя задать.") for name in unknown})
    fields.setdefault("staff_member", user if user.office_id == company.office_id else None)
    if fields.get("site_traffic") is None:
        fields["site_traffic"] = company.site_traffic_monthly
    closing = ClosingAssistRequest(office_id=company.office_id, company=company, author=user, **fields)
    return _save(closing, tariffs_presented or [])


@transaction.atomic
def closing_assist_update(
    *, user: User, closing: ClosingAssistRequest, tariffs_presented: list[Tariff] | None = None, **fields: Any
) -> ClosingAssistRequest:
    """The office edits a draft or a returned request; the client and the office stay as they are."""
    _ensure_office_side(user, closing)
    _ensure_status(closing, *EDITABLE_STATUSES)
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            continue
        setattr(closing, name, value)
    if tariffs_presented is None:
        tariffs_presented = list(closing.tariffs_presented.all())
    return _save(closing, tariffs_presented)


@transaction.atomic
def closing_assist_submit(*, user: User, closing: ClosingAssistRequest) -> ClosingAssistRequest:
    """Send the request to the account manager, only when the system confirms every condition of the seed."""
    _ensure_office_side(user, closing)
    _ensure_status(closing, *EDITABLE_STATUSES)
    conditions = closing_assist_conditions(closing)
    missing = {condition.key: condition.missing for condition in conditions if not condition.met}
    if missing:
        raise ValidationError(missing)
    mentor = closing.office.account_manager
    if mentor is None:
        raise ValidationError({"status": _("У представительства нет аккаунт-менеджера.")})
    closing.status = ClosingAssistStatus.SUBMITTED
    closing.submitted_at = timezone.now()
    closing.save(update_fields=["status", "submitted_at", "updated_at"])
    notify(
        user=mentor,
        text=_("Заявка на дожатие: %(company)s (%(office)s)")
        % {"company": closing.company.display_name, "office": closing.office.name},
        url=_url(closing),
        email=True,
    )
    return closing


def _notify_office(closing: ClosingAssistRequest, *, actor: User, text: str) -> None:
    """The author and the partner owner learn what happened to the request (not the one who did it)."""
    people = {person.pk: person for person in (closing.author, closing.office.owner) if person is not None}
    if closing.office.account_manager is not None and is_office_side(actor, closing.office_id):
        people[closing.office.account_manager.pk] = closing.office.account_manager
    for person in people.values():
        if person.pk != actor.pk:
            notify(user=person, text=text, url=_url(closing), email=True)


@transaction.atomic
def closing_assist_accept(*, user: User, closing: ClosingAssistRequest) -> ClosingAssistRequest:
    _ensure_mentor_side(user, closing)
    _ensure_status(closing, ClosingAssistStatus.SUBMITTED)
    closing.status = ClosingAssistStatus.ACCEPTED
    closing.decided_at = timezone.now()
    closing.save(update_fields=["status", "decided_at", "updated_at"])
    _notify_office(
        closing,
        actor=user,
        text=_("Аккаунт-менеджер принял заявку на дожатие: %(company)s") % {"company": closing.company.display_name},
    )
    return closing


@transaction.atomic
def closing_assist_return(*, user: User, closing: ClosingAssistRequest, reason: str) -> ClosingAssistRequest:
    """The account manager sends the request back with a reason; the office fixes it and submits again."""
    _ensure_mentor_side(user, closing)
    _ensure_status(closing, ClosingAssistStatus.SUBMITTED, ClosingAssistStatus.ACCEPTED)
    if not reason.strip():
        raise ValidationError({"reason": _("Укажите, что нужно исправить.")})
    closing.status = ClosingAssistStatus.RETURNED
    closing.return_reason = reason.strip()
    closing.decided_at = timezone.now()
    closing.save(update_fields=["status", "return_reason", "decided_at", "updated_at"])
    _notify_office(
        closing,
        actor=user,
        text=_("Заявка на дожатие возвращена: %(company)s. %(reason)s")
        % {"company": closing.company.display_name, "reason": closing.return_reason},
    )
    return closing


@transaction.atomic
def closing_assist_joint_call_held(*, user: User, closing: ClosingAssistRequest) -> ClosingAssistRequest:
    _ensure_mentor_side(user, closing)
    _ensure_status(closing, ClosingAssistStatus.ACCEPTED)
    closing.status = ClosingAssistStatus.JOINT_CALL_HELD
    closing.joint_call_held_at = timezone.now()
    closing.save(update_fields=["status", "joint_call_held_at", "updated_at"])
    return closing


def _ensure_outcome_allowed(user: User, closing: ClosingAssistRequest) -> None:
    if not (is_mentor_of(user, closing.office) or is_office_side(user, closing.office_id)):
        raise PermissionDenied(_("У вас нет прав закрыть эту заявку."))
    _ensure_status(closing, ClosingAssistStatus.ACCEPTED, ClosingAssistStatus.JOINT_CALL_HELD)


def _winning_payment(
    user: User, closing: ClosingAssistRequest, payment: Payment | None, amount: Decimal | None, paid_on: date | None
) -> Payment:
    if payment is not None:
        if payment.company_id != closing.company_id or payment.office_id != closing.office_id:
            raise ValidationError({"payment": _("Оплата относится к другому клиенту.")})
        if payment.status != PaymentStatus.RECEIVED:
            raise ValidationError({"payment": _("Выберите полученную оплату.")})
        return payment
    if amount is None:
        raise ValidationError({"payment": _("Выберите оплату клиента или укажите сумму и дату оплаты.")})
    if not is_office_side(user, closing.office_id):
        # The account manager only reads the office's money; the office enters what it received.
        raise ValidationError({"amount": _("Новую оплату вносит представительство; выберите уже внесённую оплату.")})
    errors = {}
    if amount <= 0:
        errors["amount"] = _("Сумма оплаты должна быть больше нуля.")
    if paid_on is None:
        errors["paid_on"] = _("Укажите дату оплаты.")
    if errors:
        raise ValidationError(errors)
    deal: Deal | None = closing.deal
    return payment_create(
        user=user,
        company=closing.company,
        deal=deal,
        tariff=closing.considered_tariff,
        amount=amount,
        paid_on=paid_on,
    )


@transaction.atomic
def closing_assist_win(
    *,
    user: User,
    closing: ClosingAssistRequest,
    payment: Payment | None = None,
    amount: Decimal | None = None,
    paid_on: date | None = None,
) -> ClosingAssistRequest:
    """The client paid: the request is linked to the payment (an existing one or one the office enters now)."""
    _ensure_outcome_allowed(user, closing)
    closing.payment = _winning_payment(user, closing, payment, amount, paid_on)
    closing.status = ClosingAssistStatus.WON
    closing.closed_at = timezone.now()
    closing.save(update_fields=["payment", "status", "closed_at", "updated_at"])
    _notify_office(
        closing,
        actor=user,
        text=_("Дожатие завершилось оплатой: %(company)s") % {"company": closing.company.display_name},
    )
    return closing


@transaction.atomic
def closing_assist_lose(*, user: User, closing: ClosingAssistRequest, reason: str) -> ClosingAssistRequest:
    _ensure_outcome_allowed(user, closing)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Укажите причину отказа.")})
    max_length = ClosingAssistRequest._meta.get_field("lost_reason").max_length or 300
    if len(reason) > max_length:
        raise ValidationError({"reason": _("Не длиннее %(max)s символов.") % {"max": max_length}})
    closing.status = ClosingAssistStatus.LOST
    closing.lost_reason = reason
    closing.closed_at = timezone.now()
    closing.save(update_fields=["status", "lost_reason", "closed_at", "updated_at"])
    _notify_office(
        closing,
        actor=user,
        text=_("Дожатие завершилось отказом: %(company)s. %(reason)s")
        % {"company": closing.company.display_name, "reason": reason},
    )
    return closing
