"""Who takes a new client (seed 002): the owner of an open deal, the region's manager, the duty manager of the day.

Every channel (telephony, web intake, agents, imports) asks these functions; none repeats the rule.
"""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from nastavnik.clients.models import Company
from nastavnik.deals.models import Deal
from nastavnik.intake.models import DutyShift
from nastavnik.offices.choices import OfficeKind, Role
from nastavnik.offices.models import Region, User
from nastavnik.offices.regions import MOSCOW_CODE


def today() -> date:
    """Today in Moscow: the roster and absences are kept in Moscow dates."""
    return timezone.localdate()


def is_absent(user: User, day: date) -> bool:
    return user.is_absent_on(day)


def is_available(user: User | None, day: date) -> bool:
    """Active and not on vacation, sick leave or a day off that day."""
    return user is not None and user.is_active and not user.is_absent_on(day)


def hq_managers() -> QuerySet[User]:
    """The headquarters' sales managers: the people the duty roster and the region routing choose from."""
    return User.objects.filter(office__kind=OfficeKind.HEADQUARTERS, role=Role.MANAGER, is_active=True)


def rostered_duty_manager(day: date) -> User | None:
    """The manager the roster names for the day, present or not (the roster page flags absentees)."""
    shift = DutyShift.objects.select_related("manager").filter(date=day).first()
    return shift.manager if shift else None


def duty_manager_on(day: date) -> User | None:
    """The duty manager who takes calls that name nobody on that Moscow date.

    None when the roster has nobody for the day or the rostered manager is absent: the roster flags that
    day in red so the head puts someone else on it.
    """
    manager = rostered_duty_manager(day)
    return manager if is_available(manager, day) else None


def _present_on(users: QuerySet[User], day: date) -> QuerySet[User]:
    return users.exclude(absences__starts_on__lte=day, absences__ends_on__gte=day)


def _least_loaded(users: QuerySet[User]) -> QuerySet[User]:
    return users.annotate(
        open_deal_count=Count("owned_deals", filter=Q(owned_deals__closed_at__isnull=True), distinct=True)
    ).order_by("open_deal_count", "pk")


def managers_for_region(region: Region | None, *, day: date | None = None) -> QuerySet[User]:
    """Present HQ managers of the region (Moscow when no region is given), least loaded first."""
    day = day or today()
    is_moscow = region is None or region.code == MOSCOW_CODE
    region_filter = Q(regions__code=MOSCOW_CODE) if is_moscow else Q(regions=region)
    return _least_loaded(_present_on(hq_managers().filter(region_filter).distinct(), day))


def manager_for_region(region: Region | None, *, day: date | None = None) -> User | None:
    """The least loaded present HQ manager of the region (Moscow by default), else the duty manager."""
    day = day or today()
    return managers_for_region(region, day=day).first() or duty_manager_on(day)


def open_deal_owner(company: Company) -> User | None:
    """The owner of the company's most recent open deal (present or not: the caller decides)."""
    deal = (
        Deal.objects.filter(company=company, closed_at__isnull=True, owner__is_active=True)
        .select_related("owner")
        .order_by("-opened_at", "-pk")
        .first()
    )
    return deal.owner if deal else None


def previous_contact_person(company: Company) -> User | None:
    """Who worked with the client before: the open deal's owner, else the company's responsible manager."""
    owner = open_deal_owner(company)
    if owner is not None:
        return owner
    responsible = company.responsible
    return responsible if responsible is not None and responsible.is_active else None
