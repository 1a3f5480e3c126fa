"""Every write to deals, invoices and payments."""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.clients.models import Company, Tag
from nastavnik.deals.models import Deal, Invoice, Payment, Stage, Tariff
from nastavnik.deals.selectors import can_edit_deal
from nastavnik.offices.choices import Role
from nastavnik.offices.models import User
from nastavnik.offices.selectors import has_full_access
from nastavnik.offices.services import ensure_can_write_in_office


def _check_deal_links(deal: Deal, tags: list[Tag] | None = None) -> None:
    errors: dict[str, str] = {}
    if deal.contact_id and deal.contact and deal.contact.company_id != deal.company_id:
        errors["contact"] = _("Контакт работает в другой компании.")
    if deal.owner_id and deal.owner.office_id != deal.office_id and not has_full_access(deal.owner):
        errors["owner"] = _("Ответственный должен работать в представительстве сделки.")
    if deal.agent_id and deal.agent and deal.agent.office_id != deal.office_id:
        errors["agent"] = _("Агент должен работать в представительстве сделки.")
    if deal.stage_id and deal.stage.is_lost and not deal.lost_reason.strip():
        errors["lost_reason"] = _("Укажите причину отказа.")
    if tags and any(tag.office_id != deal.office_id for tag in tags):
        errors["tags"] = _("Нельзя использовать тег другого представительства.")
    if errors:
        raise ValidationError(errors)


def _sync_closed_at(deal: Deal) -> None:
    if deal.stage.is_closed and deal.closed_at is None:
        deal.closed_at = timezone.now()
    elif not deal.stage.is_closed:
        deal.closed_at = None
        deal.lost_reason = ""


@transaction.atomic
def deal_create(*, user: User, company: Company, tags: list[Tag] | None = None, **fields: Any) -> Deal:
    ensure_can_write_in_office(user, company.office_id)
    if user.role == Role.AGENT:
        fields["agent"] = user
    if fields.get("owner") is None:
        if user.role == Role.AGENT:
            raise ValidationError({"owner": _("Выберите менеджера, который возьмёт сделку.")})
        fields["owner"] = user
    fields.setdefault("stage", Stage.objects.order_by("order", "pk").first())
    fields.setdefault("opened_at", timezone.now())
    fields.setdefault("source", company.source)
    deal = Deal(office_id=company.office_id, company=company, **fields)
    _check_deal_links(deal, tags)
    _sync_closed_at(deal)
    deal.full_clean()
    deal.save()
    if tags is not None:
        deal.tags.set(tags)
    from nastavnik.intake.agents import commissions_on_won

    commissions_on_won(deal)
    return deal


def _ensure_can_edit(user: User, deal: Deal) -> None:
    if not can_edit_deal(user, deal):
        raise PermissionDenied(_("У вас нет прав изменять эту сделку."))


@transaction.atomic
def deal_update(*, user: User, deal: Deal, tags: list[Tag] | None = None, **fields: Any) -> Deal:
    _ensure_can_edit(user, deal)
    for locked in ("office", "company", "first_touch_at", "last_touch_at"):
        fields.pop(locked, None)
    if user.role == Role.AGENT:
        fields.pop("agent", None)
    for name, value in fields.items():
        setattr(deal, name, value)
    _check_deal_links(deal, tags)
    _sync_closed_at(deal)
    deal.full_clean()
    deal.save()
    if tags is not None:
        deal.tags.set(tags)
    from nastavnik.intake.agents import commissions_on_won

    commissions_on_won(deal)
    return deal


@transaction.atomic
def deal_move(*, user: User, deal: Deal, stage: Stage, lost_reason: str = "") -> Deal:
    """Move a deal to another stage of the pipeline (the board's drag and drop)."""
    fields: dict[str, Any] = {"stage": stage}
    if stage.is_lost:
        fields["lost_reason"] = lost_reason or deal.lost_reason
    return deal_update(user=user, deal=deal, **fields)


MoneyRecord = TypeVar("MoneyRecord", Invoice, Payment)


def _save_money_record(record: MoneyRecord) -> MoneyRecord:
    """Invoices and payments follow one rule: the company and the deal belong to the record's office."""
    errors = {}
    if record.company_id and record.company.office_id != record.office_id:
        errors["company"] = _("Компания принадлежит другому представительству.")
    if record.deal_id and record.deal and record.deal.company_id != record.company_id:
        errors["deal"] = _("Сделка относится к другой компании.")
    if errors:
        raise ValidationError(errors)
    record.full_clean()
    record.save()
    return record


def _update_money_record(user: User, record: MoneyRecord, fields: dict[str, Any]) -> MoneyRecord:
    ensure_can_write_in_office(user, record.office_id)
    fields.pop("office", None)
    for name, value in fields.items():
        setattr(record, name, value)
    return _save_money_record(record)


@transaction.atomic
def invoice_create(*, user: User, company: Company, **fields: Any) -> Invoice:
    ensure_can_write_in_office(user, company.office_id)
    return _save_money_record(Invoice(office_id=company.office_id, company=company, **fields))


@transaction.atomic
def invoice_update(*, user: User, invoice: Invoice, **fields: Any) -> Invoice:
    return _update_money_record(user, invoice, fields)


@transaction.atomic
def payment_create(*, user: User, company: Company, **fields: Any) -> Payment:
    ensure_can_write_in_office(user, company.office_id)
    return _save_money_record(Payment(office_id=company.office_id, company=company, **fields))


@transaction.atomic
def payment_update(*, user: User, payment: Payment, **fields: Any) -> Payment:
    return _update_money_record(user, payment, fields)


def _ensure_can_manage_tariffs(user: User) -> None:
    if not has_full_access(user):
        raise PermissionDenied(_("Тарифы меняют только администратор и руководитель."))


@transaction.atomic
def tariff_create(*, user: User, **fields: Any) -> Tariff:
    _ensure_can_manage_tariffs(user)
    tariff = Tariff(**fields)
    tariff.full_clean()
    tariff.save()
    return tariff


@transaction.atomic
def tariff_update(*, user: User, tariff: Tariff, **fields: Any) -> Tariff:
    _ensure_can_manage_tariffs(user)
    for name, value in fields.items():
        setattr(tariff, name, value)
    tariff.full_clean()
    tariff.save()
    return tariff
