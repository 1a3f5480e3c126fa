"""Claims between offices: a client (by website domain or INN) is worked by one office at a time.

The office that holds a company keeps it while it has an open deal on it or touched it within
settings.CLAIM_DAYS days; a lapsed partner claim returns the company to the headquarters pool.
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from nastavnik.activities.choices import TOUCH_KINDS
from nastavnik.activities.models import Activity
from nastavnik.clients.choices import ClientKeyKind
from nastavnik.clients.models import ClientKey, Company
from nastavnik.deals.models import Deal
from nastavnik.lib.dedupe_keys import inn_key, website_key
from nastavnik.offices.choices import OfficeKind, Role
from nastavnik.offices.models import HEADQUARTERS_CODE, Office, User
from nastavnik.offices.selectors import has_full_access

RELEASE_BATCH_SIZE = 500


def _window_start(today: date | None) -> datetime:
    """The first moment (Moscow midnight) that still counts for a claim checked on `today`."""
    today = today or timezone.localdate()
    return timezone.make_aware(datetime.combine(today - timedelta(days=settings.CLAIM_DAYS), time.min))


def active_claims_q(today: date | None = None) -> Q:
    """Companies whose office holds them: an open deal, or a touch or the taking itself within CLAIM_DAYS.

    A company waiting in the HQ pool is held by nobody.
    """
    start = _window_start(today)
    open_deal = Deal.objects.filter(company=OuterRef("pk"), office=OuterRef("office"), closed_at__isnull=True)
    recent_touch = Activity.objects.filter(
        company=OuterRef("pk"), office=OuterRef("office"), kind__in=TOUCH_KINDS, occurred_at__gte=start
    )
    # A company just entered or handed over has no touch yet; the office gets the same N days to make one.
    return Q(pooled_at__isnull=True) & (Q(office_since__gte=start) | Exists(open_deal) | Exists(recent_touch))


def companies_with_active_claim(queryset: QuerySet[Company], today: date | None = None) -> QuerySet[Company]:
    return queryset.filter(active_claims_q(today))


def claim_is_active(company: Company, *, today: date | None = None) -> bool:
    return Company.objects.filter(pk=company.pk).filter(active_claims_q(today)).exists()


def whom_to_ask(office: Office) -> str:
    """Who to ask about a client held by `office`, without naming the office: its account manager or the head."""
    if not office.is_headquarters and office.account_manager is not None:
        return _("аккаунт-менеджера: %(name)s") % {"name": office.account_manager.full_name}
    return _("руководителя отдела продаж")


# The keys by which an office holds a client: its website domain and its INN.
CLAIM_KEYS = (ClientKeyKind.WEBSITE.value, ClientKeyKind.INN.value)


def account_manager_name(office: Office) -> str:
    """The account manager of an office as «Фамилия И. О.», or the head of sales for HQ and offices without one."""
    if not office.is_headquarters and office.account_manager is not None:
        return office.account_manager.short_name
    return _("Руководитель отдела продаж")


def claim_holders(
    *, office: Office | None, website: str = "", inn: str = "", exclude_company_id: int | None = None
) -> Iterator[tuple[str, Company]]:
    """(field, company) for each key among website and INN that another office holds by an active claim."""
    keys = {"website": website_key(website or ""), "inn": inn_key(inn or "")}
    for field, value in keys.items():
        if not value:
            continue
        # Company ids first, through the indexes on the keys and on the INN, so no table is scanned.
        ids = set(
            ClientKey.objects.filter(kind=ClientKeyKind(field), value=value).values_list("company_id", flat=True)[:200]
        )
        if field == "inn":
            ids.update(Company.objects.filter(inn=value).values_list("pk", flat=True)[:200])  # before keys are built
        if not ids:
            continue
        companies = Company.objects.filter(pk__in=ids)
        if office is not None:
            companies = companies.exclude(office=office)
        if exclude_company_id is not None:
            companies = companies.exclude(pk=exclude_company_id)
        holder = (
            companies_with_active_claim(companies)
            .select_related("office__account_manager")
            .order_by("office_since", "pk")
            .first()
        )
        if holder is not None:
            yield field, holder


def ensure_not_claimed_elsewhere(
    *, office: Office, website: str = "", inn: str = "", exclude_company_id: int | None = None
) -> None:
    """Refuse a client that another office works: say since when and whom to ask, and nothing else of that office."""
    errors = {
        field: claim_refusal(field, holder)
        for field, holder in claim_holders(
            office=office, website=website, inn=inn, exclude_company_id=exclude_company_id
        )
    }
    if errors:
        raise ValidationError(errors)


def claim_refusal(field: str, holder: Company) -> str:
    """Why a client cannot be taken: since when another office works it and whom to ask (never which office)."""
    subject = _("Клиент с этим сайтом") if field == "website" else _("Клиент с этим ИНН")
    return _(
        "%(subject)s уже в работе у другого представительства с %(since)s. "
        "Чтобы взять его в работу, уточните у %(whom)s."
    ) % {
        "subject": subject,
        "since": timezone.localtime(holder.office_since).strftime("%d.%m.%Y"),
        "whom": whom_to_ask(holder.office),
    }


def claimed_among(company_ids: Iterable[int]) -> dict[int, Company]:
    """Which of these companies their office holds by an active claim, in one query (for imports)."""
    companies = companies_with_active_claim(Company.objects.filter(pk__in=list(company_ids)))
    return {company.pk: company for company in companies.select_related("office__account_manager")}


def lapsed_claims(today: date | None = None) -> QuerySet[Company]:
    """Partner-office companies nobody works any more: they go back to the HQ pool."""
    return Company.objects.filter(office__kind=OfficeKind.PARTNER, pooled_at__isnull=True).exclude(
        active_claims_q(today)
    )


def _move_companies(companies: list[Company], office: Office, *, pooled: bool, reason: str) -> None:
    """Put companies in another office with a history record; tags and responsible belong to the old office."""
    now = timezone.now()
    for company in companies:
        company.office = office
        company.office_since = now
        company.pooled_at = now if pooled else None
        company.responsible = None
        company.updated_at = now
    bulk_update_with_history(
        companies,
        Company,
        ["office", "office_since", "pooled_at", "responsible", "updated_at"],
        default_change_reason=reason,
    )
    ids = [company.pk for company in companies]
    Company.tags.through.objects.filter(company_id__in=ids).exclude(tag__office=office).delete()
    ClientKey.objects.filter(company_id__in=ids).update(office=office)


def release_lapsed_claims(*, today: date | None = None) -> int:
    """Return every lapsed partner company to the HQ pool; deals, timeline, invoices and payments stay as history."""
    hq = Office.objects.get(code=HEADQUARTERS_CODE)
    released = 0
    last_pk = 0
    while True:
        # Batches by primary key keep memory flat however many companies lapse at once.
        ids = list(
            lapsed_claims(today).filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:RELEASE_BATCH_SIZE]
        )
        if not ids:
            return released
        last_pk = ids[-1]
        with transaction.atomic():
            # Checked again under lock: a call logged a moment ago keeps the client with its office.
            companies = list(lapsed_claims(today).filter(pk__in=ids).select_for_update())
            if companies:
                _move_companies(companies, hq, pooled=True, reason=_("Вернулась в общий пул"))
                released += len(companies)


@transaction.atomic
def company_hand_over(*, user: User, company: Company, office: Office) -> Company:
    """Give a company (usually from the HQ pool) to an office: admins, heads or the office's account manager."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    is_mentor = user.role == Role.ACCOUNT_MANAGER and office.account_manager_id == user.pk
    if not (has_full_access(user) or (is_mentor and company.pooled_at is not None)):
        raise PermissionDenied(_("У вас нет прав передавать эту компанию."))
    if company.office_id == office.pk and company.pooled_at is None:
        raise ValidationError({"office": _("Компания уже в работе у этого представительства.")})
    ensure_not_claimed_elsewhere(office=office, website=company.website, inn=company.inn, exclude_company_id=company.pk)
    _move_companies([company], office, pooled=False, reason=_("Передана представительству"))
    company.refresh_from_db()
    return company
