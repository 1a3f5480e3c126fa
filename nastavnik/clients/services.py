"""Every write to companies and contacts goes through here (forms, API, imports, admin)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from nastavnik.clients.models import Company, Contact, ContactEmail, ContactPhone, Tag
from nastavnik.lib.phone import split_extension
from nastavnik.offices.models import Office, User
from nastavnik.offices.services import ensure_can_write_in_office
from nastavnik.offices.validators import clean_phone


def _office_for_new_record(user: User, office: Office | None) -> Office:
    office = office or user.office
    if office is None:
        raise ValidationError({"office": _("Выберите представительство.")})
    ensure_can_write_in_office(user, office.pk)
    return office


def _check_tags(office: Office, tags: Iterable[Tag]) -> list[Tag]:
    tags = list(tags)
    if any(tag.office_id != office.pk for tag in tags):
        raise ValidationError({"tags": _("Нельзя использовать тег другого представительства.")})
    return tags


def _check_responsible(office: Office, responsible: User | None) -> None:
    if responsible is not None and responsible.office_id != office.pk:
        raise ValidationError({"responsible": _("Ответственный должен работать в представительстве компании.")})


@transaction.atomic
def company_create(*, user: User, office: Office | None = None, tags: Iterable[Tag] = (), **fields: Any) -> Company:
    office = _office_for_new_record(user, office)
    fields.setdefault("responsible", user if user.office_id == office.pk else None)
    _check_responsible(office, fields.get("responsible"))
    checked_tags = _check_tags(office, tags)
    company = Company(office=office, **fields)
    company.full_clean()
    company.save()
    company.tags.set(checked_tags)
    return company


@transaction.atomic
def company_update(*, user: User, company: Company, tags: Iterable[Tag] | None = None, **fields: Any) -> Company:
    ensure_can_write_in_office(user, company.office_id)
    fields.pop("office", None)  # a company moves between offices only through a hand-over
    for name, value in fields.items():
        setattr(company, name, value)
    _check_responsible(company.office, company.responsible)
    company.full_clean()
    company.save()
    if tags is not None:
        company.tags.set(_check_tags(company.office, tags))
    return company


def clean_phones(raw_phones: Sequence[str]) -> list[tuple[str, str]]:
    """Each written phone → (E.164, extension); all bad ones are reported at once."""
    result, errors = [], []
    for raw in raw_phones:
        if not raw or not raw.strip():
            continue
        number, extension = split_extension(raw)
        try:
            result.append((clean_phone(number), extension))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"phones": errors})
    return result


def clean_emails(raw_emails: Sequence[str]) -> list[str]:
    result, errors = [], []
    for raw in raw_emails:
        email = (raw or "").strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("Неверный e-mail «%(value)s».") % {"value": raw.strip()})
        else:
            result.append(email)
    if errors:
        raise ValidationError({"emails": errors})
    return result


def _validate_contact(
    contact: Contact, phones: Sequence[str] | None, emails: Sequence[str] | None
) -> tuple[list[tuple[str, str]] | None, list[str] | None]:
    """Check the contact and its phones and e-mails together, so every mistake is reported at once."""
    errors: dict[str, list[str]] = {}
    phone_list = email_list = None
    try:
        contact.full_clean(exclude=["company"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if phones is not None:
        try:
            phone_list = clean_phones(phones)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if emails is not None:
        try:
            email_list = clean_emails(emails)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return phone_list, email_list


def _replace_channels(contact: Contact, phones: list[tuple[str, str]] | None, emails: list[str] | None) -> None:
    """Store the given phones and e-mails in place of the old ones; None leaves them as they are."""
    if phones is not None:
        contact.phones.all().delete()
        ContactPhone.objects.bulk_create(
            [ContactPhone(contact=contact, number=n, extension=e) for n, e in dict.fromkeys(phones)]
        )
    if emails is not None:
        contact.emails.all().delete()
        ContactEmail.objects.bulk_create([ContactEmail(contact=contact, email=e) for e in dict.fromkeys(emails)])


@transaction.atomic
def contact_create(
    *, user: User, company: Company, phones: Sequence[str] = (), emails: Sequence[str] = (), **fields: Any
) -> Contact:
    ensure_can_write_in_office(user, company.office_id)
    contact = Contact(company=company, **fields)
    phone_list, email_list = _validate_contact(contact, phones, emails)
    contact.save()
    _replace_channels(contact, phone_list or [], email_list or [])
    return contact


@transaction.atomic
def contact_update(
    *,
    user: User,
    contact: Contact,
    phones: Sequence[str] | None = None,
    emails: Sequence[str] | None = None,
    **fields: Any,
) -> Contact:
    ensure_can_write_in_office(user, contact.company.office_id)
    fields.pop("company", None)
    for name, value in fields.items():
        setattr(contact, name, value)
    phone_list, email_list = _validate_contact(contact, phones, emails)
    contact.save()
    _replace_channels(contact, phone_list, email_list)
    return contact


@transaction.atomic
def tag_create(*, user: User, office: Office, name: str, color: str = "secondary") -> Tag:
    ensure_can_write_in_office(user, office.pk)
    tag = Tag(office=office, name=name.strip(), color=color)
    tag.full_clean()
    tag.save()
    return tag
