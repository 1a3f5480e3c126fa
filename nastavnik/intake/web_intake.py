"""Web registrations (seed 002, part 3): site tokens, the flood limit, validation and routing to a manager."""

import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.activities.choices import ActivityKind
from nastavnik.clients.choices import LeadSource
from nastavnik.clients.models import Company, Contact
from nastavnik.deals.models import Deal
from nastavnik.intake.agents import lead_manager_for
from nastavnik.intake.choices import WebOutcome
from nastavnik.intake.models import IntakeSite, WebRegistration
from nastavnik.lib.dedupe_keys import website_key
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, Region, User, hash_token
from nastavnik.offices.selectors import can_write_in_office, office_scope

MOSCOW_REGION_CODE = "77"
FIELDS = ("name", "company", "phone", "email", "website", "region", "message", "material")


# Sites and their tokens


@transaction.atomic
def intake_site_create(*, office: Office, name: str) -> tuple[IntakeSite, str]:
    """A site that may post registrations, and its token; only the hash is kept, the token is shown once."""
    token = secrets.token_urlsafe(32)
    site = IntakeSite(office=office, name=name.strip(), token_hash=hash_token(token))
    site.full_clean(exclude=["token_hash"])
    site.save()
    return site, token


@transaction.atomic
def intake_site_new_token(*, site: IntakeSite) -> str:
    """Replace the site's token (the old one stops working) and return the new one, shown once."""
    token = secrets.token_urlsafe(32)
    site.token_hash = hash_token(token)
    site.save(update_fields=["token_hash"])
    return token


def intake_site_for_token(token: str) -> IntakeSite | None:
    if not token:
        return None
    return IntakeSite.objects.select_related("office").filter(token_hash=hash_token(token)).first()


def rate_limit_exceeded(scope: str, value: str) -> bool:
    """Count one submission for this token or address in the current minute; True once past the limit."""
    key = f"web-intake:{scope}:{hash_token(value)}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > settings.WEB_INTAKE_RATE_PER_MINUTE


# Reads


def web_registrations_for(user: User) -> QuerySet[WebRegistration]:
    """Registrations of the sites of the offices the user may see; an agent sees those they were brought in on."""
    registrations = WebRegistration.objects.filter(office_scope(user, "site__office"))
    if user.is_authenticated and user.role == Role.AGENT:
        registrations = registrations.filter(agent=user)
    return registrations


def web_registration_list(user: User) -> QuerySet[WebRegistration]:
    """The inbox: the registrations assigned to the user first, then the newest."""
    return (
        web_registrations_for(user)
        .select_related("site", "site__office", "region", "company", "deal", "assigned_to", "agent")
        .annotate(is_mine=Case(When(assigned_to=user.pk, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("-is_mine", "-received_at", "-pk")
    )


def intake_sites_for(user: User) -> QuerySet[IntakeSite]:
    return IntakeSite.objects.filter(office_scope(user))


# Receiving a registration


def _text(data: Any, field: str) -> str:
    value = data.get(field, "") if hasattr(data, "get") else ""
    return value.strip() if isinstance(value, str) else str(value or "").strip()


def clean_registration(data: Any) -> dict[str, Any]:
    """The submitted fields checked and normalised; every mistake is reported at once, in Russian."""
    from nastavnik.offices.validators import clean_phone

    raw = {field: _text(data, field) for field in FIELDS}
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {
        "name": raw["name"],
        "company_name": raw["company"],
        "website": raw["website"],
        "message": raw["message"],
        "material": raw["material"],
        "phone": "",
        "email": raw["email"].lower(),
        "region": None,
    }
    if not raw["phone"] and not raw["email"]:
        errors["__all__"] = [_("Укажите телефон или e-mail, чтобы мы могли с вами связаться.")]
    if raw["phone"]:
        try:
            fields["phone"] = clean_phone(raw["phone"])
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if fields["email"]:
        try:
            validate_email(fields["email"])
        except ValidationError:
            errors["email"] = [_("Неверный e-mail «%(value)s».") % {"value": raw["email"]}]
    if raw["website"] and website_key(raw["website"]) is None:
        errors["website"] = [_("Неверный адрес сайта «%(value)s».") % {"value": raw["website"]}]
    if raw["region"]:
        fields["region"] = Region.objects.filter(code=raw["region"]).first()
        if fields["region"] is None:
            errors["region"] = [_("Неизвестный код региона «%(value)s».") % {"value": raw["region"]}]
    try:
        WebRegistration(**fields).full_clean(exclude=["site", "outcome"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault("company" if field == "company_name" else field, messages)
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def web_registration_receive(*, site: IntakeSite, **fields: Any) -> WebRegistration:
    """Store the registration and route it as seed 002 says; all of it is written or none of it."""
    registration = WebRegistration(site=site, **fields)
    registration.full_clean(exclude=["outcome"])
    registration.save()
    _route(registration)
    registration.save()
    return registration


def _find_client(office: Office, registration: WebRegistration) -> tuple[Company | None, bool]:
    """The client this registration is about in the site's office, and whether another office holds it."""
    from nastavnik.clients.claims import claim_is_active
    from nastavnik.clients.duplicates import find_duplicates_any_office

    name_parts = _name_parts(registration.name)
    matches = find_duplicates_any_office(
        name=registration.company_name,
        surname=name_parts[0] if registration.name else "",
        phone=registration.phone,
        email=registration.email,
        website=registration.website,
    )
    taken = False
    for match in matches:
        if not match.likely:
            continue
        company = Company.objects.select_related("office", "region").get(pk=match.company_id)
        if match.office_id == office.pk:
            return company, False
        taken = taken or claim_is_active(company)
    return None, taken


def _manager_for(office: Office, region: Region | None) -> User | None:
    """A Moscow client goes to the duty manager of the day, a regional one to the region's manager."""
    if office.is_headquarters and (region is None or region.code == MOSCOW_REGION_CODE):
        from nastavnik.intake.routing import duty_manager_on

        today = timezone.localdate()
        duty = duty_manager_on(today)
        if duty is not None and duty.is_active and not duty.is_absent_on(today):
            return duty
    return lead_manager_for(office, region)


def _name_parts(name: str) -> list[str]:
    """«Иван Петров» → surname Петров, first name Иван; three words are read as «Фамилия Имя Отчество»."""
    parts = name.split()
    if len(parts) == 2:
        return [parts[1], parts[0]]
    return parts or [""]


def _summary(registration: WebRegistration) -> str:
    details = [
        registration.name,
        registration.company_name,
        registration.phone,
        registration.email,
        registration.website,
        _("материал «%(material)s»") % {"material": registration.material} if registration.material else "",
    ]
    text = _("Заявка с сайта: %(details)s") % {"details": ", ".join(d for d in details if d)}
    return f"{text}\n{registration.message}" if registration.message else text


def _inbox_url() -> str:
    return reverse("intake:web-inbox")


def _heads_of(office: Office) -> list[User]:
    heads = list(User.objects.filter(office=office, role__in=[Role.HEAD, Role.ADMIN], is_active=True))
    if not heads and office.owner_id:
        heads = [office.owner]  # type: ignore[list-item]
    return heads or list(User.objects.filter(role=Role.HEAD, is_active=True))


def _route(registration: WebRegistration) -> None:
    from nastavnik.clients.claims import ensure_not_claimed_elsewhere
    from nastavnik.notifications.services import notify

    office = registration.site.office
    company, taken = _find_client(office, registration)
    if company is None and not taken:
        try:
            ensure_not_claimed_elsewhere(office=office, website=registration.website)
        except ValidationError:
            taken = True
    if taken:
        registration.outcome = WebOutcome.TAKEN_ELSEWHERE
        for head in _heads_of(office):
            notify(
                user=head,
                text=_("Заявка с сайта «%(site)s»: клиент уже в работе у другого представительства.")
                % {"site": registration.site.name},
                url=_inbox_url(),
            )
        return
    open_deal = (
        (
            Deal.objects.filter(company=company, closed_at__isnull=True).select_related("owner").order_by("-opened_at")
        ).first()
        if company
        else None
    )
    if open_deal is not None and open_deal.owner.is_active:
        registration.outcome = WebOutcome.OPEN_DEAL_OWNER
        _hand_over(registration, open_deal.owner, open_deal)
        return
    region = registration.region or (company.region if company else None)
    manager = _manager_for(office, region)
    if manager is None:
        for head in _heads_of(office):
            notify(user=head, text=_("Заявку с сайта некому передать: нет дежурного менеджера."), url=_inbox_url())
        return
    if company is None:
        registration.outcome = WebOutcome.NEW_CLIENT
        company, contact = _create_client(registration, office, manager, region)
    else:
        registration.outcome = WebOutcome.NEW_DEAL_EXISTING_CLIENT
        contact = None
    from nastavnik.deals.services import deal_create

    deal = deal_create(
        user=manager,
        company=company,
        contact=contact,
        owner=manager,
        source=LeadSource.WEBSITE,
        title=_("Заявка с сайта: %(company)s") % {"company": company.name},
    )
    _hand_over(registration, manager, deal)


def _create_client(
    registration: WebRegistration, office: Office, manager: User, region: Region | None
) -> tuple[Company, Contact]:
    from nastavnik.clients.services import company_create, contact_create

    company = company_create(
        user=manager,
        office=office,
        name=(registration.company_name or registration.name or registration.email or registration.phone)[:300],
        website=registration.website,
        region=region,
        source=LeadSource.WEBSITE,
        responsible=manager if manager.office_id == office.pk else None,
    )
    parts = _name_parts(registration.name)
    contact = contact_create(
        user=manager,
        company=company,
        surname=(parts[0] or _("Без имени"))[:100],
        first_name=(parts[1] if len(parts) > 1 else "")[:100],
        patronymic=" ".join(parts[2:])[:100],
        phones=[registration.phone] if registration.phone else [],
        emails=[registration.email] if registration.email else [],
    )
    return company, contact


def _hand_over(registration: WebRegistration, manager: User, deal: Deal) -> None:
    """The manager gets the registration: a note on the deal and a notification."""
    from nastavnik.activities.services import activity_create
    from nastavnik.notifications.services import notify

    registration.assigned_to, registration.deal, registration.company = manager, deal, deal.company
    activity_create(
        user=manager,
        company=deal.company,
        kind=ActivityKind.NOTE,
        deal=deal,
        subject=_("Заявка с сайта"),
        body=_summary(registration),
    )
    notify(
        user=manager,
        text=_("Новая заявка с сайта «%(site)s»: %(company)s")
        % {"site": registration.site.name, "company": deal.company},
        url=reverse("deals:deal-detail", args=[deal.pk]),
    )


# The manager's actions on the inbox


@transaction.atomic
def web_registration_assign_agent(*, user: User, registration: WebRegistration, agent: User) -> WebRegistration:
    """Bring in an agent for the first contact (seed 002): on the registration and on its deal."""
    from nastavnik.deals.services import deal_update
    from nastavnik.notifications.services import notify

    office_id = registration.site.office_id
    if user.role == Role.AGENT or not can_write_in_office(user, office_id):
        raise PermissionDenied(_("Привлечь агента может менеджер представительства."))
    if agent.role != Role.AGENT or not agent.is_active or agent.office_id != office_id:
        raise ValidationError({"agent": _("Выберите агента этого представительства.")})
    registration.agent = agent
    registration.save(update_fields=["agent"])
    if registration.deal is not None:
        deal_update(user=user, deal=registration.deal, agent=agent)
    notify(
        user=agent,
        text=_("Вас привлекли к первому контакту по заявке с сайта: %(client)s")
        % {"client": registration.company_name or registration.name},
        url=reverse("deals:deal-detail", args=[registration.deal_id]) if registration.deal_id else "",
    )
    return registration
