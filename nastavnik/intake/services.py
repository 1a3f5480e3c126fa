"""Every write of the client intake."""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from nastavnik.activities.choices import ActivityKind, CallDirection
from nastavnik.activities.models import Activity
from nastavnik.activities.validators import validate_recording
from nastavnik.clients.choices import LeadSource
from nastavnik.clients.models import Company
from nastavnik.deals.models import Deal
from nastavnik.intake import routing, selectors
from nastavnik.intake.choices import CallCardStatus, TelephonyOutcome
from nastavnik.intake.models import DutyShift, IncomingCallCard, TelephonyCall
from nastavnik.lib.phone import PhoneError, format_phone, normalize_phone
from nastavnik.offices.choices import OfficeKind, Role
from nastavnik.offices.models import Office, User
from nastavnik.offices.selectors import has_full_access

# ---------------------------------------------------------------------------
# Duty roster, incoming-call cards and telephony
# ---------------------------------------------------------------------------


def can_edit_roster(user: User) -> bool:
    """The head of sales (and an admin) makes the duty roster."""
    return has_full_access(user)


@transaction.atomic
def duty_roster_save(*, user: User, month: date, assignments: dict[date, User | None]) -> list[DutyShift]:
    """Save a month of the roster at once: a manager per day, None clears the day."""
    if not can_edit_roster(user):
        raise PermissionDenied(_("График дежурств составляет руководитель отдела продаж."))
    month = month.replace(day=1)
    allowed = set(routing.hq_managers().values_list("pk", flat=True))
    errors = []
    for day, manager in assignments.items():
        if (day.year, day.month) != (month.year, month.month):
            errors.append(_("%(day)s не относится к выбранному месяцу.") % {"day": f"{day:%d.%m.%Y}"})
        elif manager is not None and manager.pk not in allowed:
            errors.append(
                _("%(day)s: %(name)s не менеджер центрального офиса.") % {"day": f"{day:%d.%m.%Y}", "name": manager}
            )
    if errors:
        raise ValidationError({"assignments": errors})
    DutyShift.objects.filter(date__in=[day for day, manager in assignments.items() if manager is None]).delete()
    saved = []
    for day, manager in sorted(assignments.items(), key=lambda item: item[0]):
        if manager is not None:
            shift, _created = DutyShift.objects.update_or_create(date=day, defaults={"manager": manager})
            saved.append(shift)
    return saved


CARD_FIELDS = ("phone", "question", "materials_email", "recipient_name", "organisation", "industry", "heard_from")
CARD_MATCH_FIELDS = ("phone", "materials_email", "organisation")


def _ensure_card_writer(user: User, card: IncomingCallCard) -> None:
    if user.pk not in (card.manager_id, card.transferred_to_id) and not has_full_access(user):
        raise PermissionDenied(_("Это карточка звонка другого менеджера."))


def call_card_url(card: IncomingCallCard) -> str:
    return reverse("intake:call-detail", args=[card.pk])


def _link_known_client(user: User, card: IncomingCallCard) -> None:
    """Link the card to the client the phone, e-mail or organisation points to (among companies the user sees)."""
    known = selectors.known_caller(user, phone=card.phone, email=card.materials_email, organisation=card.organisation)
    card.company = known.company if known else None


@transaction.atomic
def call_card_open(*, user: User, phone: str = "", started_at: datetime | None = None) -> IncomingCallCard:
    """A new card at the start of a call; a known caller's company is linked straight away."""
    try:
        phone = normalize_phone(phone)
    except PhoneError:
        phone = phone.strip()[:40]
    card = IncomingCallCard(manager=user, started_at=started_at or timezone.now(), phone=phone)
    if card.phone:
        _link_known_client(user, card)
    card.save()
    return card


@transaction.atomic
def call_card_save(*, user: User, card: IncomingCallCard, fields: dict[str, str]) -> IncomingCallCard:
    """Autosave while the manager types: the given fields only, nothing checked until the call is finished."""
    _ensure_card_writer(user, card)
    unknown = set(fields) - set(CARD_FIELDS)
    if unknown or not fields:
        raise ValidationError(_("Такого поля в карточке звонка нет."))
    if card.status == CallCardStatus.DONE:
        raise ValidationError(_("Карточка уже завершена, изменения не сохранены."))
    changed = []
    for field, raw in fields.items():
        max_length = getattr(IncomingCallCard._meta.get_field(field), "max_length", None)
        value = (raw or "").strip()
        value = value[:max_length] if max_length else value
        if getattr(card, field) != value:
            setattr(card, field, value)
            changed.append(field)
    if set(changed) & set(CARD_MATCH_FIELDS):
        _link_known_client(user, card)
        changed.append("company")
    card.save(update_fields=[*changed, "updated_at"])
    return card


@transaction.atomic
def call_card_transfer(*, user: User, card: IncomingCallCard, to: User) -> IncomingCallCard:
    """Put the caller through to whoever worked with them before, and tell that person where the card is."""
    _ensure_card_writer(user, card)
    if card.status == CallCardStatus.DONE:
        raise ValidationError({"transferred_to": _("Карточка уже завершена.")})
    if not to.is_active:
        raise ValidationError({"transferred_to": _("Сотрудник не работает в системе.")})
    card.transferred_to = to
    card.status = CallCardStatus.TRANSFERRED
    card.save(update_fields=["transferred_to", "status", "updated_at"])
    who = card.organisation or (card.company.name if card.company else "") or format_phone(card.phone) or card.phone
    notify_user(
        user=to,
        text=_("%(manager)s переводит на вас звонок: %(who)s") % {"manager": user, "who": who},
        url=call_card_url(card),
    )
    return card


def notify_user(*, user: User, text: str, url: str = "", email: bool = False) -> None:
    from nastavnik.notifications.services import notify

    notify(user=user, text=text, url=url, email=email)


def _name_parts(name: str) -> dict[str, str]:
    """«Иванов Иван Петрович» or «Иван Иванов» → surname, first name, patronymic."""
    parts = name.split()
    if len(parts) == 2:
        return {"surname": parts[1], "first_name": parts[0]}
    keys = ("surname", "first_name", "patronymic")
    return {key: part for key, part in zip(keys, [*parts[:2], " ".join(parts[2:])], strict=False) if part}


def _card_summary(card: IncomingCallCard) -> str:
    lines = [
        (_("Вопрос клиента"), card.question),
        (_("Материалы на e-mail"), card.materials_email),
        (_("На чьё имя"), card.recipient_name),
        (_("Сфера деятельности"), card.industry),
        (_("Откуда узнали о нас"), card.heard_from),
    ]
    return "\n".join(f"{label}: {value}" for label, value in lines if value)


def _card_duration(card: IncomingCallCard) -> int:
    return max(0, int((timezone.now() - card.started_at).total_seconds()))


@transaction.atomic
def call_card_finish(*, user: User, card: IncomingCallCard) -> IncomingCallCard:
    """End the call: a call is logged on the known client, or a new company, contact and deal are opened."""
    from nastavnik.activities.services import activity_create
    from nastavnik.clients.services import company_create, contact_create
    from nastavnik.deals.services import deal_create

    _ensure_card_writer(user, card)
    if card.status == CallCardStatus.DONE:
        return card
    company = card.company
    deal = None
    if company is None:
        errors: dict[str, str] = {}
        if not card.organisation:
            errors["organisation"] = _("Укажите организацию: без неё клиента не завести.")
        if (card.phone or card.materials_email) and not card.recipient_name:
            errors["recipient_name"] = _("Укажите, на чьё имя выслать материалы: это контактное лицо.")
        if errors:
            raise ValidationError(errors)
        office = user.office or Office.objects.get(kind=OfficeKind.HEADQUARTERS, code="hq")
        company = company_create(
            user=user,
            office=office,
            name=card.organisation,
            industry=card.industry,
            source=LeadSource.INCOMING_CALL,
            responsible=user if user.office_id == office.pk else None,
            notes=_card_summary(card),
        )
        contact = None
        if card.recipient_name:
            contact = contact_create(
                user=user,
                company=company,
                phones=[card.phone] if card.phone else [],
                emails=[card.materials_email] if card.materials_email else [],
                **_name_parts(card.recipient_name),
            )
        deal = deal_create(
            user=user,
            company=company,
            contact=contact,
            title=_("Входящий звонок %(date)s") % {"date": f"{timezone.localdate():%d.%m.%Y}"},
            source=LeadSource.INCOMING_CALL,
            owner=user if user.office_id == office.pk else None,
        )
    else:
        deal = Deal.objects.filter(company=company, closed_at__isnull=True).order_by("-opened_at").first()
    activity_create(
        user=user,
        company=company,
        kind=ActivityKind.CALL,
        deal=deal if deal is not None and _can_log_on(user, deal) else None,
        direction=CallDirection.INCOMING,
        duration_seconds=_card_duration(card),
        occurred_at=card.started_at,
        subject=_("Входящий звонок"),
        body=_card_summary(card),
    )
    _attach_unknown_calls(user=user, card=card, company=company)
    card.company = company
    card.deal = deal if deal is not None and deal.company_id == company.pk else None
    card.status = CallCardStatus.DONE
    card.save(update_fields=["company", "deal", "status", "updated_at"])
    return card


def _can_log_on(user: User, deal: Deal) -> bool:
    from nastavnik.deals.selectors import can_edit_deal

    return can_edit_deal(user, deal)


def _attach_unknown_calls(*, user: User, card: IncomingCallCard, company: Company) -> None:
    """Calls the PBX logged from this number before anyone knew the caller now join the new client."""
    from nastavnik.activities.services import activity_create

    if not card.phone:
        return
    try:
        full, _local = selectors.caller_phone(card.phone)
    except selectors.PhoneInputError:
        return
    pending = TelephonyCall.objects.select_for_update().filter(
        caller=full or card.phone, outcome=TelephonyOutcome.UNKNOWN_CALLER, company__isnull=True
    )
    for call in pending:
        call.activity = activity_create(
            user=user,
            company=company,
            kind=ActivityKind.CALL,
            direction=CallDirection.INCOMING,
            duration_seconds=call.duration_seconds,
            occurred_at=call.started_at,
            subject=_("Входящий звонок (АТС)"),
            body=_("Запись: %(url)s") % {"url": call.recording_url} if call.recording_url else "",
        )
        call.company = company
        call.save(update_fields=["activity", "company"])


# Telephony (the PBX): who takes a call, and the log of finished calls


@dataclass
class CallRoute:
    user: User | None
    reason: str  # open_deal_owner | duty_manager | none
    company: Company | None


def telephony_route(*, caller: str, day: date | None = None) -> CallRoute:
    """The owner of the caller's open deal when present, else the duty manager of the day (Moscow)."""
    day = day or routing.today()
    companies = selectors.companies_for_caller(caller)
    company = companies[0] if companies else None
    if company is not None:
        owner = routing.open_deal_owner(company)
        if routing.is_available(owner, day):
            return CallRoute(owner, "open_deal_owner", company)
    duty = routing.duty_manager_on(day)
    if duty is not None:
        return CallRoute(duty, "duty_manager", company)
    return CallRoute(None, "none", company)


def ensure_telephony_access(user: User) -> None:
    if not has_full_access(user):
        raise PermissionDenied(_("Телефония доступна только системной учётной записи (администратор)."))


def find_addressee(called: str | int | None) -> User | None:
    """The person the caller asked for: a user id or an e-mail; ValidationError when nobody matches."""
    text = str(called or "").strip()
    if not text:
        return None
    lookup = {"pk": int(text)} if text.isdigit() else {"email__iexact": text}
    user = User.objects.filter(is_active=True, **lookup).first()
    if user is None:
        raise ValidationError({"called": _("Сотрудник «%(value)s» не найден.") % {"value": text}})
    return user


def _store_unknown_recording(call_id: str, recording: UploadedFile) -> str:
    """Keep a recording of a caller nobody knows yet; it joins the client once the duty manager enters them."""
    extension = Path(recording.name or "").suffix.lower()
    name = default_storage.save(f"recordings/telephony/{get_valid_filename(call_id)}{extension}", recording)
    return settings.SITE_URL.rstrip("/") + "/" + settings.MEDIA_URL.strip("/") + "/" + name


def _heads() -> list[User]:
    return list(User.objects.filter(role__in=[Role.HEAD, Role.ADMIN], is_active=True))


def telephony_call_log(
    *,
    user: User,
    call_id: str,
    caller: str,
    started_at: datetime,
    duration: int,
    called: str | int | None = None,
    recording_url: str = "",
    recording: UploadedFile | None = None,
) -> tuple[TelephonyCall, bool]:
    """Log a finished call once per PBX call id: (the call, whether it is new); a repeat changes nothing."""
    ensure_telephony_access(user)
    call_id = (call_id or "").strip()
    existing = TelephonyCall.objects.filter(pbx_call_id=call_id).first()
    if existing is not None:
        return existing, False
    errors: dict[str, list[str]] = {}
    if not call_id:
        errors["call_id"] = [_("Обязательное поле.")]
    try:
        full, _local = selectors.caller_phone(caller)
    except selectors.PhoneInputError as exc:
        errors["caller"] = [str(exc)]
        full = None
    addressee = None
    try:
        addressee = find_addressee(called)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if recording is not None:
        try:
            validate_recording(recording)
        except ValidationError as exc:
            errors["recording"] = exc.messages
    if duration < 0:
        errors["duration"] = [_("Длительность не может быть отрицательной.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return _log_new_call(
                user=user,
                call_id=call_id,
                caller=full or caller.strip(),
                started_at=started_at,
                duration=duration,
                addressee=addressee,
                recording_url=recording_url,
                recording=recording,
            ), True
    except IntegrityError:
        # The PBX sent the same call twice at once: the other request saved it.
        return TelephonyCall.objects.get(pbx_call_id=call_id), False


def _log_new_call(
    *,
    user: User,
    call_id: str,
    caller: str,
    started_at: datetime,
    duration: int,
    addressee: User | None,
    recording_url: str,
    recording: UploadedFile | None,
) -> TelephonyCall:
    from nastavnik.activities.services import activity_create

    day = timezone.localdate(started_at)
    # The call id is claimed first, so a concurrent repeat fails here before anything else is written.
    call = TelephonyCall.objects.create(
        pbx_call_id=call_id,
        caller=caller,
        called_user=addressee,
        started_at=started_at,
        duration_seconds=duration,
        recording_url=recording_url,
        outcome=TelephonyOutcome.UNKNOWN_CALLER,
    )
    route = telephony_route(caller=caller, day=day)
    routed = route.user
    if addressee is not None:
        routed = addressee if routing.is_available(addressee, day) else routing.duty_manager_on(day)
    call.routed_to = routed
    caller_display = format_phone(caller) or caller
    if addressee is not None and routed != addressee:
        notify_user(
            user=addressee,
            text=_("Вам звонили с %(phone)s, пока вас не было; звонок принял %(duty)s.")
            % {"phone": caller_display, "duty": routed or _("никто: дежурного нет")},
        )
    if route.company is not None:
        company = route.company
        deal = Deal.objects.filter(company=company, closed_at__isnull=True).order_by("-opened_at").first()
        activity: Activity = activity_create(
            user=user,
            company=company,
            kind=ActivityKind.CALL,
            deal=deal,
            author=routed or user,
            direction=CallDirection.INCOMING,
            duration_seconds=duration,
            occurred_at=started_at,
            subject=_("Входящий звонок (АТС)"),
            body=_("Запись: %(url)s") % {"url": recording_url} if recording_url else "",
            **({"recording": recording} if recording is not None else {}),
        )
        call.company, call.activity, call.outcome = company, activity, TelephonyOutcome.ATTACHED
    else:
        if recording is not None:
            call.recording_url = _store_unknown_recording(call_id, recording)
        if routed is not None:
            card = IncomingCallCard.objects.create(manager=routed, started_at=started_at, phone=caller)
            notify_user(
                user=routed,
                text=_("Звонок с незнакомого номера %(phone)s: внесите клиента в карточку звонка.")
                % {"phone": caller_display},
                url=call_card_url(card),
            )
        else:
            for head in _heads():
                notify_user(
                    user=head,
                    text=_("Звонок с незнакомого номера %(phone)s некому передать: нет дежурного менеджера.")
                    % {"phone": caller_display},
                    url=reverse("intake:roster"),
                )
    call.save()
    return call


def telephony_call_card(call: TelephonyCall) -> IncomingCallCard | None:
    """The card opened for an unknown caller's call (for the API answer)."""
    if call.outcome != TelephonyOutcome.UNKNOWN_CALLER or call.routed_to_id is None:
        return None
    return (
        IncomingCallCard.objects.filter(manager_id=call.routed_to_id, phone=call.caller, started_at=call.started_at)
        .order_by("-pk")
        .first()
    )
