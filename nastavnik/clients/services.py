"""Every write to companies and contacts goes through here (forms, API, imports, admin)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from nastavnik.clients.claims import ensure_not_claimed_elsewhere
from nastavnik.clients.duplicates import company_keys_refresh
from nastavnik.clients.models import Company, Contact, ContactEmail, ContactPhone, Tag
from nastavnik.clients.selectors import companies_for, company_merge_preview
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
    ensure_not_claimed_elsewhere(office=office, website=company.website, inn=company.inn)
    company.save()
    company.tags.set(checked_tags)
    company_keys_refresh([company.pk])
    return company


@transaction.atomic
def company_update(*, user: User, company: Company, tags: Iterable[Tag] | None = None, **fields: Any) -> Company:
    ensure_can_write_in_office(user, company.office_id)
    fields.pop("office", None)  # a company moves between offices only through a hand-over
    # Read from the database: a bound model form has already written the new values into the instance.
    old_website, old_inn = Company.objects.values_list("website", "inn").get(pk=company.pk)
    for name, value in fields.items():
        setattr(company, name, value)
    _check_responsible(company.office, company.responsible)
    company.full_clean()
    if (company.website, company.inn) != (old_website, old_inn):
        ensure_not_claimed_elsewhere(
            office=company.office,
            website=company.website if company.website != old_website else "",
            inn=company.inn if company.inn != old_inn else "",
            exclude_company_id=company.pk,
        )
    company.save()
    if tags is not None:
        company.tags.set(_check_tags(company.office, tags))
    company_keys_refresh([company.pk])
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


def validate_contact(
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
    phone_list, email_list = validate_contact(contact, phones, emails)
    contact.save()
    _replace_channels(contact, phone_list or [], email_list or [])
    company_keys_refresh([company.pk])
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
    phone_list, email_list = validate_contact(contact, phones, emails)
    contact.save()
    _replace_channels(contact, phone_list, email_list)
    company_keys_refresh([contact.company_id])
    return contact


@transaction.atomic
def tag_create(*, user: User, office: Office, name: str, color: str = "secondary") -> Tag:
    ensure_can_write_in_office(user, office.pk)
    tag = Tag(office=office, name=name.strip(), color=color)
    tag.full_clean()
    tag.save()
    return tag


def _repoint_company_references(source: Company, target: Company) -> None:
    """Every row that points at `source` (contacts, deals, timeline, money, intake, history) now points at `target`."""
    for relation in Company._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        related_model = relation.related_model
        field_name = relation.field.name  # type: ignore[union-attr]
        if relation.one_to_many and not related_model._meta.auto_created:  # type: ignore[union-attr]
            related_model._base_manager.filter(**{field_name: source}).update(**{field_name: target})  # type: ignore[union-attr]
        elif relation.many_to_many and relation.through._meta.auto_created:  # type: ignore[union-attr]
            for obj in related_model._base_manager.filter(**{field_name: source}):  # type: ignore[union-attr]
                getattr(obj, field_name).add(target)


@transaction.atomic
def company_merge(*, user: User, target: Company, source: Company) -> Company:
    """Fold `source` into `target`: everything attached to it moves, empty fields are filled, `source` is deleted."""
    if target.pk == source.pk:
        raise ValidationError({"source": _("Выберите другую компанию: нельзя объединить компанию саму с собой.")})
    if companies_for(user).filter(pk__in=[target.pk, source.pk]).count() != 2:
        raise PermissionDenied(_("У вас нет доступа к одной из компаний."))
    locked = Company.objects.select_for_update().in_bulk([target.pk, source.pk])
    target, source = locked[target.pk], locked[source.pk]
    ensure_can_write_in_office(user, target.office_id)
    ensure_can_write_in_office(user, source.office_id)
    if target.office_id != source.office_id:
        raise ValidationError({"source": _("Объединить можно только компании одного представительства.")})
    preview = company_merge_preview(target=target, source=source)
    target_tags = list(target.tags.all())
    source_tags = list(source.tags.all())
    _repoint_company_references(source, target)
    target.tags.set([*target_tags, *source_tags])
    for name, value in preview.fills.items():
        setattr(target, name, value)
    if source.notes.strip():
        target.notes = f"{target.notes.rstrip()}\n\n{source.notes.strip()}".strip()
    target.office_since = min(target.office_since, source.office_since)
    target.full_clean()
    target._change_reason = _("Объединена с «%(name)s» (№ %(id)s)") % {  # type: ignore[attr-defined]
        "name": source.display_name,
        "id": source.pk,
    }
    target.save()
    source._change_reason = _("Объединена с «%(name)s» (№ %(id)s)") % {  # type: ignore[attr-defined]
        "name": target.display_name,
        "id": target.pk,
    }
    source.delete()
    company_keys_refresh([target.pk])
    return target
