"""Every write to status update requests: asking an office, answering per client, repeating and overdue checks."""

import calendar
from datetime import date, timedelta

import phonenumbers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.activities.models import Activity
from nastavnik.lib.phone import PhoneError, format_phone, normalize_phone
from nastavnik.mentoring.choices import Recurrence, StatusRequestScope
from nastavnik.mentoring.models import StatusAnswer, StatusRequest
from nastavnik.mentoring.selectors.status_requests import (
    can_answer_status,
    can_request_status,
    companies_in_scope,
    recordings_for_answer,
)
from nastavnik.notifications.services import notify
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, User

MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def next_run_after(day: date, recurrence: str) -> date | None:
    """The day of the next request: a week or a calendar month later (31 January → 28 or 29 February)."""
    if recurrence == Recurrence.WEEKLY:
        return day + timedelta(weeks=1)
    if recurrence == Recurrence.MONTHLY:
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
        return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
    return None


def _office_people(office: Office) -> list[User]:
    """Who answers for the office: the partner owner and the sales managers."""
    people = list(office.staff.filter(is_active=True, role__in=(Role.PARTNER_OWNER, Role.MANAGER)))
    if office.owner and office.owner.is_active and office.owner not in people:
        people.append(office.owner)
    return people


def _request_url(request: StatusRequest) -> str:
    return reverse("mentoring:status-requests-detail", args=[request.pk])


def _open_request(
    *,
    office: Office,
    requested_by: User,
    scope: str,
    note: str,
    due_on: date | None,
    recurrence: str,
    today: date | None = None,
) -> StatusRequest:
    """Create the request with one answer row per client in scope, and tell the office."""
    companies = list(companies_in_scope(office, scope))
    if not companies:
        raise ValidationError({"scope": _("В представительстве нет клиентов в выбранной группе.")})
    request = StatusRequest(
        office=office,
        requested_by=requested_by,
        scope=scope,
        note=note.strip(),
        due_on=due_on,
        recurrence=recurrence,
        next_run_on=next_run_after(today or timezone.localdate(), recurrence),
    )
    request.full_clean()
    request.save()
    StatusAnswer.objects.bulk_create(StatusAnswer(request=request, company=company) for company in companies)
    text = _("Аккаунт-менеджер запросил информацию по клиентам (%(scope)s, %(count)s шт.)") % {
        "scope": request.get_scope_display().lower(),
        "count": len(companies),
    }
    if due_on:
        text += _(" до %(due)s") % {"due": due_on.strftime("%d.%m.%Y")}
    for person in _office_people(office):
        notify(user=person, text=text, url=_request_url(request), email=True)
    return request


@transaction.atomic
def status_request_create(
    *,
    user: User,
    office: Office,
    scope: str,
    note: str = "",
    due_on: date | None = None,
    recurrence: str = Recurrence.NONE,
) -> StatusRequest:
    """The account manager asks an office about its active and/or inactive clients."""
    if not can_request_status(user, office):
        raise PermissionDenied(_("Запрашивать информацию у этого представительства может только его аккаунт-менеджер."))
    errors = {}
    if scope not in StatusRequestScope.values:
        errors["scope"] = _("Выберите, по каким клиентам нужна информация.")
    if recurrence not in Recurrence.values:
        errors["recurrence"] = _("Выберите периодичность из списка.")
    if due_on and due_on < timezone.localdate():
        errors["due_on"] = _("Срок не может быть в прошлом.")
    if errors:
        raise ValidationError(errors)
    return _open_request(office=office, requested_by=user, scope=scope, note=note, due_on=due_on, recurrence=recurrence)


def _clean_mobile(raw: str) -> str:
    try:
        number = normalize_phone(raw)
    except PhoneError:
        raise ValidationError({"mobile_phone": _("Не похоже на номер телефона. Пример: +7 (912) 345-67-89.")}) from None
    if phonenumbers.number_type(phonenumbers.parse(number)) not in MOBILE_TYPES:
        raise ValidationError(
            {
                "mobile_phone": _("Номер %(phone)s не мобильный. Укажите мобильный телефон клиента.")
                % {"phone": format_phone(number)}
            }
        )
    return number


@transaction.atomic
def status_answer_submit(
    *,
    user: User,
    answer: StatusAnswer,
    comment: str,
    mobile_phone: str = "",
    email: str = "",
    recordings: list[Activity] | None = None,
) -> StatusAnswer:
    """The office answers for one client; the request completes when the last answer is in."""
    request = answer.request
    if not can_answer_status(user, request.office_id):
        raise PermissionDenied(_("Отвечать на запрос может только представительство."))
    if request.completed_at is not None:
        raise ValidationError(_("Запрос уже закрыт: все ответы получены."))
    errors: dict[str, str] = {}
    comment = comment.strip()
    if not comment:
        errors["comment"] = _("Опишите текущую ситуацию с клиентом.")
    mobile_phone, email = mobile_phone.strip(), email.strip().lower()
    if not mobile_phone and not email:
        errors["mobile_phone"] = _("Укажите мобильный телефон или e-mail клиента.")
    if mobile_phone:
        try:
            mobile_phone = _clean_mobile(mobile_phone)
        except ValidationError as error:
            errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Введите правильный адрес e-mail, например ivanov@example.ru.")
    recordings = list(recordings or [])
    allowed = set(recordings_for_answer(answer).values_list("pk", flat=True))
    if any(recording.pk not in allowed for recording in recordings):
        errors["recordings"] = _("Прикрепить можно только записи звонков этого клиента.")
    if errors:
        raise ValidationError(errors)
    first_answer = answer.answered_at is None
    answer.comment = comment
    answer.mobile_phone = mobile_phone
    answer.email = email
    answer.answered_by = user
    answer.answered_at = timezone.now()
    answer.save()
    answer.recordings.set(recordings)
    if first_answer:
        notify(
            user=request.requested_by,
            text=_("%(office)s ответило по клиенту %(company)s")
            % {"office": request.office, "company": answer.company},
            url=_request_url(request),
            email=True,
        )
    if not request.answers.filter(answered_at__isnull=True).exists():
        request.completed_at = timezone.now()
        request.save(update_fields=["completed_at"])
        notify(
            user=request.requested_by,
            text=_("%(office)s ответило по всем клиентам запроса") % {"office": request.office},
            url=_request_url(request),
            email=True,
        )
    return answer


@transaction.atomic
def status_request_stop_repeating(*, user: User, request: StatusRequest) -> StatusRequest:
    """Stop a recurring request from creating the next one."""
    if not can_request_status(user, request.office):
        raise PermissionDenied(_("Повтор запроса отключает аккаунт-менеджер представительства."))
    if not request.recurrence:
        raise ValidationError({"recurrence": _("Этот запрос не повторяется.")})
    request.recurrence = Recurrence.NONE
    request.next_run_on = None
    request.save(update_fields=["recurrence", "next_run_on"])
    return request


def status_requests_repeat_due(today: date | None = None) -> int:
    """Background job (daily): send the next request of every recurring one whose day has come."""
    today = today or timezone.localdate()
    created = 0
    due = StatusRequest.objects.filter(next_run_on__lte=today).exclude(recurrence="").select_related("office")
    for previous in due:
        with transaction.atomic():
            # The chain moves to the new request; the old one stops repeating either way.
            StatusRequest.objects.filter(pk=previous.pk).update(next_run_on=None)
            office = previous.office
            due_on = None
            if previous.due_on:
                due_on = today + (previous.due_on - timezone.localdate(previous.created_at))
            try:
                request = _open_request(
                    office=office,
                    requested_by=office.account_manager or previous.requested_by,
                    scope=previous.scope,
                    note=previous.note,
                    due_on=due_on,
                    recurrence=previous.recurrence,
                    today=today,
                )
            except ValidationError:
                # No clients in scope this time: try again next period.
                StatusRequest.objects.filter(pk=previous.pk).update(
                    next_run_on=next_run_after(today, previous.recurrence)
                )
                continue
            request.repeated_from = previous
            request.save(update_fields=["repeated_from"])
            created += 1
    return created


def status_requests_notify_overdue(today: date | None = None) -> int:
    """Background job (daily): tell the office and the account manager once when a request is past its due date."""
    today = today or timezone.localdate()
    overdue = StatusRequest.objects.filter(
        completed_at__isnull=True, overdue_notified_at__isnull=True, due_on__lt=today
    ).select_related("office", "office__owner", "requested_by")
    count = 0
    for request in overdue:
        with transaction.atomic():
            missing = request.answers.filter(answered_at__isnull=True).count()
            text = _("Просрочен запрос информации от %(created)s (%(office)s): нет ответа по %(missing)s клиентам") % {
                "created": timezone.localtime(request.created_at).strftime("%d.%m.%Y"),
                "office": request.office,
                "missing": missing,
            }
            recipients = [request.requested_by, *_office_people(request.office)]
            for person in dict.fromkeys(recipients):
                notify(user=person, text=text, url=_request_url(request), email=True)
            StatusRequest.objects.filter(pk=request.pk).update(overdue_notified_at=timezone.now())
            count += 1
    return count
