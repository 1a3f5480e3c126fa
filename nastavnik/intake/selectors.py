"""Reads of the client intake."""

import calendar
import contextlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from nastavnik.clients.choices import ClientKeyKind
from nastavnik.clients.models import ClientKey, Company, ContactEmail, ContactPhone
from nastavnik.clients.selectors import companies_for
from nastavnik.intake import routing
from nastavnik.intake.models import DutyShift, IncomingCallCard, TelephonyCall
from nastavnik.lib.dedupe_keys import email_key, phone_keys
from nastavnik.lib.phone import split_extension
from nastavnik.lib.workcalendar import RUSSIAN_CALENDAR, CalendarUnknownError
from nastavnik.offices.models import Absence, User
from nastavnik.offices.selectors import has_full_access

# ---------------------------------------------------------------------------
# Duty roster, incoming-call cards and telephony
# ---------------------------------------------------------------------------

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_LETTERS = re.compile(r"[^\d\s()+\-.]")


def parse_month(text: str | None, *, default: date) -> date:
    """«2026-11» → 1 November 2026; anything else → the first day of the default's month."""
    match = _MONTH.match((text or "").strip())
    if match and 1 <= int(match.group(2)) <= 12 and 2000 <= int(match.group(1)) <= 2100:
        return date(int(match.group(1)), int(match.group(2)), 1)
    return default.replace(day=1)


def month_days(month: date) -> list[date]:
    return [month.replace(day=number) for number in range(1, calendar.monthrange(month.year, month.month)[1] + 1)]


def is_day_off(day: date) -> bool:
    """A weekend or an official holiday; weekends only for a year the working calendar does not know."""
    try:
        return not RUSSIAN_CALENDAR.is_working_day(day)
    except CalendarUnknownError:
        return day.weekday() >= 5


@dataclass
class RosterDay:
    day: date
    manager: User | None
    is_day_off: bool
    manager_absent: bool
    is_today: bool
    field: Any = None  # the day's select when the roster is edited


def duty_roster_month(month: date, *, today: date | None = None) -> list[RosterDay]:
    """Every day of the month with its duty manager; a rostered manager who is absent that day is flagged."""
    days = month_days(month)
    today = today or routing.today()
    shifts = {
        shift.date: shift.manager
        for shift in DutyShift.objects.filter(date__range=(days[0], days[-1])).select_related("manager")
    }
    absences = list(
        Absence.objects.filter(
            user__in={manager.pk for manager in shifts.values()}, starts_on__lte=days[-1], ends_on__gte=days[0]
        ).values_list("user_id", "starts_on", "ends_on")
    )

    def absent(manager: User | None, day: date) -> bool:
        return manager is not None and any(
            user_id == manager.pk and starts <= day <= ends for user_id, starts, ends in absences
        )

    return [
        RosterDay(day, shifts.get(day), is_day_off(day), absent(shifts.get(day), day), day == today) for day in days
    ]


def roster_weeks(days: list[RosterDay]) -> list[list[RosterDay | None]]:
    """The month as calendar weeks, Monday first; None pads the days of the neighbouring months."""
    cells: list[RosterDay | None] = [None] * days[0].day.weekday() + list(days)
    cells += [None] * (-len(cells) % 7)
    return [cells[start : start + 7] for start in range(0, len(cells), 7)]


def call_cards_for(user: User) -> QuerySet[IncomingCallCard]:
    """Cards the person took or was transferred; heads and admins see every card."""
    if not user.is_authenticated:
        return IncomingCallCard.objects.none()
    cards = IncomingCallCard.objects.select_related("manager", "transferred_to", "company", "deal")
    if has_full_access(user):
        return cards
    return cards.filter(Q(manager=user) | Q(transferred_to=user))


def telephony_calls_for(user: User) -> QuerySet[TelephonyCall]:
    if not has_full_access(user):
        return TelephonyCall.objects.none()
    return TelephonyCall.objects.select_related("routed_to", "called_user", "company")


class PhoneInputError(ValueError):
    """The caller's number has letters or too few digits."""


def caller_phone(raw: str) -> tuple[str | None, str]:
    """The caller id as (E.164 or None, subscriber part); PhoneInputError when it is not a phone number."""
    number, _extension = split_extension(raw or "")
    if not number.strip() or _LETTERS.search(number):
        message = _("Неверный номер телефона «%(value)s»: только цифры, +, скобки и дефисы.")
        raise PhoneInputError(message % {"value": raw})
    full, local = phone_keys(number)
    if full is None and not local:
        raise PhoneInputError(_("Неверный номер телефона «%(value)s»: слишком мало цифр.") % {"value": raw})
    return full, local


def companies_with_phone(raw: str) -> QuerySet[Company]:
    """Companies (any office) with a contact on this number: the system lookup for routing calls.

    A full number matches exactly (the duplicate keys and the contacts' own phones); a number without
    country and city code matches by its subscriber part.
    """
    full, local = caller_phone(raw)
    if full:
        ids = ClientKey.objects.filter(kind=ClientKeyKind.PHONE, value=full).values("company_id")
        by_contact = ContactPhone.objects.filter(number=full).values("contact__company_id")
        return Company.objects.filter(Q(pk__in=ids) | Q(pk__in=by_contact))
    ids = ClientKey.objects.filter(kind=ClientKeyKind.PHONE_LOCAL, value=local).values("company_id")
    return Company.objects.filter(pk__in=ids)


def companies_with_email(raw: str) -> QuerySet[Company]:
    address = email_key(raw)
    if "@" not in address:
        return Company.objects.none()
    ids = ClientKey.objects.filter(kind=ClientKeyKind.EMAIL, value=address).values("company_id")
    by_contact = ContactEmail.objects.filter(email=address).values("contact__company_id")
    return Company.objects.filter(Q(pk__in=ids) | Q(pk__in=by_contact))


def _companies_by_name(name: str) -> list[int]:
    """Likely matches by company name through the duplicate check, when it is installed."""
    try:
        from nastavnik.clients.duplicates import find_duplicates_any_office
    except ImportError:
        return []
    try:
        matches = find_duplicates_any_office(name=name)
    except Exception:  # a failing lookup must not break the call card
        return []
    return [match.company_id for match in matches if match.likely]


@dataclass
class KnownCaller:
    company: Company | None
    worked_with: User | None
    taken_elsewhere: bool


def known_caller(user: User, *, phone: str = "", email: str = "", organisation: str = "") -> KnownCaller | None:
    """Whether the caller is already a client, and who worked with them (only among companies the user sees)."""
    found: list[int] = []
    if phone:
        with contextlib.suppress(PhoneInputError):
            found += list(companies_with_phone(phone).order_by("-updated_at").values_list("pk", flat=True)[:20])
    if email:
        found += list(companies_with_email(email).order_by("-updated_at").values_list("pk", flat=True)[:20])
    if organisation and len(organisation.strip()) >= 3:
        found += _companies_by_name(organisation.strip())[:20]
    if not found:
        return None
    candidates = companies_for(user).filter(pk__in=found).select_related("responsible")
    visible = {company.pk: company for company in candidates}
    for company_id in found:
        if company_id in visible:
            company = visible[company_id]
            return KnownCaller(company, routing.previous_contact_person(company), False)
    return KnownCaller(None, None, True)


def companies_for_caller(raw: str) -> list[Company]:
    """The companies of a caller, best first: one with an open deal whose owner is present leads."""
    companies = list(companies_with_phone(raw).select_related("responsible").order_by("-updated_at")[:20])
    today = routing.today()

    def rank(company: Company) -> int:
        owner = routing.open_deal_owner(company)
        return 0 if routing.is_available(owner, today) else 1 if owner else 2

    return sorted(companies, key=rank)
