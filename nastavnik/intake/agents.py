"""Agents (seed 002, part 2): call lists, each call's outcome, a booked meeting opening the deal, commissions."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.activities.choices import ActivityKind
from nastavnik.clients.choices import LeadSource
from nastavnik.clients.models import Company, Contact
from nastavnik.deals.models import Deal
from nastavnik.intake.call_list_file import read_call_list
from nastavnik.intake.choices import CallOutcome
from nastavnik.intake.models import CallList, CallListEntry, Commission, CommissionRule
from nastavnik.lib.phone import PhoneError, normalize_phone
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, Region, User
from nastavnik.offices.selectors import can_write_in_office, has_full_access, office_scope

CENT = Decimal("0.01")


# Reads


def call_lists_for(user: User) -> QuerySet[CallList]:
    """Call lists the user may see: an agent only their own, office staff their office's."""
    lists = CallList.objects.filter(office_scope(user))
    if user.is_authenticated and user.role == Role.AGENT:
        lists = lists.filter(agent=user)
    return lists


def call_list_list(user: User) -> QuerySet[CallList]:
    return (
        call_lists_for(user)
        .select_related("agent", "office")
        .annotate(
            entry_count=Count("entries"),
            pending_count=Count("entries", filter=Q(entries__outcome=CallOutcome.PENDING)),
            meeting_count=Count("entries", filter=Q(entries__outcome=CallOutcome.MEETING_BOOKED)),
        )
        .order_by("-created_at", "-pk")
    )


def call_list_entries_for(user: User) -> QuerySet[CallListEntry]:
    return CallListEntry.objects.filter(call_list__in=call_lists_for(user).values("pk"))


def commissions_for(user: User) -> QuerySet[Commission]:
    """A person sees their own commissions; a head or admin sees everyone's, a partner owner their office's."""
    commissions = Commission.objects.select_related("deal", "deal__company", "deal__office", "user")
    if not user.is_authenticated:
        return commissions.none()
    if has_full_access(user):
        return commissions
    if user.role == Role.PARTNER_OWNER:
        return commissions.filter(Q(user=user) | Q(deal__office_id=user.office_id))
    return commissions.filter(user=user)


def commission_rule_for(office: Office) -> CommissionRule:
    """The office's shares; the defaults (5 % agent, 10 % manager) until someone changes them."""
    rule, _created = CommissionRule.objects.get_or_create(office=office)
    return rule


def can_edit_call_list(user: User, call_list: CallList) -> bool:
    if not can_write_in_office(user, call_list.office_id):
        return False
    return user.role != Role.AGENT or call_list.agent_id == user.pk


def agents_in(office: Office) -> QuerySet[User]:
    return User.objects.filter(office=office, role=Role.AGENT, is_active=True)


def least_loaded_manager(office: Office) -> User | None:
    """The office's sales manager with the fewest open deals."""
    return (
        User.objects.filter(office=office, role=Role.MANAGER, is_active=True)
        .annotate(open_deals=Count("owned_deals", filter=Q(owned_deals__closed_at__isnull=True)))
        .order_by("open_deals", "pk")
        .first()
    )


def lead_manager_for(office: Office, region: Region | None) -> User | None:
    """Who gets a new lead: at HQ the manager of the client's region (seed 002), in a partner office its
    least loaded manager; the office's owner when nobody else can take it."""
    if office.is_headquarters:
        from nastavnik.intake.routing import manager_for_region

        manager = manager_for_region(region)
        if manager is not None and (manager.office_id == office.pk or has_full_access(manager)):
            return manager
    manager = least_loaded_manager(office)
    if manager is None and office.owner_id and office.owner.is_active:  # type: ignore[union-attr]
        manager = office.owner
    return manager


def region_from_text(text: str) -> Region | None:
    """A region written as its code («77») or its name («Москва»)."""
    text = (text or "").strip()
    if not text:
        return None
    return Region.objects.filter(Q(code__iexact=text) | Q(name__iexact=text)).first()


# Call list import


def _clean_row(row: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    errors: list[str] = []
    if any(value.startswith(("=", "+=", "@")) for value in row.values()):
        errors.append(_("формула вместо значения"))
    fields: dict[str, Any] = {
        "company_name": row.get("company", "")[:300],
        "contact_name": row.get("contact", "")[:200],
        "website": row.get("website", "")[:300],
    }
    if not fields["company_name"]:
        errors.append(_("не указана компания"))
    phone = row.get("phone", "")
    if not phone:
        errors.append(_("не указан телефон"))
    else:
        try:
            fields["phone"] = normalize_phone(phone)
        except PhoneError:
            errors.append(_("неверный телефон «%(value)s»") % {"value": phone})
    email = row.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("неверный e-mail «%(value)s»") % {"value": email})
        fields["email"] = email
    region_text = row.get("region", "")
    fields["region"] = region_from_text(region_text)
    if region_text and fields["region"] is None:
        errors.append(_("неизвестный регион «%(value)s»") % {"value": region_text})
    return fields, errors


@transaction.atomic
def call_list_import(
    *, user: User, name: str, file: IO[bytes], filename: str, agent: User | None = None
) -> tuple[CallList, list[str]]:
    """Create a call list from a file; good rows become entries, bad ones come back as messages.

    A file that cannot be read or lacks the required columns is refused whole.
    """
    agent = agent or user
    if agent.role != Role.AGENT or agent.office_id is None:
        raise ValidationError({"agent": _("Список обзвона можно выдать только агенту.")})
    if not can_write_in_office(user, agent.office_id) or (user.role == Role.AGENT and agent.pk != user.pk):
        raise PermissionDenied(_("Вы не можете загрузить список обзвона этому агенту."))
    rows, _total = read_call_list(file, filename)
    entries, problems = [], []
    for line, row in rows:
        fields, errors = _clean_row(row)
        if errors:
            problems.append(_("Строка %(line)s: %(errors)s.") % {"line": line, "errors": "; ".join(errors)})
        else:
            entries.append(fields)
    if not entries:
        raise ValidationError({"file": [_("В файле нет ни одной правильной строки."), *problems]})
    call_list = CallList(office_id=agent.office_id, agent=agent, name=name.strip() or filename)
    call_list.full_clean()
    call_list.save()
    CallListEntry.objects.bulk_create([CallListEntry(call_list=call_list, **fields) for fields in entries])
    return call_list, problems


# The agent's calls


@transaction.atomic
def call_list_entry_record(
    *, user: User, entry: CallListEntry, outcome: str, note: str = "", meeting_at: datetime | None = None
) -> CallListEntry:
    """Record a call's outcome; a booked meeting opens the deal and hands it to a manager."""
    call_list = entry.call_list
    if not can_edit_call_list(user, call_list):
        raise PermissionDenied(_("Это не ваш список обзвона."))
    if outcome not in CallOutcome.values:
        raise ValidationError({"outcome": _("Выберите результат звонка.")})
    if entry.deal_id is not None:
        raise ValidationError({"outcome": _("Встреча уже назначена, сделка открыта.")})
    entry.outcome = outcome
    entry.note = note.strip()
    entry.called_at = timezone.now()
    if outcome == CallOutcome.MEETING_BOOKED:
        if meeting_at is None:
            raise ValidationError({"meeting_at": _("Укажите дату и время встречи.")})
        entry.meeting_at = meeting_at
        _open_deal_for_meeting(entry)
    entry.save()
    return entry


def _find_existing_company(office: Office, entry: CallListEntry) -> Company | None:
    """The same client already in the system: in this office it is reused, elsewhere it is refused."""
    from nastavnik.clients.claims import claim_is_active
    from nastavnik.clients.duplicates import find_duplicates_any_office

    surname = entry.contact_name.split()[0] if entry.contact_name else ""
    matches = find_duplicates_any_office(
        name=entry.company_name, surname=surname, phone=entry.phone, email=entry.email, website=entry.website
    )
    for match in matches:
        if not match.likely:
            continue
        company = Company.objects.select_related("office").get(pk=match.company_id)
        if match.office_id == office.pk:
            return company
        if claim_is_active(company):
            raise ValidationError(
                {"outcome": _("Этого клиента уже ведёт другое представительство: сделку открыть нельзя.")}
            )
    return None


def _contact_for(user: User, company: Company, entry: CallListEntry, created: bool) -> Contact | None:
    if not entry.contact_name:
        return None
    parts = entry.contact_name.split()
    if not created:
        existing = company.contacts.filter(surname__iexact=parts[0]).first()
        if existing is not None:
            return existing
    from nastavnik.clients.services import contact_create

    return contact_create(
        user=user,
        company=company,
        surname=parts[0][:100],
        first_name=(parts[1] if len(parts) > 1 else "")[:100],
        patronymic=" ".join(parts[2:])[:100],
        phones=[entry.phone] if entry.phone else [],
        emails=[entry.email] if entry.email else [],
    )


def _open_deal_for_meeting(entry: CallListEntry) -> None:
    from nastavnik.activities.services import activity_create
    from nastavnik.clients.services import company_create
    from nastavnik.deals.services import deal_create
    from nastavnik.notifications.services import notify

    call_list = entry.call_list
    office, agent = call_list.office, call_list.agent
    company = _find_existing_company(office, entry)
    region = entry.region or (company.region if company else None)
    manager = lead_manager_for(office, region)
    if manager is None:
        raise ValidationError({"outcome": _("Некому передать сделку: в представительстве нет менеджеров.")})
    created = company is None
    if company is None:
        company = company_create(
            user=agent,
            office=office,
            name=entry.company_name,
            website=entry.website,
            region=region,
            source=LeadSource.AGENT,
            responsible=manager if manager.office_id == office.pk else None,
        )
    contact = _contact_for(agent, company, entry, created)
    deal = deal_create(
        user=agent,
        company=company,
        contact=contact,
        owner=manager,
        agent=agent,
        source=LeadSource.AGENT,
        title=_("Встреча от агента: %(company)s") % {"company": company.name},
    )
    meeting_at = entry.meeting_at or timezone.now()
    activity_create(
        user=agent,
        company=company,
        kind=ActivityKind.MEETING,
        deal=deal,
        contact=contact,
        occurred_at=meeting_at,
        subject=_("Встреча, назначенная агентом"),
        body=entry.note,
    )
    entry.company, entry.contact, entry.deal = company, contact, deal
    when = timezone.localtime(meeting_at).strftime("%d.%m.%Y %H:%M")
    notify(
        user=manager,
        text=_("Агент %(agent)s назначил встречу с «%(company)s» на %(when)s: сделка ваша.")
        % {"agent": agent.short_name, "company": company.name, "when": when},
        url=reverse("deals:deal-detail", args=[deal.pk]),
    )


# Commissions


@transaction.atomic
def commission_rule_update(
    *, user: User, office: Office, agent_percent: Decimal, manager_percent: Decimal
) -> CommissionRule:
    if not has_full_access(user):
        raise PermissionDenied(_("Доли комиссии меняют только руководитель и администратор."))
    rule = commission_rule_for(office)
    rule.agent_percent, rule.manager_percent = agent_percent, manager_percent
    rule.full_clean()
    rule.save()
    return rule


def _share(amount: Decimal, percent: Decimal) -> Decimal:
    return (amount * percent / Decimal("100")).quantize(CENT, rounding=ROUND_HALF_UP)


def commissions_on_won(deal: Deal) -> None:
    """A won deal an agent opened earns the agent and the owner their shares, once; reopening takes them back."""
    if not (deal.stage.is_won and deal.agent_id):
        Commission.objects.filter(deal=deal).delete()
        return
    rule = commission_rule_for(deal.office)
    shares = {deal.agent_id: rule.agent_percent}
    shares.setdefault(deal.owner_id, rule.manager_percent)
    Commission.objects.filter(deal=deal).exclude(user_id__in=shares).delete()
    for user_id, percent in shares.items():
        Commission.objects.update_or_create(
            deal=deal, user_id=user_id, defaults={"percent": percent, "amount": _share(deal.amount, percent)}
        )
